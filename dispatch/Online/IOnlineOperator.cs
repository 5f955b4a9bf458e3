using Consortium.Dispatch.Exact;

namespace Consortium.Dispatch.Online;

/// <summary>
/// One operator in the day as it happens, as the coordinator sees it: every step it re-plans the rest of the day with the
/// vehicles plugged in and the arrivals it forecasts, answering prices for that residual day (<see cref="IPricedFleet"/>),
/// then commits the step. Only aggregates cross this boundary; who is plugged in, their departures and needs, and the
/// forecast stay with the operator. <see cref="LocalOnlineOperator"/> serves one in this process.
/// </summary>
public interface IOnlineOperator : IPricedFleet
{
    /// <summary>Step <paramref name="step"/> begins: the pricing that follows is of the operator's day from it.</summary>
    ValueTask BeginStepAsync(int step, CancellationToken cancellationToken);

    /// <summary>
    /// Commits the first step of the mix last realized for the vehicles really plugged in and returns their aggregate
    /// power at step <paramref name="step"/>, kW.
    /// </summary>
    ValueTask<double> CommitPlannedStepAsync(int step, CancellationToken cancellationToken);
}
