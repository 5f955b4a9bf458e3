using Consortium.Fl.Forecasting;
using Consortium.Fl.Runtime;

namespace Consortium.Fl.Models;

/// <summary>Forecasts the next day of an operator's load from its last week.</summary>
public static class LoadForecaster
{
    /// <summary>
    /// The load (kW) of the <see cref="ForecastWindows.HorizonHours"/> hours that follow
    /// <paramref name="lastWeekKw"/>.
    /// </summary>
    /// <param name="model">The trained model.</param>
    /// <param name="lastWeekKw">The last <see cref="ForecastWindows.InputHours"/> hourly loads, oldest first.</param>
    /// <param name="firstHour">Local start of the first hour of <paramref name="lastWeekKw"/>.</param>
    /// <param name="scaleKw">The operator's scale, the one it trained with (<see cref="LoadHistory.ScaleKw"/>).</param>
    public static float[] Forecast(ModelCheckpoint model, ReadOnlySpan<float> lastWeekKw, DateTime firstHour, float scaleKw)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (lastWeekKw.Length != ForecastWindows.InputHours)
        {
            throw new ArgumentException($"A forecast reads {ForecastWindows.InputHours} hours, {lastWeekKw.Length} were given.", nameof(lastWeekKw));
        }

        // A history one horizon longer than the input holds exactly one window; the padding hours are
        // only its (unused) targets.
        var padded = new float[ForecastWindows.InputHours + ForecastWindows.HorizonHours];
        lastWeekKw.CopyTo(padded);
        var history = new LoadHistory(padded, firstHour, scaleKw);
        var window = ForecastWindows.Covering(history, 0, history.Hours);

        TorchRuntime.EnsureInitialized();
        using var network = LoadForecastNetwork.Create(model.LoadForecast);
        network.SetParameters(model.Parameters);
        network.eval();
        var forecast = new float[ForecastWindows.HorizonHours];
        network.ForecastKw(window, [0], forecast);
        return forecast;
    }
}
