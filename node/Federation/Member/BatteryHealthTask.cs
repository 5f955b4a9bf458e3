using Consortium.Contracts.Ledger;
using Consortium.Data.BatteryAgeing;
using Consortium.Fl.Battery;
using Consortium.Fl.Models;
using Consortium.Network.Federation;
using Consortium.Node.Store;

namespace Consortium.Node.Federation.Member;

/// <summary>
/// An automaker's part in the battery-health model: the per-cycle records of its cells from its store, split by cell
/// (<see cref="CellSplit"/>), each cycle's charge-curve features standardized with the automaker's own training
/// statistics. Each round trains both parts of the task's model (<see cref="BatteryModelArchitecture"/>): the
/// state-of-health estimator on every training cycle, and the capacity-fade forecaster on every training cycle with a
/// history and a measured state of health ahead. A model is measured on the estimates and the forecasts together, in
/// percentage points of state of health.
/// </summary>
public sealed class BatteryHealthTask : IMemberTask
{
    private readonly CellSplit _split;
    private readonly double _trainMeanSoh;

    /// <summary>Reads the automaker's cells from its store.</summary>
    /// <exception cref="InvalidOperationException">The store holds no cells, or too few to split.</exception>
    public BatteryHealthTask(NodeStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        var cells = store.LoadCells() ?? throw new InvalidOperationException($"The store {store.Path} holds no battery cells; run the import with --cells first.");
        try
        {
            _split = CellSplit.Of(cells);
        }
        catch (ArgumentException error)
        {
            throw new InvalidOperationException($"The store {store.Path}: {error.Message}", error);
        }

        _trainMeanSoh = _split.TrainSamples.Soh.Average();
    }

    /// <inheritdoc />
    public FederatedTask Task => FederatedTask.BatteryHealth;

    /// <inheritdoc />
    public string Name => "the battery-health model";

    /// <inheritdoc />
    /// <remarks>Every cycle estimated at the training cycles' mean state of health, and forecast along its recent fade.</remarks>
    public string BaselineLabel => "training-mean+recent-slope";

    /// <summary>The split of the automaker's cells.</summary>
    public CellSplit Split => _split;

    /// <inheritdoc />
    /// <remarks>Samples are cycles; no sites, and the mean state of health of the training cycles in place of a mean load.</remarks>
    public MemberProfile Profile(string name, ChainAddress address) =>
        new(name, address, [], _split.TrainSamples.Count, _split.ValidationSamples.Count, _trainMeanSoh);

    /// <inheritdoc />
    public MemberTraining Train(ModelCheckpoint global, int epochs, ulong seed, double proximalMu, CancellationToken cancellationToken)
    {
        var architecture = Architecture(global);
        var options = new BatteryTrainingOptions(Epochs: epochs, Seed: seed, ProximalMu: proximalMu);
        var estimator = BatteryHealthTrainer.Train(architecture.Estimator, BatteryModel.EstimatorPart(architecture, global.Parameters), _split.TrainSamples, options, cancellationToken);
        var forecaster = BatteryModel.Forecaster(architecture);
        var fade = _split.FadeTrainSamples.Count == 0
            ? BatteryModel.ForecasterPart(architecture, global.Parameters).ToArray()
            : CapacityFadeTrainer.Train(forecaster, BatteryModel.ForecasterPart(architecture, global.Parameters), _split.FadeTrainSamples, options, cancellationToken);
        var model = new ModelCheckpoint(architecture, [.. estimator, .. fade]);
        var errors = Errors("train", model, _split.TrainSamples, _split.FadeTrainSamples);
        return new MemberTraining(model, _split.TrainSamples.Count, errors.Mse);
    }

    /// <inheritdoc />
    public ErrorSums Evaluate(string label, ModelCheckpoint model, EvaluationSplit split, CancellationToken cancellationToken) =>
        split == EvaluationSplit.Test
            ? Errors(label, model, _split.TestSamples, _split.FadeTestSamples)
            : Errors(label, model, _split.ValidationSamples, _split.FadeValidationSamples);

    /// <inheritdoc />
    public ErrorSums Baseline(EvaluationSplit split)
    {
        var (samples, fade) = split == EvaluationSplit.Test
            ? (_split.TestSamples, _split.FadeTestSamples)
            : (_split.ValidationSamples, _split.FadeValidationSamples);
        var estimated = new double[samples.Count];
        Array.Fill(estimated, _trainMeanSoh);
        return Sums(BaselineLabel, estimated, samples.Soh).Plus(ForecastSums(CapacityFadeBaselines.RecentSlope(fade), fade));
    }

    /// <summary>The estimator's errors alone on a split's cycles (the figure comparable with the published estimators').</summary>
    public ErrorSums EstimatorErrors(string label, ModelCheckpoint model, EvaluationSplit split)
    {
        var architecture = Architecture(model);
        var samples = split == EvaluationSplit.Test ? _split.TestSamples : _split.ValidationSamples;
        return Sums(label, BatteryHealthTrainer.Estimate(architecture.Estimator, BatteryModel.EstimatorPart(architecture, model.Parameters), samples), samples.Soh);
    }

    /// <summary>The estimator's training-mean estimate alone on a split's cycles.</summary>
    public ErrorSums EstimatorBaseline(EvaluationSplit split)
    {
        var samples = split == EvaluationSplit.Test ? _split.TestSamples : _split.ValidationSamples;
        var estimated = new double[samples.Count];
        Array.Fill(estimated, _trainMeanSoh);
        return Sums("training-mean", estimated, samples.Soh);
    }

    /// <summary>The forecaster's errors alone on a split's forecasting samples, over every horizon with a measured target.</summary>
    public ErrorSums ForecasterErrors(string label, ModelCheckpoint model, EvaluationSplit split)
    {
        var architecture = Architecture(model);
        var fade = split == EvaluationSplit.Test ? _split.FadeTestSamples : _split.FadeValidationSamples;
        return ForecastSums(CapacityFadeTrainer.Forecast(BatteryModel.Forecaster(architecture), BatteryModel.ForecasterPart(architecture, model.Parameters), fade), fade) with { Label = label };
    }

    /// <summary>Fewest cycles a cell needs for its fade to be fitted.</summary>
    public const int MinimumFadeCycles = CapacityFadeSamples.HistoryCycles;

    /// <summary>
    /// The capacity fade per cycle the model's forecaster gives on every cell of this automaker, summed by chemistry: from
    /// every cycle with <see cref="CapacityFadeSamples.HistoryCycles"/> cycles of history, the average fade it forecasts
    /// over the next 50 cycles (lab cycles are full cycles, so a cycle is an equivalent full cycle). Cells of no stated
    /// chemistry are left out. Only these sums leave the node.
    /// </summary>
    /// <exception cref="ModelFormatException">The model is not one this task runs.</exception>
    public IReadOnlyList<ChemistryFade> Fade(ModelCheckpoint model, CancellationToken cancellationToken)
    {
        var architecture = Architecture(model);
        cancellationToken.ThrowIfCancellationRequested();
        var cells = _split.Train.Concat(_split.Validation).Concat(_split.Test).Where(c => !string.IsNullOrWhiteSpace(c.Chemistry)).ToList();
        var rates = CapacityFadeRates.Forecast(BatteryModel.Forecaster(architecture), BatteryModel.ForecasterPart(architecture, model.Parameters), cells, _split.Scaling);
        return [.. rates.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => new ChemistryFade(r.Key, r.Value.FadePerCycleSum, r.Value.Count))];
    }

    private ErrorSums Errors(string label, ModelCheckpoint model, BatterySamples samples, CapacityFadeSamples fade)
    {
        var architecture = Architecture(model);
        var estimated = BatteryHealthTrainer.Estimate(architecture.Estimator, BatteryModel.EstimatorPart(architecture, model.Parameters), samples);
        var sums = Sums(label, estimated, samples.Soh);
        return fade.Count == 0
            ? sums
            : sums.Plus(ForecastSums(CapacityFadeTrainer.Forecast(BatteryModel.Forecaster(architecture), BatteryModel.ForecasterPart(architecture, model.Parameters), fade), fade));
    }

    /// <summary>Error sums of forecasts laid out by sample then horizon, over the targets the cells measured.</summary>
    private static ErrorSums ForecastSums(ReadOnlySpan<double> forecast, CapacityFadeSamples fade)
    {
        double squared = 0, absolute = 0, actual = 0;
        long count = 0;
        var outputs = CapacityFadeArchitecture.Outputs;
        for (var i = 0; i < fade.Count; i++)
        {
            for (var h = 0; h < outputs; h++)
            {
                if (!fade.HasTarget(i, h))
                {
                    continue;
                }

                var measured = fade.TargetSoh[(i * outputs) + h];
                var error = forecast[(i * outputs) + h] - measured;
                squared += error * error;
                absolute += Math.Abs(error);
                actual += measured;
                count++;
            }
        }

        return new ErrorSums("forecast", squared, absolute, actual, count);
    }

    private BatteryModelArchitecture Architecture(ModelCheckpoint model)
    {
        if (model.Architecture is not BatteryModelArchitecture architecture)
        {
            throw new ModelFormatException($"The model is a {model.Architecture.Describe()}, not the battery task's model.");
        }

        if (architecture.Features != _split.TrainSamples.Features)
        {
            throw new ModelFormatException(
                $"The model reads {architecture.Features} features per cycle; this member's cells carry {_split.TrainSamples.Features}.");
        }

        return architecture;
    }

    private static ErrorSums Sums(string label, ReadOnlySpan<double> estimated, ReadOnlySpan<double> measured)
    {
        double squared = 0, absolute = 0, actual = 0;
        for (var i = 0; i < measured.Length; i++)
        {
            var error = estimated[i] - measured[i];
            squared += error * error;
            absolute += Math.Abs(error);
            actual += measured[i];
        }

        return new ErrorSums(label, squared, absolute, actual, measured.Length);
    }
}
