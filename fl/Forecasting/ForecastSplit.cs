namespace Consortium.Fl.Forecasting;

/// <summary>
/// An operator's forecast samples cut by time. Training targets all precede validation targets,
/// which all precede test targets; a later part's inputs may read earlier hours, as a real
/// forecast would. The scale is the mean load of the training hours only.
/// </summary>
/// <param name="History">The scaled series all three parts read.</param>
/// <param name="Train">Windows whose targets lie in the training hours.</param>
/// <param name="Validation">Windows whose targets lie in the validation hours.</param>
/// <param name="Test">Windows whose targets lie in the test hours.</param>
public sealed record ForecastSplit(LoadHistory History, ForecastWindows Train, ForecastWindows Validation, ForecastWindows Test)
{
    /// <summary>Splits an hourly load series chronologically.</summary>
    /// <param name="loadKw">Average kW of each hour.</param>
    /// <param name="firstHour">Local start of the first hour, on the hour.</param>
    /// <param name="options">Fractions and stride; <see cref="ChronologicalSplitOptions.Default"/> when null.</param>
    /// <exception cref="ArgumentException">The fractions are out of range or the training part holds no window.</exception>
    public static ForecastSplit Chronological(ReadOnlySpan<float> loadKw, DateTime firstHour, ChronologicalSplitOptions? options = null)
    {
        options ??= ChronologicalSplitOptions.Default;
        if (!(options.TrainFraction > 0) || !(options.ValidationFraction >= 0) || options.TrainFraction + options.ValidationFraction > 1)
        {
            throw new ArgumentException(
                $"Fractions train {options.TrainFraction} and validation {options.ValidationFraction} must be positive and sum to at most 1.",
                nameof(options));
        }

        var trainEnd = (int)Math.Round(loadKw.Length * options.TrainFraction);
        var validationEnd = Math.Min(loadKw.Length, (int)Math.Round(loadKw.Length * (options.TrainFraction + options.ValidationFraction)));
        const int minimumTrainHours = ForecastWindows.InputHours + ForecastWindows.HorizonHours;
        if (trainEnd < minimumTrainHours)
        {
            throw new ArgumentException(
                $"The training part has {trainEnd} hours of {loadKw.Length}; a forecast window needs {minimumTrainHours}.",
                nameof(loadKw));
        }

        var history = new LoadHistory(loadKw, firstHour, LoadHistory.MeanScale(loadKw[..trainEnd]));
        return new ForecastSplit(
            history,
            ForecastWindows.Covering(history, 0, trainEnd, options.Stride),
            ForecastWindows.Covering(history, trainEnd, validationEnd, options.Stride),
            ForecastWindows.Covering(history, validationEnd, history.Hours, options.Stride));
    }
}
