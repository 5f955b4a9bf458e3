using Consortium.Fl.Aggregation;
using Consortium.Fl.Evaluation;
using Consortium.Fl.Forecasting;
using Consortium.Fl.Models;
using Consortium.Fl.Tests.Forecasting;
using Consortium.Fl.Training;

namespace Consortium.Fl.Tests.Training;

public class LocalTrainerTests
{
    private static readonly LoadForecastArchitecture Architecture = new(HiddenSize: 16);
    private static readonly ForecastSplit Split = ForecastSplit.Chronological(
        SyntheticLoad.NoisyWeeklyPattern(12, 1f, 1), SyntheticLoad.Monday, new ChronologicalSplitOptions(Stride: 3));

    private static ModelCheckpoint Initial => new(Architecture, Architecture.InitialParameters(2));

    [Fact]
    public void TrainingFitsTheTrainingWindowsBetterThanTheStartingModel()
    {
        var result = LocalTrainer.Train(Initial, Split.Train, new LocalTrainingOptions(Epochs: 3, BatchSize: 32));

        var before = ForecastEvaluator.Evaluate(Initial, Split.Train);
        var after = ForecastEvaluator.Evaluate(result.Model, Split.Train);
        Assert.True(after.RmseKw < 0.7 * before.RmseKw, $"RMSE {before.RmseKw:F3} kW before, {after.RmseKw:F3} kW after");
    }

    [Fact]
    public void SameSeedReproducesTheSameParametersBitForBit()
    {
        var options = new LocalTrainingOptions(BatchSize: 32, Seed: 17);
        var first = LocalTrainer.Train(Initial, Split.Train, options);
        var second = LocalTrainer.Train(Initial, Split.Train, options);
        Assert.Equal(first.Model.ToBytes(), second.Model.ToBytes());
    }

    [Fact]
    public void DifferentSeedsVisitBatchesInADifferentOrder()
    {
        var first = LocalTrainer.Train(Initial, Split.Train, new LocalTrainingOptions(BatchSize: 32, Seed: 1));
        var second = LocalTrainer.Train(Initial, Split.Train, new LocalTrainingOptions(BatchSize: 32, Seed: 2));
        Assert.NotEqual(first.Parameters, second.Parameters);
    }

    [Fact]
    public void ResultReportsTheWindowsItTrainedOnAndTheStepsTaken()
    {
        var result = LocalTrainer.Train(Initial, Split.Train, new LocalTrainingOptions(Epochs: 2, BatchSize: 50));

        Assert.Equal(Split.Train.Count, result.SampleCount);
        Assert.Equal(2 * (int)Math.Ceiling(Split.Train.Count / 50.0), result.Steps);
        Assert.True(double.IsFinite(result.MeanLoss) && result.MeanLoss > 0);
    }

    [Fact]
    public void GlobalModelIsLeftUntouched()
    {
        var global = Initial;
        var copy = (float[])global.Parameters.Clone();
        LocalTrainer.Train(global, Split.Train, new LocalTrainingOptions(BatchSize: 64));
        Assert.Equal(copy, global.Parameters);
    }

    [Fact]
    public void ProximalTermKeepsTheLocalModelCloserToTheGlobalOne()
    {
        var global = Initial;
        var free = LocalTrainer.Train(global, Split.Train, new LocalTrainingOptions(BatchSize: 32));
        var anchored = LocalTrainer.Train(global, Split.Train, new LocalTrainingOptions(BatchSize: 32, ProximalMu: 50));

        var freeDrift = ParameterAggregation.L2Distance(free.Parameters, global.Parameters);
        var anchoredDrift = ParameterAggregation.L2Distance(anchored.Parameters, global.Parameters);
        Assert.True(anchoredDrift < freeDrift, $"drift {anchoredDrift:F4} with μ = 50, {freeDrift:F4} without");
    }

    [Fact]
    public void MlpTrainsReproduciblyAndFitsTheTrainingWindows()
    {
        var mlp = new LoadForecastArchitecture(HiddenSize: 32, Layers: 2, Kind: ForecastModelKind.Mlp);
        var initial = new ModelCheckpoint(mlp, mlp.InitialParameters(2));
        var options = new LocalTrainingOptions(Epochs: 5, BatchSize: 32, Seed: 5);

        var first = LocalTrainer.Train(initial, Split.Train, options);
        var second = LocalTrainer.Train(initial, Split.Train, options);

        Assert.Equal(first.Model.ToBytes(), second.Model.ToBytes());
        Assert.Equal(ForecastModelKind.Mlp, first.Model.LoadForecast.Kind);
        var before = ForecastEvaluator.Evaluate(initial, Split.Train);
        var after = ForecastEvaluator.Evaluate(first.Model, Split.Train);
        Assert.True(after.RmseKw < 0.7 * before.RmseKw, $"RMSE {before.RmseKw:F3} kW before, {after.RmseKw:F3} kW after");
    }

    [Fact]
    public void ProximalTermAlsoAnchorsTheMlp()
    {
        var mlp = new LoadForecastArchitecture(HiddenSize: 16, Layers: 1, Kind: ForecastModelKind.Mlp);
        var global = new ModelCheckpoint(mlp, mlp.InitialParameters(3));
        var free = LocalTrainer.Train(global, Split.Train, new LocalTrainingOptions(Epochs: 2, BatchSize: 32));
        var anchored = LocalTrainer.Train(global, Split.Train, new LocalTrainingOptions(Epochs: 2, BatchSize: 32, ProximalMu: 50));

        Assert.True(
            ParameterAggregation.L2Distance(anchored.Parameters, global.Parameters) < ParameterAggregation.L2Distance(free.Parameters, global.Parameters));
    }

    [Fact]
    public void EmptyWindowSetIsRejected()
    {
        var history = new LoadHistory(new float[100], SyntheticLoad.Monday, 1f);
        Assert.Throws<ArgumentException>(() => LocalTrainer.Train(Initial, ForecastWindows.Covering(history, 0, 100)));
    }

    [Fact]
    public void CancelledTrainingStopsWithoutAResult()
    {
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();
        Assert.Throws<OperationCanceledException>(() => LocalTrainer.Train(Initial, Split.Train, cancellationToken: cancellation.Token));
    }

    [Fact]
    public void InvalidOptionsAreRejectedBeforeTraining()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => LocalTrainer.Train(Initial, Split.Train, new LocalTrainingOptions(Epochs: 0)));
        Assert.Throws<ArgumentOutOfRangeException>(() => LocalTrainer.Train(Initial, Split.Train, new LocalTrainingOptions(LearningRate: -1)));
    }
}
