using Consortium.Fl.Forecasting;
using Consortium.Fl.Models;
using Consortium.Fl.Runtime;
using static TorchSharp.torch;

namespace Consortium.Fl.Evaluation;

/// <summary>Measures forecasts in kW over a set of windows: the model's and the seasonal-naive baseline's.</summary>
public static class ForecastEvaluator
{
    private const int BatchSize = 256;

    /// <summary>Errors of <paramref name="model"/>'s forecasts, de-scaled to kW, over every window.</summary>
    public static ForecastErrors Evaluate(ModelCheckpoint model, ForecastWindows windows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(windows);
        if (windows.Count == 0)
        {
            return ForecastErrors.Empty;
        }

        TorchRuntime.EnsureInitialized();
        using var network = LoadForecastNetwork.Create(model.LoadForecast);
        network.SetParameters(model.Parameters);
        network.eval();

        var errors = ForecastErrors.Empty;
        var indexes = new int[Math.Min(BatchSize, windows.Count)];
        var forecastKw = new float[indexes.Length * ForecastWindows.HorizonHours];
        var actualKw = new float[forecastKw.Length];
        for (var start = 0; start < windows.Count; start += BatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = Math.Min(BatchSize, windows.Count - start);
            var batch = indexes.AsSpan(0, count);
            for (var i = 0; i < count; i++)
            {
                batch[i] = start + i;
                windows.ActualKw(start + i).CopyTo(actualKw.AsSpan(i * ForecastWindows.HorizonHours));
            }

            var values = count * ForecastWindows.HorizonHours;
            network.ForecastKw(windows, batch, forecastKw.AsSpan(0, values));
            errors += ForecastErrors.Measure(forecastKw.AsSpan(0, values), actualKw.AsSpan(0, values));
        }

        return errors;
    }

    /// <summary>
    /// Errors of the seasonal-naive forecast over the same windows: each hour's load is forecast as
    /// the load of the same hour one week earlier.
    /// </summary>
    public static ForecastErrors SeasonalNaive(ForecastWindows windows)
    {
        ArgumentNullException.ThrowIfNull(windows);
        var errors = ForecastErrors.Empty;
        for (var i = 0; i < windows.Count; i++)
        {
            errors += ForecastErrors.Measure(windows.SameHoursLastWeekKw(i), windows.ActualKw(i));
        }

        return errors;
    }
}
