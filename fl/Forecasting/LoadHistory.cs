using System.Globalization;

namespace Consortium.Fl.Forecasting;

/// <summary>
/// An operator's hourly load with everything the forecast network reads per hour: the load divided
/// by <see cref="ScaleKw"/>, then the <see cref="CalendarFeatures"/> of that hour.
/// </summary>
public sealed class LoadHistory
{
    /// <summary>Network inputs per hour: the scaled load and the calendar features.</summary>
    public const int FeaturesPerHour = 1 + CalendarFeatures.Count;

    private readonly float[] _loadKw;
    private readonly float[] _features;

    /// <summary>Copies the series and precomputes the network inputs of every hour.</summary>
    /// <param name="loadKw">Average kW of each hour; finite.</param>
    /// <param name="firstHour">Local wall-clock start of the first hour, on the hour.</param>
    /// <param name="scaleKw">The load that maps to 1.0 for the network; positive and finite.</param>
    public LoadHistory(ReadOnlySpan<float> loadKw, DateTime firstHour, float scaleKw)
    {
        if (firstHour.Minute != 0 || firstHour.Second != 0 || firstHour.Millisecond != 0 || firstHour.Microsecond != 0)
        {
            throw new ArgumentException($"The first hour {firstHour:O} is not on the hour.", nameof(firstHour));
        }

        if (!float.IsFinite(scaleKw) || scaleKw <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(scaleKw), scaleKw, "The scale must be a positive finite load in kW.");
        }

        for (var h = 0; h < loadKw.Length; h++)
        {
            if (!float.IsFinite(loadKw[h]))
            {
                throw new ArgumentException($"The load of hour {h} ({firstHour.AddHours(h):yyyy-MM-dd HH:mm}) is {loadKw[h].ToString(CultureInfo.InvariantCulture)}, not a finite number.", nameof(loadKw));
            }
        }

        _loadKw = loadKw.ToArray();
        FirstHour = firstHour;
        ScaleKw = scaleKw;
        _features = new float[_loadKw.Length * FeaturesPerHour];
        var inverseScale = 1f / scaleKw;
        for (var h = 0; h < _loadKw.Length; h++)
        {
            var row = _features.AsSpan(h * FeaturesPerHour, FeaturesPerHour);
            row[0] = _loadKw[h] * inverseScale;
            CalendarFeatures.Write(firstHour.AddHours(h), row[1..]);
        }
    }

    /// <summary>Start of hour 0.</summary>
    public DateTime FirstHour { get; }

    /// <summary>The load that the network sees as 1.0.</summary>
    public float ScaleKw { get; }

    /// <summary>Number of hours.</summary>
    public int Hours => _loadKw.Length;

    /// <summary>The load in kW, hour by hour.</summary>
    public ReadOnlySpan<float> LoadKw => _loadKw;

    /// <summary>
    /// The scale an operator uses for its series: the mean load of the hours it trains on
    /// (1 kW when those hours carry no load at all).
    /// </summary>
    public static float MeanScale(ReadOnlySpan<float> trainingLoadKw)
    {
        double sum = 0;
        foreach (var kw in trainingLoadKw)
        {
            sum += kw;
        }

        var mean = trainingLoadKw.IsEmpty ? 0 : sum / trainingLoadKw.Length;
        return mean > 1e-6 && double.IsFinite(mean) ? (float)mean : 1f;
    }

    /// <summary>Network inputs of hours [start, start + hours), row by row.</summary>
    internal ReadOnlySpan<float> Features(int start, int hours) =>
        _features.AsSpan(start * FeaturesPerHour, hours * FeaturesPerHour);
}
