using Consortium.Data.BatteryAgeing;
using Consortium.Fl.Battery;
using static Consortium.Fl.Tests.Battery.CapacityFadeSamplesTests;

namespace Consortium.Fl.Tests.Battery;

public sealed class CapacityFadeTrainerTests
{
    /// <summary>No hidden layer, seven inputs (the history and two features): the forecaster is linear in its inputs.</summary>
    private static readonly CapacityFadeArchitecture Linear7 = new(Inputs: CapacityFadeSamples.HistoryInputs + 2, HiddenSize: 1, Layers: 0);

    [Fact]
    public void TheDefaultForecasterHasOneOutputPerHorizonAndItsParametersInOneVector()
    {
        var architecture = CapacityFadeArchitecture.Default;

        Assert.Equal([50, 100, 200], CapacityFadeArchitecture.Horizons);
        Assert.Equal(21, architecture.Inputs);
        Assert.Equal((21 * 32) + 32 + (32 * 32) + 32 + (32 * 3) + 3, architecture.ParameterCount);
        Assert.Equal(architecture.ParameterCount, architecture.BodyParameterCount + architecture.HeadParameterCount);
        Assert.Equal(99, architecture.HeadParameterCount);
        Assert.Equal(architecture.ParameterCount, architecture.InitialParameters(3).Length);
        Assert.Equal(architecture.InitialParameters(3), architecture.InitialParameters(3));
        Assert.NotEqual(architecture.InitialParameters(3), architecture.InitialParameters(4));
        Assert.Equal(0f, architecture.InitialParameters(3)[(21 * 32)..((21 * 32) + 32)].Max(v => Math.Abs(v)));
    }

    [Fact]
    public void AForecasterThatCarriesTheRecentFadeForecastsALinearCellExactlyAndItsFadeRatePerChemistry()
    {
        BatteryCell[] cells = [Linear("ncm", 300, 0.04), Linear("lfp", 400, 0.01, chemistry: "LFP"), Linear("unknown", 200, 0.02, chemistry: "")];
        var parameters = CarryRecentFade();
        var samples = CapacityFadeSamples.From(cells, Scaling(cells));

        var forecast = CapacityFadeTrainer.Forecast(Linear7, parameters, samples);
        var errors = CapacityFadeTrainer.Evaluate(Linear7, parameters, samples);
        var rates = CapacityFadeRates.Forecast(Linear7, parameters, cells, Scaling(cells), horizon: 100);
        var measured = CapacityFadeRates.Measured(samples, horizon: 100);
        var whereMeasured = CapacityFadeRates.Forecast(Linear7, parameters, samples, horizon: 100, whereMeasured: true);

        Assert.Equal(samples.Count * 3, forecast.Length);
        Assert.Equal(samples.CurrentSoh[0] - (0.04 * 200), forecast[2], 4);

        // The five-cycle median lags two cycles behind the line, so a forecast from it is 2·fade high.
        Assert.Equal(samples.Cells.Sum(c => c.Count * 2 * (c.Chemistry switch { "NCM" => 0.04, "LFP" => 0.01, _ => 0.02 })) / samples.Count, errors.At(50).Mae, 4);
        Assert.Equal(["LFP", "NCM"], rates.Keys);
        Assert.Equal(0.04, rates["NCM"].PerCyclePercent, 5);
        Assert.Equal(0.01, rates["LFP"].PerCyclePercent, 5);
        Assert.Equal(300 - 50, rates["NCM"].Count);
        // Measured from the same median, two cycles behind: the drop over h cycles covers h + 2 cycles of the line.
        Assert.Equal(0.04 * 102 / 100, measured["NCM"].PerCyclePercent, 9);
        Assert.Equal(300 - 50 - 100, measured["NCM"].Count);
        Assert.Equal(measured["NCM"].Count, whereMeasured["NCM"].Count);
        Assert.Equal(0.04, whereMeasured["NCM"].PerCyclePercent, 5);
    }

    [Fact]
    public void TrainingOnRealCellsBeatsForecastingNoFadeOnUnseenCells()
    {
        var cells = BundledBatteryData.Load(out _)["XJTU"].Take(6).ToArray();
        var scaling = FeatureScaling.Fit(cells[..4]);
        var train = CapacityFadeSamples.From(cells[..4], scaling);
        var test = CapacityFadeSamples.From(cells[4..], scaling);
        var options = new BatteryTrainingOptions(Epochs: 15, LearningRate: 3e-3, BatchSize: 64, Seed: 2);
        var start = CapacityFadeArchitecture.Default.InitialParameters(1);

        var before = CapacityFadeTrainer.Evaluate(CapacityFadeArchitecture.Default, start, test);
        var trained = CapacityFadeTrainer.Train(CapacityFadeArchitecture.Default, start, train, options);
        var after = CapacityFadeTrainer.Evaluate(CapacityFadeArchitecture.Default, trained, test);
        var noFade = CapacityFadeTrainer.Score(CapacityFadeBaselines.NoFade(test), test);

        for (var k = 0; k < CapacityFadeArchitecture.Outputs; k++)
        {
            Assert.True(after.PerHorizon[k].Mae < before.PerHorizon[k].Mae / 2, $"horizon {CapacityFadeArchitecture.Horizons[k]}: MAE {after.PerHorizon[k].Mae:F2} pp after training, {before.PerHorizon[k].Mae:F2} before");
            Assert.True(after.PerHorizon[k].Mae < noFade.PerHorizon[k].Mae, $"horizon {CapacityFadeArchitecture.Horizons[k]}: MAE {after.PerHorizon[k].Mae:F2} pp trained, {noFade.PerHorizon[k].Mae:F2} forecasting no fade");
        }

        Assert.Equal(trained, CapacityFadeTrainer.Train(CapacityFadeArchitecture.Default, start, train, options));
    }

    [Fact]
    public void MembersSumsPoolToTheErrorsAndFadeRatesOfAllTheirCellsAtOnce()
    {
        BatteryCell[] first = [Noisy("a", 260, 0.04, 1), Noisy("b", 180, 0.02, 2, "LFP")];
        BatteryCell[] second = [Noisy("c", 320, 0.03, 3), Noisy("d", 150, 0.05, 4, "NCA")];
        var scaling = Scaling([.. first, .. second]);
        var parameters = Linear7.InitialParameters(9);
        var a = CapacityFadeSamples.From(first, scaling);
        var b = CapacityFadeSamples.From(second, scaling);

        var pooled = CapacityFadeErrors.Pool([CapacityFadeTrainer.Evaluate(Linear7, parameters, a), CapacityFadeTrainer.Evaluate(Linear7, parameters, b)]);
        var together = CapacityFadeTrainer.Evaluate(Linear7, parameters, CapacityFadeSamples.Concat([a, b]));
        var pooledRates = CapacityFadeRates.Pool([CapacityFadeRates.Forecast(Linear7, parameters, first, scaling), CapacityFadeRates.Forecast(Linear7, parameters, second, scaling)]);
        var allRates = CapacityFadeRates.Forecast(Linear7, parameters, [.. first, .. second], scaling);

        for (var k = 0; k < CapacityFadeArchitecture.Outputs; k++)
        {
            Assert.Equal(together.PerHorizon[k].Count, pooled.PerHorizon[k].Count);
            Assert.Equal(together.PerHorizon[k].Mae, pooled.PerHorizon[k].Mae, 9);
            Assert.Equal(together.PerHorizon[k].Rmse, pooled.PerHorizon[k].Rmse, 9);
            Assert.Equal(together.PerHorizon[k].Mape, pooled.PerHorizon[k].Mape, 9);
        }

        Assert.Equal(together.AllHorizons.Mae, pooled.AllHorizons.Mae, 9);
        Assert.Equal(["LFP", "NCA", "NCM"], pooledRates.Keys);
        foreach (var (chemistry, sums) in allRates)
        {
            Assert.Equal(sums.Count, pooledRates[chemistry].Count);
            Assert.Equal(sums.PerCyclePercent, pooledRates[chemistry].PerCyclePercent, 9);
        }
    }

    [Fact]
    public void BadShapesVectorsHorizonsAndForecastsAreRefusedByName()
    {
        BatteryCell[] cells = [Linear("a", 200, 0.04)];
        var samples = CapacityFadeSamples.From(cells, Scaling(cells));

        var inputs = Assert.Throws<ArgumentException>(() => CapacityFadeTrainer.Train(CapacityFadeArchitecture.Default, CapacityFadeArchitecture.Default.InitialParameters(1), samples, new BatteryTrainingOptions()));
        var vector = Assert.Throws<ArgumentException>(() => CapacityFadeTrainer.Forecast(Linear7, new float[5], samples));
        var horizon = Assert.Throws<ArgumentOutOfRangeException>(() => CapacityFadeRates.Measured(samples, horizon: 75));
        var score = Assert.Throws<ArgumentException>(() => CapacityFadeTrainer.Score(new double[samples.Count], samples));
        var layers = Assert.Throws<ArgumentOutOfRangeException>(() => new CapacityFadeArchitecture(Layers: 9).InitialParameters(1));
        var history = Assert.Throws<ArgumentOutOfRangeException>(() => new CapacityFadeArchitecture(Inputs: 4).Validate());
        var perHorizon = Assert.Throws<ArgumentException>(() => new CapacityFadeErrors([default, default]));
        var nothing = Assert.Throws<ArgumentException>(() => CapacityFadeErrors.Pool([]));
        var notFinite = Assert.Throws<ArgumentOutOfRangeException>(() => default(SohErrorSums).Add(double.NaN, 90));

        Assert.Contains("reads 21 inputs per sample, the samples hold 7", inputs.Message);
        Assert.Contains($"has {Linear7.ParameterCount} parameters, the vector 5", vector.Message);
        Assert.Contains("forecasts 50, 100, 200 cycles ahead", horizon.Message);
        Assert.Contains($"{samples.Count} samples need {samples.Count * 3} forecasts", score.Message);
        Assert.Equal("Layers", layers.ParamName);
        Assert.Equal("Inputs", history.ParamName);
        Assert.Contains("3 horizons, the errors 2", perHorizon.Message);
        Assert.Contains("no errors to pool", nothing.Message);
        Assert.Contains("Cannot score the forecast NaN", notFinite.Message);
        Assert.True(double.IsNaN(default(SohErrorSums).Mae));
    }

    /// <summary>The linear forecaster whose every output is the history's least-squares fade input: the recent fade carried on.</summary>
    private static float[] CarryRecentFade()
    {
        var parameters = new float[Linear7.ParameterCount];
        for (var k = 0; k < CapacityFadeArchitecture.Outputs; k++)
        {
            parameters[(k * Linear7.Inputs) + 4] = 1;
        }

        return parameters;
    }

    /// <summary>A linearly fading cell with a deterministic ripple, so errors differ sample to sample.</summary>
    private static BatteryCell Noisy(string id, int cycles, double fade, int seed, string chemistry = "NCM")
    {
        var random = new Random(seed);
        return new BatteryCell(id, "lab", chemistry, 2.0, [.. Enumerable.Range(1, cycles).Select(n =>
            new CellCycle(id, n, (100 - (fade * n) + random.NextDouble() - 0.5) / 100 * 2.0, 2.0, [(float)random.NextDouble(), n % 5]))]);
    }
}
