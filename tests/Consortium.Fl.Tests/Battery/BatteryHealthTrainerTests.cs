using Consortium.Data.BatteryAgeing;
using Consortium.Fl.Battery;
using Consortium.Fl.Models;

namespace Consortium.Fl.Tests.Battery;

public sealed class BatteryHealthTrainerTests
{
    private static readonly BatteryHealthArchitecture Small = new(Features: 2, HiddenSize: 8, Layers: 1);

    [Fact]
    public void TrainingLearnsAStateOfHealthThatFollowsTheFeatures()
    {
        var cells = Cells(seed: 1);
        var scaling = FeatureScaling.Fit(cells);
        var samples = BatterySamples.From(cells, scaling);
        var start = Small.InitialParameters(5);

        var before = BatteryHealthTrainer.Evaluate(Small, start, samples);
        var trained = BatteryHealthTrainer.Train(Small, start, samples, new BatteryTrainingOptions(Epochs: 60, BatchSize: 16));
        var after = BatteryHealthTrainer.Evaluate(Small, trained, BatterySamples.From(Cells(seed: 2), scaling));

        Assert.True(after.Mae < before.Mae / 5, $"MAE {after.Mae:F3} pp on unseen cells after training, {before.Mae:F3} before");
        Assert.Equal(trained, BatteryHealthTrainer.Train(Small, start, samples, new BatteryTrainingOptions(Epochs: 60, BatchSize: 16)));
    }

    [Fact]
    public void TheScalingIsFittedOnTheCellsGivenAndAConstantFeatureIsOnlyCentred()
    {
        var cells = new[]
        {
            new BatteryCell("a", "lab", "LFP", 1.0, [new CellCycle("a", 1, 0.9, 1.0, [1f, 5f]), new CellCycle("a", 2, 0.8, 1.0, [3f, 5f])]),
        };

        var scaling = FeatureScaling.Fit(cells);
        var standardized = new float[2];
        scaling.Apply([3f, 5f], standardized);

        Assert.Equal([2.0, 5.0], scaling.Mean);
        Assert.Equal([1.0, 1.0], scaling.Std);
        Assert.Equal([1f, 0f], standardized);
    }

    [Fact]
    public void ErrorsAreInPercentagePointsAndMapeRelativeToTheMeasurement()
    {
        var errors = SohErrors.Of([91.0, 78.0], [90.0, 80.0]);

        Assert.Equal(1.5, errors.Mae, 12);
        Assert.Equal(Math.Sqrt(2.5), errors.Rmse, 12);
        Assert.Equal(100 * ((1 / 90.0) + (2 / 80.0)) / 2, errors.Mape, 12);
    }

    [Fact]
    public void AnEstimatorForOtherFeaturesOrAVectorOfAnotherLengthIsRefused()
    {
        var samples = BatterySamples.From(Cells(seed: 1), FeatureScaling.Fit(Cells(seed: 1)));

        var features = Assert.Throws<ArgumentException>(() => BatteryHealthTrainer.Train(BatteryHealthArchitecture.Default, BatteryHealthArchitecture.Default.InitialParameters(1), samples, new BatteryTrainingOptions()));
        var length = Assert.Throws<ArgumentException>(() => BatteryHealthTrainer.Estimate(Small, new float[3], samples));

        Assert.Contains("reads 16 features per cycle, the samples hold 2", features.Message);
        Assert.Contains($"has {Small.ParameterCount} parameters, the vector 3", length.Message);
    }

    /// <summary>Cells whose state of health is 100 − 10·x₁ + 2·x₂ (percent) of two features drawn with the seed.</summary>
    private static BatteryCell[] Cells(int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, 6).Select(c =>
        {
            var id = $"c{seed}-{c}";
            var cycles = Enumerable.Range(1, 40).Select(n =>
            {
                var x1 = (float)random.NextDouble();
                var x2 = (float)random.NextDouble();
                var soh = 100 - (10 * x1) + (2 * x2);
                return new CellCycle(id, n, soh / 100 * 2.0, 2.0, [x1, x2]);
            }).ToArray();
            return new BatteryCell(id, "lab", "NCM", 2.0, cycles);
        })];
    }
}
