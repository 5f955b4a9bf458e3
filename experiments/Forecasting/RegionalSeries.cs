using Consortium.Fl.Evaluation;

namespace Consortium.Experiments.Forecasting;

/// <summary>The region's load and its forecast: every operator's series summed hour by hour.</summary>
/// <param name="FirstHour">Start of the first hour.</param>
/// <param name="ForecastKw">Σ over operators of each operator's forecast, hour by hour.</param>
/// <param name="ActualKw">Σ over operators of each operator's actual load, hour by hour.</param>
public sealed record RegionalSeries(DateTime FirstHour, float[] ForecastKw, float[] ActualKw)
{
    /// <summary>Errors of the regional forecast against the regional load (not a combination of the operators' errors).</summary>
    public ForecastErrors Errors => ForecastErrors.Measure(ForecastKw, ActualKw);

    /// <summary>Sums the operators' forecasts and actual loads hour by hour.</summary>
    /// <exception cref="ArgumentException">No operator, or series of different lengths.</exception>
    public static RegionalSeries Sum(DateTime firstHour, IReadOnlyList<float[]> forecastsKw, IReadOnlyList<float[]> actualsKw)
    {
        ArgumentNullException.ThrowIfNull(forecastsKw);
        ArgumentNullException.ThrowIfNull(actualsKw);
        if (forecastsKw.Count == 0 || forecastsKw.Count != actualsKw.Count)
        {
            throw new ArgumentException($"{forecastsKw.Count} forecasts and {actualsKw.Count} actual series; one of each per operator is needed.", nameof(actualsKw));
        }

        return new RegionalSeries(firstHour, Add(forecastsKw), Add(actualsKw));
    }

    private static float[] Add(IReadOnlyList<float[]> series)
    {
        var total = new double[series[0].Length];
        foreach (var part in series)
        {
            if (part.Length != total.Length)
            {
                throw new ArgumentException($"Series of {part.Length} and {total.Length} hours cannot be summed hour by hour.", nameof(series));
            }

            for (var h = 0; h < total.Length; h++)
            {
                total[h] += part[h];
            }
        }

        return Array.ConvertAll(total, v => (float)v);
    }
}
