using System.Text.Json;
using Consortium.Data.BatteryAgeing;
using Consortium.Experiments.Battery;

namespace Consortium.Experiments.Tests.Battery;

/// <summary>The battery experiment on a few cells of each lab and two rounds: the split, the settings and the report's shape.</summary>
public sealed class BatteryExperimentTests
{
    private static readonly Lazy<IReadOnlyDictionary<string, IReadOnlyList<BatteryCell>>> Labs = new(() =>
        BundledBatteryData.Load(out _).ToDictionary(kv => kv.Key, kv => (IReadOnlyList<BatteryCell>)[.. kv.Value.Take(6)]));

    private static readonly BatteryExperimentOptions Small = new(Rounds: 2, LocalEpochs: 1, Seed: 3) { Strategies = ["fedavg", "fedprox"] };

    [Fact]
    public void EachMemberIsSplitByWholeCellsTheSameWayForEverySeedUse()
    {
        var first = new BatteryExperiment(Labs.Value, Small, TextWriter.Null).Splits;
        var again = new BatteryExperiment(Labs.Value, Small, TextWriter.Null).Splits;

        foreach (var (name, train, test) in first)
        {
            Assert.Empty(train.Select(c => c.Id).Intersect(test.Select(c => c.Id)));
            Assert.Equal(6, train.Count + test.Count);
            Assert.Equal(2, test.Count);
        }

        Assert.Equal(first.Select(s => s.Test.Select(c => c.Id).ToArray()), again.Select(s => s.Test.Select(c => c.Id).ToArray()));
    }

    [Fact]
    public void EverySettingIsReportedPerMemberAndTheTrainedSettingsBeatAConstantEstimate()
    {
        var experiment = new BatteryExperiment(Labs.Value, Small, TextWriter.Null);

        var results = experiment.Run();

        Assert.Equal(
            ["local-only", "centralized", "federated", "federated", "federated-personalized", "federated-fine-tuned", "federated-mixture", "attack", "attack", "attack",
             "newcomer-zero-shot", "newcomer-fine-tuned", "newcomer-all-cells", "newcomer-zero-shot", "newcomer-fine-tuned", "newcomer-all-cells",
             "newcomer-zero-shot", "newcomer-fine-tuned", "newcomer-all-cells"],
            results.Settings.Select(r => r.Setting));
        Assert.Equal(["XJTU", "TJU", "MIT"], results.Settings[0].Members.Keys);
        Assert.Equal(["XJTU", "MIT"], results.Settings.First(r => r.Setting == "attack").Members.Keys);
        var constant = ConstantMae(experiment);
        Assert.True(results.Settings[0].Mean.Mae < constant, $"local-only {results.Settings[0].Mean.Mae:F2} pp against {constant:F2} for the members' mean training state of health");
        Assert.Equal(
            ["naive-no-fade", "naive-recent-slope", "local-only", "centralized", "federated", "federated-personalized", "federated-fine-tuned"],
            results.Forecasts.Select(r => r.Setting));
        Assert.All(results.Forecasts, r => Assert.Equal(BatteryModels.Forecaster, r.Model));
        Assert.All(results.Settings, r => Assert.Equal(BatteryModels.Estimator, r.Model));
        var noFade = results.Forecasts[0].Horizons!["50"].Mean.Mae;
        var localForecast = results.Forecasts.Single(r => r.Setting == "local-only").Horizons!["50"].Mean.Mae;
        Assert.True(localForecast < noFade, $"the local-only forecaster ({localForecast:F2} pp 50 cycles ahead) should beat forecasting no fade ({noFade:F2} pp)");
        // The mixture's estimate is the mean of two models' estimates: its error can be no more than the mean of theirs.
        var local = results.Settings.Single(r => r.Setting == "local-only");
        var tuned = results.Settings.Single(r => r.Setting == "federated-fine-tuned");
        foreach (var (name, mixed) in results.Settings.Single(r => r.Setting == "federated-mixture").Members)
        {
            Assert.True(mixed.Mae <= ((local.Members[name].Mae + tuned.Members[name].Mae) / 2) + 1e-9, $"{name}: mixture {mixed.Mae:F3} pp against {local.Members[name].Mae:F3} and {tuned.Members[name].Mae:F3}");
        }

        var attackedMean = results.Settings.Single(r => r.Setting == "attack" && r.Aggregator == "mean").Mean.Mae;
        var attackedMedian = results.Settings.Single(r => r.Setting == "attack" && r.Aggregator == "median").Mean.Mae;
        Assert.True(attackedMedian < attackedMean, $"the median ({attackedMedian:F2} pp) should resist the sign flip that wrecks the mean ({attackedMean:F2} pp)");
    }

    [Fact]
    public void TheReportHasTheFieldsScriptsRead()
    {
        var results = new BatteryExperiment(Labs.Value, Small with { Strategies = ["fedavg"] }, TextWriter.Null).Run();
        var path = Path.Combine(Path.GetTempPath(), $"battery-{Guid.NewGuid():N}.json");
        try
        {
            BatteryExperimentReport.Write(path, results);

            using var json = JsonDocument.Parse(File.ReadAllText(path));
            var first = json.RootElement.GetProperty("results")[0];
            Assert.Equal(
                ["setting", "model", "strategy", "aggregator", "attack", "members", "mean", "seconds"],
                first.EnumerateObject().Select(p => p.Name));
            var forecaster = json.RootElement.GetProperty("results").EnumerateArray().First(r => r.GetProperty("model").GetString() == "forecaster" && r.GetProperty("setting").GetString() == "local-only");
            Assert.Equal(["50", "100", "200"], json.RootElement.GetProperty("forecastHorizons").EnumerateArray().Select(h => h.GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture)));
            Assert.Equal(["mae", "rmse", "mape"], forecaster.GetProperty("horizons").GetProperty("50").GetProperty("members").GetProperty("MIT").EnumerateObject().Select(p => p.Name));
            Assert.Equal(
                ["forecast", "samples", "forecastWhereMeasured", "measured", "measuredSamples"],
                forecaster.GetProperty("fadePerCycle").GetProperty("50").GetProperty("LFP").EnumerateObject().Select(p => p.Name));
            Assert.True(forecaster.GetProperty("fadePerCycle").GetProperty("50").GetProperty("LFP").GetProperty("forecast").GetDouble() > 0);
            Assert.Equal(["mae", "rmse", "mape"], first.GetProperty("members").GetProperty("TJU").EnumerateObject().Select(p => p.Name));
            Assert.Equal("battery", json.RootElement.GetProperty("task").GetString());
            Assert.Equal(0.64, json.RootElement.GetProperty("anchor").GetProperty("XJTU").GetProperty("pinnMae").GetDouble());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void TheForecasterAloneCanBeRunAndAnUnknownModelIsRefused()
    {
        var results = new BatteryExperiment(Labs.Value, Small with { Models = [BatteryModels.Forecaster] }, TextWriter.Null).Run();

        Assert.Empty(results.Settings);
        Assert.Equal(7, results.Forecasts.Count);
        Assert.Contains("Forecaster: test MAE", BatteryExperimentReport.Table(results));
        var unknown = Assert.Throws<ArgumentException>(() => new BatteryExperiment(Labs.Value, Small with { Models = ["lstm"] }, TextWriter.Null));
        Assert.Contains("not 'lstm'", unknown.Message);
    }

    private static double ConstantMae(BatteryExperiment experiment)
    {
        var errors = new List<double>();
        foreach (var (_, train, test) in experiment.Splits)
        {
            var mean = train.SelectMany(c => c.Cycles).Average(c => c.SohPercent);
            errors.Add(test.SelectMany(c => c.Cycles).Average(c => Math.Abs(c.SohPercent - mean)));
        }

        return errors.Average();
    }
}
