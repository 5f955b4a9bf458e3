namespace Consortium.Node.Dispatch;

/// <summary>
/// A representative stand-in for a large fleet: a random subset of its vehicles, each scaled up to stand for
/// fleet size / sample size vehicles (energies, capacities and power limits multiplied; shares and efficiencies kept).
/// Walking it costs the sample's size, and its aggregate approximates the whole fleet's.
/// </summary>
public static class FleetSample
{
    /// <summary>Draws <paramref name="size"/> distinct vehicles of <paramref name="fleet"/> and scales them up.</summary>
    public static Fleet Draw(Fleet fleet, int size, int seed)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        if (size >= fleet.Count)
        {
            return fleet;
        }

        // Partial Fisher–Yates over the indices: the first `size` entries become a uniform sample without replacement.
        var random = new Random(seed);
        var indices = new int[fleet.Count];
        for (var i = 0; i < indices.Length; i++)
        {
            indices[i] = i;
        }

        for (var k = 0; k < size; k++)
        {
            var j = random.Next(k, indices.Length);
            (indices[k], indices[j]) = (indices[j], indices[k]);
        }

        var weight = (double)fleet.Count / size;
        var arrival = new int[size];
        var departure = new int[size];
        var need = new double[size];
        var capacity = new double[size];
        var soc = new double[size];
        var charge = new double[size];
        var discharge = new double[size];
        var etaC = new double[size];
        var etaD = new double[size];
        for (var k = 0; k < size; k++)
        {
            var i = indices[k];
            arrival[k] = fleet.Arrival[i];
            departure[k] = fleet.Departure[i];
            need[k] = fleet.EnergyNeededKwh[i] * weight;
            capacity[k] = fleet.CapacityKwh[i] * weight;
            soc[k] = fleet.ArrivalSoc[i];
            charge[k] = fleet.MaxChargeKw[i] * weight;
            discharge[k] = fleet.MaxDischargeKw[i] * weight;
            etaC[k] = fleet.ChargeEfficiency[i];
            etaD[k] = fleet.DischargeEfficiency[i];
        }

        return new Fleet(arrival, departure, need, capacity, soc, charge, discharge, etaC, etaD, fleet.SiteLimitKw);
    }
}
