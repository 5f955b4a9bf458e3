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
            ["local-only", "centralized", "federated", "federated", "federated-personalized", "federated-fine-tuned", "attack", "attack", "attack",
             "newcomer-zero-shot", "newcomer-fine-tuned", "newcomer-all-cells", "newcomer-zero-shot", "newcomer-fine-tuned", "newcomer-all-cells",
             "newcomer-zero-shot", "newcomer-fine-tuned", "newcomer-all-cells"],
            results.Settings.Select(r => r.Setting));
        Assert.Equal(["XJTU", "TJU", "MIT"], results.Settings[0].Members.Keys);
        Assert.Equal(["XJTU", "MIT"], results.Settings.First(r => r.Setting == "attack").Members.Keys);
        var constant = ConstantMae(experiment);
        Assert.True(results.Settings[0].Mean.Mae < constant, $"local-only {results.Settings[0].Mean.Mae:F2} pp against {constant:F2} for the members' mean training state of health");
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
                ["setting", "strategy", "aggregator", "attack", "members", "mean", "seconds"],
                first.EnumerateObject().Select(p => p.Name));
            Assert.Equal(["mae", "rmse", "mape"], first.GetProperty("members").GetProperty("TJU").EnumerateObject().Select(p => p.Name));
            Assert.Equal("battery", json.RootElement.GetProperty("task").GetString());
            Assert.Equal(0.64, json.RootElement.GetProperty("anchor").GetProperty("XJTU").GetProperty("pinnMae").GetDouble());
        }
        finally
        {
            File.Delete(path);
        }
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
