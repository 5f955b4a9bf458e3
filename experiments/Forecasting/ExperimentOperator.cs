using Consortium.Data.Loads;
using Consortium.Fl.Forecasting;

namespace Consortium.Experiments.Forecasting;

/// <summary>
/// One simulated member: an operator's summed site load with its own chronological split. Training
/// reads every <c>stride</c>-th window; evaluation reads every window of the validation and test parts.
/// </summary>
public sealed class ExperimentOperator
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<double, Lazy<ExperimentOperator>> _corrupted = new();

    /// <summary>Splits <paramref name="load"/> chronologically (70 / 15 / 15 %).</summary>
    /// <param name="name">Operator name, unique within its consortium.</param>
    /// <param name="sites">The sites whose load it sums.</param>
    /// <param name="load">The summed hourly load.</param>
    /// <param name="trainingStride">Hours between the starts of consecutive training windows.</param>
    public ExperimentOperator(string name, IReadOnlyList<string> sites, HourlyLoadSeries load, int trainingStride)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(sites);
        ArgumentNullException.ThrowIfNull(load);
        ArgumentOutOfRangeException.ThrowIfLessThan(trainingStride, 1);
        Name = name;
        Sites = sites;
        Load = load;
        TrainingStride = trainingStride;
        Split = ForecastSplit.Chronological(load.Kw, load.FirstHour, ChronologicalSplitOptions.Default);
        Training = trainingStride == 1
            ? Split.Train
            : ForecastSplit.Chronological(load.Kw, load.FirstHour, ChronologicalSplitOptions.Default with { Stride = trainingStride }).Train;
        if (Split.Test.Count == 0)
        {
            throw new ArgumentException($"Operator {name}'s series of {load.Kw.Length} hours leaves no test window.", nameof(load));
        }
    }

    /// <summary>Operator name.</summary>
    public string Name { get; }

    /// <summary>The sites whose load it sums.</summary>
    public IReadOnlyList<string> Sites { get; }

    /// <summary>The summed hourly load.</summary>
    public HourlyLoadSeries Load { get; }

    /// <summary>Hours between training windows.</summary>
    public int TrainingStride { get; }

    /// <summary>The split at a window every hour: validation and test windows, the scale, the history.</summary>
    public ForecastSplit Split { get; }

    /// <summary>The training windows, every <see cref="TrainingStride"/> hours.</summary>
    public ForecastWindows Training { get; }

    /// <summary>Start hour (index into the series) of the training part's end: the first hour not trained on.</summary>
    public int TrainingEndHour => Split.Train.TargetStarts[^1] + ForecastWindows.HorizonHours;

    /// <summary>
    /// The same operator with corrupted labels, as a label-corruption attacker trains: every other day
    /// of its series mirrored about its training mean and stretched by <paramref name="factor"/>
    /// (mean − factor·(load − mean)), so each day's load is the opposite of the day before and of the
    /// same day a week before. The mean, and so the scale, stays about the same; what follows a week of
    /// load is the opposite of what truly follows it. One object per factor, so trainings on it can be
    /// remembered.
    /// </summary>
    public ExperimentOperator WithCorruptedLabels(double factor) => _corrupted.GetOrAdd(factor, f => new Lazy<ExperimentOperator>(() => CorruptLabels(f))).Value;

    private ExperimentOperator CorruptLabels(double factor)
    {
        var mean = Split.History.ScaleKw;
        var corrupted = new float[Load.Kw.Length];
        for (var h = 0; h < corrupted.Length; h++)
        {
            var oddDay = h / ForecastWindows.HorizonHours % 2 == 1;
            corrupted[h] = oddDay ? (float)(mean - (factor * (Load.Kw[h] - mean))) : Load.Kw[h];
        }

        return new ExperimentOperator(Name, Sites, Load with { Kw = corrupted }, TrainingStride);
    }
}
