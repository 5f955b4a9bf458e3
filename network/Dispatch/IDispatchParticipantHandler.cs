namespace Consortium.Network.Dispatch;

/// <summary>
/// What an operator node does when the dispatch coordinator calls it. The node implements this with its fleet and its
/// chain key; <see cref="DispatchParticipantService"/> exposes it over gRPC after checking every message's shape.
/// Throw <see cref="ArgumentException"/> for a request that is wrong in itself and <see cref="InvalidOperationException"/>
/// for one that does not fit the event's state (unknown event, wrong phase, ledger refusal).
/// </summary>
public interface IDispatchParticipantHandler
{
    /// <summary>The fleet's aggregate profiles over a horizon, before any event is opened.</summary>
    Task<FleetOffer> SurveyAsync(int horizonSteps, double stepMinutes, CancellationToken cancellationToken);

    /// <summary>Takes part in an event after checking it on chain.</summary>
    Task<DispatchParticipation> JoinAsync(DispatchTerms terms, CancellationToken cancellationToken);

    /// <summary>The ADMM x-update for one iteration of a joined event.</summary>
    Task<double[]> ProposeAsync(ulong eventId, int iteration, double[] signalKw, double rho, CancellationToken cancellationToken);

    /// <summary>Sets the fleet's setpoints for a joined event, following <paramref name="targetKw"/> as closely as the vehicles allow.</summary>
    Task<FleetRealization> RealizeAsync(ulong eventId, double[] targetKw, CancellationToken cancellationToken);

    /// <summary>Commits the latest setpoints' salted hash on chain.</summary>
    Task<AllocationCommitment> CommitAsync(ulong eventId, CancellationToken cancellationToken);

    /// <summary>Meters the committed allocation and reports the delivery's hash on chain.</summary>
    Task<MeteredDelivery> DeliverAsync(ulong eventId, CancellationToken cancellationToken);
}
