using Consortium.Dispatch.Exact;

namespace Consortium.Dispatch.Coordination;

/// <summary>
/// One operator as the dispatch coordinator sees it: something that answers a per-step power signal with its fleet's
/// aggregate profile. Only aggregate profiles (one number per step) cross this boundary; the vehicles stay with the
/// operator. <see cref="LocalFleetOperator"/> serves a fleet in this process; the gRPC client serves an operator node.
/// </summary>
public interface IFleetOperator : IPricedFleet
{
    /// <summary>A name for reports and errors (the operator's name or address).</summary>

    /// <summary>
    /// The ADMM x-update: the aggregate profile of the operator's fleet that minimises its own cost (wear) plus
    /// (ρ/2)‖aggregate − signal‖², over its fleet's aggregate envelope (per-step power bounds and cumulative energy
    /// bounds; the cost does not grow with the vehicle count). Written into <paramref name="aggregateKw"/>.
    /// </summary>
    /// <param name="signalKw">The coordinator's signal for this operator, one value per step, in kW.</param>
    /// <param name="rho">The ADMM penalty ρ (per kW² per step, in the cost's units).</param>
    /// <param name="aggregateKw">Receives the proposed aggregate, one value per step, in kW.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask ProposeAsync(ReadOnlyMemory<double> signalKw, double rho, Memory<double> aggregateKw, CancellationToken cancellationToken);

    /// <summary>Starts a step-by-step clearing: every vehicle back to its arrival state, no setpoint committed.</summary>
    ValueTask BeginClearingAsync(CancellationToken cancellationToken);

    /// <summary>The fleet's aggregate offer for step <paramref name="step"/>, given the setpoints committed so far.</summary>
    ValueTask<StepOffer> OfferAsync(int step, CancellationToken cancellationToken);

    /// <summary>
    /// Commits the fleet's power at step <paramref name="step"/> (split over its vehicles by the operator) and returns
    /// what the vehicles really draw. After the last step the setpoints are the operator's allocation.
    /// <paramref name="extraChargeKw"/>: when the fleet draws, how much of the power may charge past needs; when it exports,
    /// how much to charge the most urgent vehicles ahead of their deadlines, exporting that much more.
    /// </summary>
    ValueTask<double> CommitStepAsync(int step, double powerKw, double extraChargeKw, CancellationToken cancellationToken);

    /// <summary>
    /// Around the re-plans after the clearing: remembers the setpoints held now (<paramref name="restore"/> false) or goes
    /// back to the ones last remembered (true), and writes the aggregate of the setpoints then held.
    /// </summary>
    /// <returns>The operator's own cost (wear plus shortfall) of those setpoints, or null when its fleet is too large to
    /// re-plan exactly and it takes no part.</returns>
    ValueTask<double?> CheckpointAsync(bool restore, Memory<double> aggregateKw, CancellationToken cancellationToken);

    /// <summary>
    /// After the clearing, re-plans the fleet exactly against what the consortium needs from it with every other
    /// operator's allocation held fixed (the target minus their aggregate): one linear programme over the operator's own
    /// vehicles minimising its wear and shortfall plus <paramref name="deviation"/> on aggregate − need (the exact
    /// penalty, a smoothed one, or ADMM's proximal term). The operator keeps the new setpoints when their replay meets
    /// every hard constraint and writes their aggregate. Operators whose fleets are too large to solve exactly decline.
    /// </summary>
    /// <param name="needKw">The target minus the other operators' aggregate, one value per step, in kW.</param>
    /// <param name="deviation">How the deviation from <paramref name="needKw"/> is priced.</param>
    /// <param name="aggregateKw">Receives the fleet's aggregate, one value per step, in kW.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The operator's own cost (wear plus shortfall) of its setpoints, or null when it declines (and keeps them).</returns>
    ValueTask<double?> RefineAsync(ReadOnlyMemory<double> needKw, DeviationPricing deviation, Memory<double> aggregateKw, CancellationToken cancellationToken);
}
