namespace Consortium.Network.Dispatch;

/// <summary>An operator's report once a clearing is complete: what its allocation adds up to, and its own replay of it.</summary>
/// <param name="RealizedKw">The allocation's aggregate (its vehicle setpoints summed), kW per step.</param>
/// <param name="SocFloorViolations">Vehicles whose battery the setpoints take below its floor or above capacity (operator-reported).</param>
/// <param name="DepartureShortfallKwh">Energy the setpoints leave drivers short of at departure, kWh (operator-reported).</param>
/// <param name="JainFairness">Jain's index of discharge over the operator's V2G vehicles, 1 when nothing is discharged (operator-reported).</param>
/// <param name="DischargedKwh">Energy the setpoints discharge from the operator's vehicles to the grid, kWh (operator-reported).</param>
/// <param name="WearCost">What that discharge costs its vehicles' batteries, each vehicle at its pack chemistry's wear price, in the consortium's currency:
/// the wear the operator sees before it commits the allocation (operator-reported).</param>
public sealed record FleetRealization(
    double[] RealizedKw, int SocFloorViolations, double DepartureShortfallKwh, double JainFairness, double DischargedKwh, double WearCost);
