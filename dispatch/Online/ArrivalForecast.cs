using Consortium.Dispatch.Fleets;
using Consortium.Dispatch.Wear;

namespace Consortium.Dispatch.Online;

/// <summary>Forecasts of the vehicles an operator expects to plug in, as pseudo-vehicles a re-plan can schedule.</summary>
public static class ArrivalForecast
{
    /// <summary>
    /// The mean of several days' vehicles: every vehicle of every day, scaled to 1/days of itself (capacity, need and
    /// power limits; the state of charge and efficiencies kept), so that the forecast carries each day's arrivals at the
    /// weight of one day in the mean. A linear programme schedules a scaled vehicle as that share of the real one.
    /// </summary>
    /// <exception cref="ArgumentException">No days.</exception>
    public static Fleet MeanOf(IReadOnlyList<Fleet> days)
    {
        ArgumentNullException.ThrowIfNull(days);
        if (days.Count == 0)
        {
            throw new ArgumentException("A mean needs at least one day.", nameof(days));
        }

        if (days.Count == 1)
        {
            return days[0];
        }

        var weight = 1.0 / days.Count;
        var n = days.Sum(d => d.Count);
        var arrival = new int[n];
        var departure = new int[n];
        var need = new double[n];
        var capacity = new double[n];
        var soc = new double[n];
        var charge = new double[n];
        var discharge = new double[n];
        var etaC = new double[n];
        var etaD = new double[n];
        var chemistry = new BatteryChemistry[n];
        var r = 0;
        foreach (var day in days)
        {
            for (var i = 0; i < day.Count; i++, r++)
            {
                arrival[r] = day.Arrival[i];
                departure[r] = day.Departure[i];
                need[r] = weight * day.EnergyNeededKwh[i];
                capacity[r] = weight * day.CapacityKwh[i];
                soc[r] = day.ArrivalSoc[i];
                charge[r] = weight * day.MaxChargeKw[i];
                discharge[r] = weight * day.MaxDischargeKw[i];
                etaC[r] = day.ChargeEfficiency[i];
                etaD[r] = day.DischargeEfficiency[i];
                chemistry[r] = day.Chemistry[i];
            }
        }

        // The site limit is the operator's, not the forecast's: a re-plan applies the real site's to everything it schedules.
        return new Fleet(arrival, departure, need, capacity, soc, charge, discharge, etaC, etaD, double.PositiveInfinity, chemistry);
    }
}
