using Consortium.Dispatch.Wear;

namespace Consortium.Dispatch;

/// <summary>The wear of one chemistry's packs in a dispatch (<see cref="DispatchObjective.WearByChemistry"/>).</summary>
/// <param name="Chemistry">The pack chemistry.</param>
/// <param name="Vehicles">Vehicles of that chemistry in the fleets.</param>
/// <param name="DischargedKwh">Energy they discharge to the grid, kWh.</param>
/// <param name="WearCost">That energy at the chemistry's wear price.</param>
public sealed record ChemistryWearCost(BatteryChemistry Chemistry, int Vehicles, double DischargedKwh, double WearCost);
