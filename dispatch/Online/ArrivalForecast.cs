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
    /// <param name="days">The days.</param>
    /// <param name="level">A factor on the mean (a forecast of the day's level against the days'): every vehicle's
    /// weight is <paramref name="level"/>/days; 1 for the plain mean.</param>
    /// <exception cref="ArgumentException">No days.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The level is not a positive finite number.</exception>
    public static Fleet MeanOf(IReadOnlyList<Fleet> days, double level = 1)
    {
        ArgumentNullException.ThrowIfNull(days);
        if (days.Count == 0)
        {
            throw new ArgumentException("A mean needs at least one day.", nameof(days));
        }

        if (!(level > 0) || !double.IsFinite(level))
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, "The level of a forecast must be a positive number.");
        }

        if (days.Count == 1 && level == 1)
        {
            return days[0];
        }

        var weight = level / days.Count;
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

    /// <summary>Each operator's <see cref="MeanOf"/> over several days of every operator's fleets (day, then operator).</summary>
    /// <exception cref="ArgumentException">No days, or days with different numbers of operators.</exception>
    public static Fleet[] MeanOfEach(IReadOnlyList<IReadOnlyList<Fleet>> days)
    {
        ArgumentNullException.ThrowIfNull(days);
        if (days.Count == 0 || days.Any(d => d.Count != days[0].Count))
        {
            throw new ArgumentException("A mean needs at least one day, each with the same operators.", nameof(days));
        }

        return [.. Enumerable.Range(0, days[0].Count).Select(o => MeanOf([.. days.Select(d => d[o])]))];
    }
}
