using Consortium.Dispatch;
using Consortium.Dispatch.Wear;

namespace Consortium.Network.Dispatch;

/// <summary>What an operator is asked to take part in: an event opened on the DispatchLedger and the prices it is run with.</summary>
/// <param name="EventId">The ledger's id of the event.</param>
/// <param name="RequestHash">Keccak-256 of the grid party's request as the event was opened with.</param>
/// <param name="HorizonSteps">Number of steps of every profile.</param>
/// <param name="StepMinutes">Length of a step, in minutes.</param>
/// <param name="WearCostPerKwh">Battery wear per kWh discharged to the grid, for every chemistry not in <paramref name="WearPrices"/>.</param>
/// <param name="DeviationPenaltyPerKwh">What each kWh of deviation from the target costs the consortium.</param>
/// <param name="ShortfallPenaltyPerKwh">What each kWh a driver misses at departure costs.</param>
/// <param name="RequestDocument">The grid party's signed request in full (its JSON document), which the operator checks
/// against the event on chain and against these terms before it plans anything; empty when none was sent.</param>
/// <param name="WearPrices">The wear price of each pack chemistry, which prices every vehicle's discharge by its pack;
/// null for <paramref name="WearCostPerKwh"/> for every chemistry.</param>
public sealed record DispatchTerms(
    ulong EventId,
    Hash32 RequestHash,
    int HorizonSteps,
    double StepMinutes,
    double WearCostPerKwh,
    double DeviationPenaltyPerKwh,
    double ShortfallPenaltyPerKwh,
    string RequestDocument = "",
    WearPriceBook? WearPrices = null)
{
    /// <summary>The terms as given to the dispatch as <see cref="DispatchCosts"/>: each vehicle's wear at its chemistry's price.</summary>
    public DispatchCosts Costs => new(DeviationPenaltyPerKwh, WearCostPerKwh, ShortfallPenaltyPerKwh, WearPrices);
}
