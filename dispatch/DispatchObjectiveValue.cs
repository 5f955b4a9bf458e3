namespace Consortium.Dispatch;

/// <summary>
/// The objective of <see cref="DispatchCosts"/> evaluated on a set of schedules, split into its three terms and the
/// energy figures behind them.
/// </summary>
/// <param name="Total">J, the sum of the three costs.</param>
/// <param name="DeviationCost">Σₜ Δt · penalty · |Aₜ − Tₜ|.</param>
/// <param name="WearCost">Σᵢ Σₜ Δt · wearᵢ · max(−pᵢₜ, 0), each vehicle at its chemistry's price.</param>
/// <param name="ShortfallCost">Σᵢ shortfall · max(0, Rᵢ − eᵢ at departure).</param>
/// <param name="DeviationKwh">Σₜ Δt · |Aₜ − Tₜ|: energy by which the aggregate missed the target, either way.</param>
/// <param name="DischargedKwh">Σᵢ Σₜ Δt · max(−pᵢₜ, 0): energy discharged to the grid.</param>
/// <param name="ShortfallKwh">Σᵢ max(0, Rᵢ − eᵢ at departure): energy drivers missed at departure.</param>
public sealed record DispatchObjectiveValue(
    double Total,
    double DeviationCost,
    double WearCost,
    double ShortfallCost,
    double DeviationKwh,
    double DischargedKwh,
    double ShortfallKwh);
