using Consortium.Dispatch.Coordination;
using Consortium.Dispatch.Exact;

namespace Consortium.Network.Dispatch;

/// <summary>
/// What an operator node does when the dispatch coordinator calls it. The node implements this with its fleet and its
/// chain key; <see cref="DispatchParticipantService"/> exposes it over gRPC after checking every message's shape.
/// Throw <see cref="ArgumentException"/> for a request that is wrong in itself and <see cref="InvalidOperationException"/>
/// for one that does not fit the event's state (unknown event, wrong phase, ledger refusal).
/// </summary>
public interface IDispatchParticipantHandler
{
    /// <summary>
    /// The fleet's aggregate profiles over a horizon, before any event is opened; or, when the operator has nothing to
    /// dispatch, a <see cref="FleetOffer.Declining"/> offer that says why.
    /// </summary>
    Task<FleetOffer> SurveyAsync(int horizonSteps, double stepMinutes, CancellationToken cancellationToken);

    /// <summary>
    /// Takes part in an event after checking it on chain; an operator that surveyed as declining declines the event on
    /// chain with its own key instead and returns the recorded decline.
    /// </summary>
    Task<DispatchParticipation> JoinAsync(DispatchTerms terms, CancellationToken cancellationToken);

    /// <summary>The ADMM x-update for one iteration of a joined event.</summary>
    Task<double[]> ProposeAsync(ulong eventId, int iteration, double[] signalKw, double rho, CancellationToken cancellationToken);

    /// <summary>Starts (or restarts) a step-by-step clearing of a joined event: every vehicle back to its arrival state.</summary>
    Task BeginClearingAsync(ulong eventId, CancellationToken cancellationToken);

    /// <summary>
    /// The fleet's offer for <paramref name="step"/>, which must be the clearing's next step (0 after
    /// <see cref="BeginClearingAsync"/>, then one past the last step committed).
    /// </summary>
    Task<StepOffer> OfferAsync(ulong eventId, int step, CancellationToken cancellationToken);

    /// <summary>
    /// Splits <paramref name="powerKw"/> over the vehicles at <paramref name="step"/>, the step just offered, and returns
    /// what they really draw; after the last step the setpoints are the operator's allocation.
    /// </summary>
    Task<double> CommitStepAsync(ulong eventId, int step, double powerKw, double extraChargeKw, CancellationToken cancellationToken);

    /// <summary>
    /// Once the clearing is complete and before the commit: remembers the setpoints held now, or goes back to the ones
    /// last remembered (<paramref name="restore"/>); declines when the fleet is too large to re-plan exactly.
    /// </summary>
    Task<FleetRefinement> CheckpointAsync(ulong eventId, bool restore, CancellationToken cancellationToken);

    /// <summary>
    /// Once the clearing is complete and before the commit: re-plans the fleet exactly against <paramref name="needKw"/> (the
    /// target minus the other operators' aggregate, or an ADMM signal), the deviation priced in pieces of
    /// <paramref name="segmentKw"/> (the first) at <paramref name="slopes"/>, each piece <paramref name="growth"/> times as
    /// wide as the one before, plus <paramref name="pricesKw"/> (when given, one per step) on the signed deviation; or
    /// declines when the fleet is too large to solve exactly.
    /// </summary>
    Task<FleetRefinement> RefineAsync(
        ulong eventId, double[] needKw, double segmentKw, double[] slopes, double growth, double[]? pricesKw, CancellationToken cancellationToken);

    /// <summary>
    /// Once the clearing is complete and before the commit: starts a dispatch by prices (<see cref="IPricedFleet.BeginPricingAsync"/>),
    /// or returns null to keep the cleared setpoints. A participant that does not price declines.
    /// </summary>
    Task<PricingBasis?> BeginPricingAsync(ulong eventId, int arrivalGroups, CancellationToken cancellationToken) =>
        Task.FromResult<PricingBasis?>(null);

    /// <summary>Answers one price of a begun pricing (<see cref="IPricedFleet.PriceAsync"/>).</summary>
    Task<PriceAnswer> PriceAsync(ulong eventId, double[] priceKw, CancellationToken cancellationToken) =>
        throw new InvalidOperationException($"Event {eventId}: this participant does not answer prices (it declined the pricing).");

    /// <summary>Sets the fleet to the coordinator's mix of its answers (<see cref="IPricedFleet.RealizePricesAsync"/>).</summary>
    Task<FleetRefinement> RealizePricesAsync(ulong eventId, IReadOnlyList<PriceWeight> mix, CancellationToken cancellationToken) =>
        throw new InvalidOperationException($"Event {eventId}: this participant does not answer prices (it declined the pricing).");

    /// <summary>
    /// Intraday, instead of the clearing: begins step <paramref name="step"/> (0, then one past the last committed) of a
    /// joined event; the pricing that follows is of the operator's day from it, with the vehicles plugged in now and the
    /// arrivals it forecasts. Returns how many vehicles are plugged in.
    /// </summary>
    Task<int> BeginStepAsync(ulong eventId, int step, CancellationToken cancellationToken) =>
        throw new InvalidOperationException($"Event {eventId}: this participant does not dispatch intraday.");

    /// <summary>
    /// Commits the first step of the mix last realized for the vehicles really plugged in at <paramref name="step"/>, the
    /// step begun, and returns what they draw, kW. After the last step the committed setpoints are the allocation.
    /// </summary>
    Task<double> CommitPlannedStepAsync(ulong eventId, int step, CancellationToken cancellationToken) =>
        throw new InvalidOperationException($"Event {eventId}: this participant does not dispatch intraday.");

    /// <summary>Once the clearing is complete: what the allocation adds up to per step, and the operator's own replay of it.</summary>
    Task<FleetRealization> ReportAsync(ulong eventId, CancellationToken cancellationToken);

    /// <summary>Commits the completed clearing's salted setpoint hash on chain.</summary>
    Task<AllocationCommitment> CommitAsync(ulong eventId, CancellationToken cancellationToken);

    /// <summary>Meters the committed allocation and reports the delivery's hash on chain.</summary>
    Task<MeteredDelivery> DeliverAsync(ulong eventId, CancellationToken cancellationToken);
}
