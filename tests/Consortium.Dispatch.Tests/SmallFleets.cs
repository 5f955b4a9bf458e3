using Consortium.Dispatch.Fleets;

namespace Consortium.Dispatch.Tests;

/// <summary>Hand-built fleets and targets small enough to reason about.</summary>
internal static class SmallFleets
{
    public const int Steps = FleetGenerator.DaySteps;

    /// <summary>The prices the hand-worked optima of the reference's tests were computed with.</summary>
    public static readonly DispatchCosts HandWorkedCosts = new(DeviationPenaltyPerKwh: 0.30, WearCostPerKwh: 0.05, ShortfallPenaltyPerKwh: 10);

    /// <summary>One vehicle plugged in from step 0 to <paramref name="steps"/>, 40 kWh at 50 % (20 kWh), floor 8 kWh.</summary>
    public static Fleet OneVehicle(
        int steps, double neededKwh, double maxChargeKw = 8, double maxDischargeKw = 0, double efficiency = 1,
        double siteLimitKw = double.PositiveInfinity, double arrivalSoc = 0.5) => new(
        arrival: [0],
        departure: [steps],
        energyNeededKwh: [neededKwh],
        capacityKwh: [40],
        arrivalSoc: [arrivalSoc],
        maxChargeKw: [maxChargeKw],
        maxDischargeKw: [maxDischargeKw],
        chargeEfficiency: [efficiency],
        dischargeEfficiency: [efficiency],
        siteLimitKw: siteLimitKw);

    /// <summary>Vehicles plugged in all day, each wanting 10 kWh at 7 kW; every other one V2G.</summary>
    public static Fleet AllDay(int count, double siteLimitKw = double.PositiveInfinity)
    {
        var arrival = new int[count];
        var departure = Filled(count, Steps);
        return new Fleet(
            arrival, departure, Filled(count, 10.0), Filled(count, 60.0), Filled(count, 0.5), Filled(count, 7.0),
            Enumerable.Range(0, count).Select(i => i % 2 == 0 ? 7.0 : 0.0).ToArray(),
            Filled(count, 0.93), Filled(count, 0.93), siteLimitKw);
    }

    /// <summary>A target that takes the fleet's needed energy evenly, but gives power back for two evening hours.</summary>
    public static double[] EvenWithEveningExport(Fleet fleet, double exportKw)
    {
        var neededGridKwh = 0.0;
        for (var i = 0; i < fleet.Count; i++)
        {
            neededGridKwh += (fleet.RequiredEnergyKwh(i) - fleet.ArrivalEnergyKwh(i)) / fleet.ChargeEfficiency[i];
        }

        // Exported energy comes back with both efficiencies lost; the charging hours make it up.
        var exportKwh = exportKw * 2;
        var chargeKw = (neededGridKwh + exportKwh / (0.93 * 0.93)) / 22;
        var target = new double[Steps];
        for (var t = 0; t < Steps; t++)
        {
            target[t] = t >= 72 && t < 80 ? -exportKw : chargeKw;
        }

        return target;
    }

    public static T[] Filled<T>(int count, T value)
    {
        var values = new T[count];
        Array.Fill(values, value);
        return values;
    }
}
