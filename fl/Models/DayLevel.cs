using Consortium.Fl.Forecasting;

namespace Consortium.Fl.Models;

/// <summary>
/// A day's level from a load forecast: the energy the model forecasts for the day over the energy it forecasts, the same
/// way, for the same weekdays before it. A dispatch forecast made of those earlier days' vehicles (their arrivals, stays
/// and needs) takes the level as the factor on their mean, so the history gives the day's shape and size and the
/// federated model the change from it.
/// </summary>
public static class DayLevel
{
    /// <summary>Widest factor a level moves the history's mean by, either way.</summary>
    public const double MaxLevel = 4;

    /// <summary>
    /// <paramref name="forecastKwh"/> over <paramref name="baseKwh"/> (the model's forecasts of the same weekdays before, or
    /// where it has none their energy), within [1/<see cref="MaxLevel"/>, <see cref="MaxLevel"/>]; 1 where the base is no
    /// energy or either figure is not finite.
    /// </summary>
    public static double Of(double forecastKwh, double baseKwh) =>
        baseKwh > 0 && double.IsFinite(baseKwh) && double.IsFinite(forecastKwh)
            ? Math.Clamp(forecastKwh / baseKwh, 1 / MaxLevel, MaxLevel)
            : 1;

    /// <summary>
    /// The model's forecast of the energy of day <paramref name="date"/> (its 24 hours from local midnight, negative hours
    /// counted as none), issued at that midnight from the week before it; the mean of its forecasts, issued the same way,
    /// of the <paramref name="weeks"/> same weekdays before (those with a week of load before them; 0 where none has); and
    /// the mean energy those same weekdays took in <paramref name="loadKw"/>. The level of the day is the first over the
    /// second (<see cref="Of"/>): the change the model foresees, its own bias at the operator's sites cancelled.
    /// </summary>
    /// <param name="model">A load-forecast model.</param>
    /// <param name="loadKw">The operator's hourly load, kW, from <paramref name="firstHour"/>.</param>
    /// <param name="firstHour">Local start of the first hour of <paramref name="loadKw"/>.</param>
    /// <param name="scaleKw">The operator's scale (<see cref="LoadHistory.ScaleKw"/>).</param>
    /// <param name="date">The day.</param>
    /// <param name="weeks">Same weekdays before the day in the means (those inside the load count).</param>
    /// <exception cref="ArgumentException">The load does not hold the week before the day.</exception>
    public static (double ForecastKwh, double ModelHistoryKwh, double HistoryMeanKwh) Energies(ModelCheckpoint model, ReadOnlySpan<float> loadKw, DateTime firstHour, float scaleKw, DateOnly date, int weeks)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfLessThan(weeks, 1);
        var issue = (int)Math.Round((date.ToDateTime(TimeOnly.MinValue) - firstHour).TotalHours);
        if (issue < ForecastWindows.InputHours || issue > loadKw.Length)
        {
            throw new ArgumentException(
                $"A forecast of {date:yyyy-MM-dd} reads the week before it; the load covers {firstHour:yyyy-MM-dd HH:mm} for {loadKw.Length} hours.", nameof(date));
        }

        var forecastKwh = ForecastKwh(model, loadKw, firstHour, scaleKw, issue);
        var (modelSum, modelCount) = (0.0, 0);
        for (var w = 1; w <= weeks; w++)
        {
            var start = issue - (7 * 24 * w);
            if (start >= ForecastWindows.InputHours)
            {
                modelSum += ForecastKwh(model, loadKw, firstHour, scaleKw, start);
                modelCount++;
            }
        }

        return (forecastKwh, modelCount == 0 ? 0 : modelSum / modelCount, HistoryMeanKwh(loadKw, firstHour, date, weeks));
    }

    /// <summary>
    /// The mean energy of the <paramref name="weeks"/> same weekdays before <paramref name="date"/> in
    /// <paramref name="loadKw"/> (hourly kW, so a day's kWh is the sum of its 24 hours), over those the load holds whole;
    /// 0 where it holds none.
    /// </summary>
    /// <param name="loadKw">The operator's hourly load, kW, from <paramref name="firstHour"/>.</param>
    /// <param name="firstHour">Local start of the first hour of <paramref name="loadKw"/>.</param>
    /// <param name="date">The day.</param>
    /// <param name="weeks">Same weekdays before the day in the mean.</param>
    public static double HistoryMeanKwh(ReadOnlySpan<float> loadKw, DateTime firstHour, DateOnly date, int weeks)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(weeks, 1);
        var day = (int)Math.Round((date.ToDateTime(TimeOnly.MinValue) - firstHour).TotalHours);
        var (sum, count) = (0.0, 0);
        for (var w = 1; w <= weeks; w++)
        {
            var start = day - (7 * 24 * w);
            if (start < 0 || start + ForecastWindows.HorizonHours > loadKw.Length)
            {
                continue;
            }

            foreach (var kw in loadKw.Slice(start, ForecastWindows.HorizonHours))
            {
                sum += kw;
            }

            count++;
        }

        return count == 0 ? 0 : sum / count;
    }

    private static double ForecastKwh(ModelCheckpoint model, ReadOnlySpan<float> loadKw, DateTime firstHour, float scaleKw, int issue)
    {
        var forecast = LoadForecaster.Forecast(model, loadKw.Slice(issue - ForecastWindows.InputHours, ForecastWindows.InputHours), firstHour.AddHours(issue - ForecastWindows.InputHours), scaleKw);
        var kwh = 0.0;
        foreach (var kw in forecast)
        {
            kwh += Math.Max(0, kw);
        }

        return kwh;
    }
}
