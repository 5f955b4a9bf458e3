using Consortium.Data.Sessions;

namespace Consortium.Data.Loads;

/// <summary>
/// Turns sessions into hourly load per site. A session charges at its charger's rated power from
/// its start until its energy is delivered; where the rated power is unknown, or too low to deliver
/// the energy before the session ends, the energy is spread evenly over the whole session.
/// </summary>
public static class LoadSeriesBuilder
{
    /// <summary>Hourly kW per site over the hours [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public static IReadOnlyDictionary<string, HourlyLoadSeries> PerSite(IEnumerable<ChargingSession> sessions, DateTime from, DateTime to)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        if (from.Minute != 0 || from.Second != 0 || from.Millisecond != 0 || to.Minute != 0 || to.Second != 0 || to.Millisecond != 0)
        {
            throw new ArgumentException("The period must start and end on the hour.");
        }

        if (to <= from)
        {
            throw new ArgumentException($"The period end {to:u} is not after its start {from:u}.");
        }

        var hours = (int)(to - from).TotalHours;
        var bins = new Dictionary<string, double[]>(StringComparer.Ordinal);
        foreach (var session in sessions)
        {
            if (session.End <= from || session.Start >= to)
            {
                continue;
            }

            if (!bins.TryGetValue(session.Site, out var kwh))
            {
                kwh = new double[hours];
                bins.Add(session.Site, kwh);
            }

            Spread(session, kwh, from);
        }

        return bins
            .OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .ToDictionary(
                kv => kv.Key,
                kv => new HourlyLoadSeries(kv.Key, from, Array.ConvertAll(kv.Value, e => (float)e)),
                StringComparer.Ordinal);
    }

    /// <summary>Adds a session's energy to hourly kWh bins that start at <paramref name="from"/>.</summary>
    internal static void Spread(ChargingSession session, double[] kwhPerHour, DateTime from)
    {
        var sessionHours = (session.End - session.Start).TotalHours;
        var evenPower = session.EnergyKWh / sessionHours;
        var power = session.RatedPowerKw is { } rated && rated >= evenPower ? rated : evenPower;
        var chargingEnd = power == evenPower ? session.End : session.Start.AddHours(session.EnergyKWh / power);

        var startOffset = (session.Start - from).TotalHours;
        var endOffset = (chargingEnd - from).TotalHours;
        var firstBin = Math.Max(0, (int)Math.Floor(startOffset));
        var lastBin = Math.Min(kwhPerHour.Length - 1, (int)Math.Ceiling(endOffset) - 1);
        for (var bin = firstBin; bin <= lastBin; bin++)
        {
            var overlap = Math.Min(endOffset, bin + 1) - Math.Max(startOffset, bin);
            if (overlap > 0)
            {
                kwhPerHour[bin] += power * overlap;
            }
        }
    }
}
