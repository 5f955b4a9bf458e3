namespace Consortium.Dispatch.Fleets;

/// <summary>
/// What one vehicle's stay asks of the grid and allows, in grid kWh: the energy it must take for its driver, what it
/// could give back above its floor, and the most it can usefully take (its need, plus for a V2G vehicle what it could
/// give back and recharge, within its battery's room). Shared by the fleet's energy envelope and the day-ahead offer's
/// bounds, so that both read a vehicle the same way.
/// </summary>
/// <param name="NeedKwh">Grid energy the vehicle must take to leave with what its driver asked for.</param>
/// <param name="ReleasableKwh">Grid energy it could give back before reaching its floor.</param>
/// <param name="CeilingKwh">The most grid energy it can usefully take over its stay.</param>
/// <param name="RoundTrip">Its charge efficiency times its discharge efficiency.</param>
internal readonly record struct VehicleEnergy(double NeedKwh, double ReleasableKwh, double CeilingKwh, double RoundTrip)
{
    /// <summary>Vehicle <paramref name="i"/> of <paramref name="fleet"/>.</summary>
    public static VehicleEnergy Of(Fleet fleet, int i)
    {
        var etaC = fleet.ChargeEfficiency[i];
        var etaD = fleet.DischargeEfficiency[i];
        var x0 = fleet.ArrivalEnergyKwh(i);
        var need = Math.Max(0, (fleet.RequiredEnergyKwh(i) - x0) / etaC);
        var releasable = Math.Max(0, x0 - fleet.FloorEnergyKwh(i)) * etaD;

        // A V2G vehicle may take more than its need, as much as it could give back and recharge; others plan only their need.
        var room = Math.Max(0, (fleet.CapacityKwh[i] - x0) / etaC);
        var ceiling = fleet.MaxDischargeKw[i] > 0 ? Math.Min(room, need + (releasable / (etaC * etaD))) : need;
        return new VehicleEnergy(need, releasable, ceiling, etaC * etaD);
    }
}
