namespace Consortium.Data.Loads;

/// <summary>Average power per hour, in kW, from <see cref="FirstHour"/> on (local wall-clock hours).</summary>
/// <param name="Name">What the series is the load of (a site, an operator, the region).</param>
/// <param name="FirstHour">Start of the first hour, on the hour.</param>
/// <param name="Kw">Average kW of each hour.</param>
public sealed record HourlyLoadSeries(string Name, DateTime FirstHour, float[] Kw)
{
    /// <summary>Start of the hour after the last one.</summary>
    public DateTime EndHour => FirstHour.AddHours(Kw.Length);

    /// <summary>Energy of the whole series in kWh.</summary>
    public double TotalKWh
    {
        get
        {
            double sum = 0;
            foreach (var kw in Kw)
            {
                sum += kw;
            }

            return sum;
        }
    }

    /// <summary>The hour-by-hour sum of series that cover the same hours.</summary>
    public static HourlyLoadSeries Sum(string name, IReadOnlyList<HourlyLoadSeries> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Count == 0)
        {
            throw new ArgumentException("At least one series is needed.", nameof(parts));
        }

        var first = parts[0];
        var total = new float[first.Kw.Length];
        foreach (var part in parts)
        {
            if (part.FirstHour != first.FirstHour || part.Kw.Length != total.Length)
            {
                throw new ArgumentException($"Series '{part.Name}' covers other hours than '{first.Name}'.", nameof(parts));
            }

            for (var h = 0; h < total.Length; h++)
            {
                total[h] += part.Kw[h];
            }
        }

        return new HourlyLoadSeries(name, first.FirstHour, total);
    }
}
