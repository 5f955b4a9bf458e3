using Consortium.Fl.Forecasting;
using Consortium.Fl.Models;

namespace Consortium.Experiments.Forecasting;

/// <summary>
/// Day-ahead forecasts over an operator's test part: one forecast issued at each midnight, each
/// covering the next 24 hours from the week before, so every test hour from the first midnight on is
/// forecast exactly once. Summed over operators hour by hour they give the regional forecast.
/// </summary>
public sealed class DayAheadSchedule
{
    private DayAheadSchedule(DateTime seriesStart, int firstIndex, int days)
    {
        SeriesStart = seriesStart;
        FirstIndex = firstIndex;
        Days = days;
    }

    /// <summary>Start of hour 0 of the operators' series.</summary>
    public DateTime SeriesStart { get; }

    /// <summary>Index (into the series) of the first forecast hour, a midnight.</summary>
    public int FirstIndex { get; }

    /// <summary>Forecast days.</summary>
    public int Days { get; }

    /// <summary>Forecast hours.</summary>
    public int Hours => Days * ForecastWindows.HorizonHours;

    /// <summary>Start of the first forecast hour.</summary>
    public DateTime FirstHour => SeriesStart.AddHours(FirstIndex);

    /// <summary>The test days of <paramref name="split"/>: from the first midnight of its test part to the last whole day.</summary>
    public static DayAheadSchedule ForTestPart(ForecastSplit split)
    {
        ArgumentNullException.ThrowIfNull(split);
        if (split.Test.Count == 0)
        {
            throw new ArgumentException("The split has no test window.", nameof(split));
        }

        var history = split.History;
        var first = split.Test.TargetStarts[0];
        while (history.FirstHour.AddHours(first).Hour != 0)
        {
            first++;
        }

        var days = Math.Max(0, (history.Hours - first) / ForecastWindows.HorizonHours);
        if (days == 0)
        {
            throw new ArgumentException("The test part holds no whole day from midnight to midnight.", nameof(split));
        }

        return new DayAheadSchedule(history.FirstHour, first, days);
    }

    /// <summary>The actual load of the forecast hours.</summary>
    public float[] Actual(LoadHistory history)
    {
        ArgumentNullException.ThrowIfNull(history);
        return history.LoadKw.Slice(FirstIndex, Hours).ToArray();
    }

    /// <summary>The seasonal-naive forecast of the forecast hours: the same hours one week earlier.</summary>
    public float[] SeasonalNaive(LoadHistory history)
    {
        ArgumentNullException.ThrowIfNull(history);
        return history.LoadKw.Slice(FirstIndex - ForecastWindows.InputHours, Hours).ToArray();
    }

    /// <summary><paramref name="model"/>'s forecasts of the forecast hours, one day at a time from the week before.</summary>
    public float[] Forecast(ModelCheckpoint model, LoadHistory history, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(history);
        var forecast = new float[Hours];
        for (var day = 0; day < Days; day++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var issue = FirstIndex + day * ForecastWindows.HorizonHours;
            var inputStart = issue - ForecastWindows.InputHours;
            LoadForecaster.Forecast(model, history.LoadKw.Slice(inputStart, ForecastWindows.InputHours), history.FirstHour.AddHours(inputStart), history.ScaleKw)
                .CopyTo(forecast.AsSpan(day * ForecastWindows.HorizonHours));
        }

        return forecast;
    }
}
