using Consortium.Fl.Forecasting;

namespace Consortium.Fl.Models;

/// <summary>
/// A day's level from a load forecast: the energy the model forecasts for the day over the mean of the same weekdays
/// before it. A dispatch forecast made of earlier days' vehicles (their arrivals, stays and needs) takes the level as the
/// factor on their mean, so the history gives the day's shape and the federated model its size.
/// </summary>
public static class DayLevel
{
    /// <summary>Widest factor a level moves the history's mean by, either way.</summary>
    public const double MaxLevel = 4;

    /// <summary>
    /// <paramref name="forecastKwh"/> over <paramref name="historyMeanKwh"/>, within [1/<see cref="MaxLevel"/>,
    /// <see cref="MaxLevel"/>]; 1 where the history took no energy or either figure is not finite.
    /// </summary>
    public static double Of(double forecastKwh, double historyMeanKwh) =>
        historyMeanKwh > 0 && double.IsFinite(historyMeanKwh) && double.IsFinite(forecastKwh)
            ? Math.Clamp(forecastKwh / historyMeanKwh, 1 / MaxLevel, MaxLevel)
            : 1;

    /// <summary>
    /// The model's forecast of the energy of day <paramref name="date"/> (its 24 hours from local midnight, negative hours
    /// counted as none), issued at that midnight from the week before it, and the mean energy of the <paramref name="weeks"/>
    /// same weekdays before in <paramref name="loadKw"/>.
    /// </summary>
    /// <param name="model">A load-forecast model.</param>
    /// <param name="loadKw">The operator's hourly load, kW, from <paramref name="firstHour"/>.</param>
    /// <param name="firstHour">Local start of the first hour of <paramref name="loadKw"/>.</param>
    /// <param name="scaleKw">The operator's scale (<see cref="LoadHistory.ScaleKw"/>).</param>
    /// <param name="date">The day.</param>
    /// <param name="weeks">Same weekdays before the day in the mean (those inside the load count).</param>
    /// <exception cref="ArgumentException">The load does not hold the week before the day.</exception>
    public static (double ForecastKwh, double HistoryMeanKwh) Energies(ModelCheckpoint model, ReadOnlySpan<float> loadKw, DateTime firstHour, float scaleKw, DateOnly date, int weeks)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfLessThan(weeks, 1);
        var issue = (int)Math.Round((date.ToDateTime(TimeOnly.MinValue) - firstHour).TotalHours);
        if (issue < ForecastWindows.InputHours || issue > loadKw.Length)
        {
            throw new ArgumentException(
                $"A forecast of {date:yyyy-MM-dd} reads the week before it; the load covers {firstHour:yyyy-MM-dd HH:mm} for {loadKw.Length} hours.", nameof(date));
        }

        var forecast = LoadForecaster.Forecast(model, loadKw.Slice(issue - ForecastWindows.InputHours, ForecastWindows.InputHours), firstHour.AddHours(issue - ForecastWindows.InputHours), scaleKw);
        var forecastKwh = 0.0;
        foreach (var kw in forecast)
        {
            forecastKwh += Math.Max(0, kw);
        }

        var (sum, count) = (0.0, 0);
        for (var w = 1; w <= weeks; w++)
        {
            var start = issue - (7 * 24 * w);
            if (start < 0)
            {
                break;
            }

            foreach (var kw in loadKw.Slice(start, ForecastWindows.HorizonHours))
            {
                sum += kw;
            }

            count++;
        }

        return (forecastKwh, sum / count);
    }
}
