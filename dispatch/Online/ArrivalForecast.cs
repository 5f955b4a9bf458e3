using Consortium.Dispatch.Fleets;

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
        var rows = new FleetRows(days.Sum(d => d.Count));
        foreach (var day in days)
        {
            for (var i = 0; i < day.Count; i++)
            {
                rows.Add(day, i, day.Arrival[i], day.Departure[i], day.ArrivalSoc[i], day.EnergyNeededKwh[i], weight);
            }
        }

        // The site limit is the operator's, not the forecast's: a re-plan applies the real site's to everything it schedules.
        return rows.Build(double.PositiveInfinity);
    }
}
