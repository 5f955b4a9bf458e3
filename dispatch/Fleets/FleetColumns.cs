using Consortium.Dispatch.Wear;

namespace Consortium.Dispatch.Fleets;

/// <summary>The columns of a fleet being drawn, one array per attribute, turned into a <see cref="Fleet"/> once filled.</summary>
internal sealed class FleetColumns(int count)
{
    public int[] Arrival { get; } = new int[count];

    public int[] Departure { get; } = new int[count];

    public double[] EnergyNeededKwh { get; } = new double[count];

    public double[] CapacityKwh { get; } = new double[count];

    public double[] ArrivalSoc { get; } = new double[count];

    public double[] MaxChargeKw { get; } = new double[count];

    public double[] MaxDischargeKw { get; } = new double[count];

    public double[] ChargeEfficiency { get; } = new double[count];

    public double[] DischargeEfficiency { get; } = new double[count];

    public BatteryChemistry[] Chemistry { get; } = new BatteryChemistry[count];

    /// <summary>The fleet, with a site limit of <paramref name="siteLimitShare"/> of its summed charger limits (1 kW when empty).</summary>
    public Fleet ToFleet(double siteLimitShare)
    {
        var chargerSum = 0.0;
        foreach (var kw in MaxChargeKw)
        {
            chargerSum += kw;
        }

        return ToFleetLimited(MaxChargeKw.Length == 0 ? 1.0 : siteLimitShare * chargerSum);
    }

    /// <summary>The fleet, with a site limit of <paramref name="siteLimitKw"/> (the site's, whatever vehicles come).</summary>
    public Fleet ToFleetLimited(double siteLimitKw) => new(
        Arrival, Departure, EnergyNeededKwh, CapacityKwh, ArrivalSoc, MaxChargeKw, MaxDischargeKw, ChargeEfficiency, DischargeEfficiency, siteLimitKw, Chemistry);
}
