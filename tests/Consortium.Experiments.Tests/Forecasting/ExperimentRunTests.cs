using System.Text.Json.Nodes;
using Consortium.Experiments.Forecasting;
using Consortium.Fl.Strategies;

namespace Consortium.Experiments.Tests.Forecasting;

public sealed class ExperimentRunTests(TinyExperiment experiment) : IClassFixture<TinyExperiment>
{
    [Fact]
    public void ReportHasEveryRequiredFieldWithFiniteMetrics()
    {
        var results = experiment.Report["results"]!.AsArray();

        Assert.Equal(experiment.Settings.Count, results.Count);
        foreach (var node in results)
        {
            var result = node!.AsObject();
            Assert.Contains(result["setting"]!.GetValue<string>(), new[] { "seasonal-naive", "local-only", "centralized", "federated" });
            Assert.True(result.ContainsKey("strategy") && result.ContainsKey("aggregator") && result.ContainsKey("attack") && result.ContainsKey("dp"));
            var operators = result["operators"]!.AsObject();
            Assert.NotEmpty(operators);
            foreach (var (_, errors) in operators)
            {
                AssertFiniteErrors(errors!.AsObject());
            }

            AssertFiniteErrors(result["regional"]!.AsObject());
        }

        var naive = results.Single(r => r!["setting"]!.GetValue<string>() == "seasonal-naive")!;
        Assert.Null(naive["strategy"]);
        Assert.Null(naive["attack"]);
        var attacked = results.First(r => r!["attack"] is not null)!;
        Assert.Equal("sign-flip", attacked["attack"]!["kind"]!.GetValue<string>());
        Assert.Equal(1, attacked["attack"]!["attackers"]!.GetValue<int>());
        Assert.Equal(5, attacked["attack"]!["members"]!.GetValue<int>());
        Assert.NotEmpty(experiment.Report["targets"]!["checks"]!.AsArray());
    }

    [Fact]
    public void AttackersAreLeftOutOfTheReportedOperators()
    {
        var attacked = experiment.Find(s => s.Attack is not null && s.Aggregator == "mean");

        Assert.Equal(5, attacked.Members.Count);
        Assert.Single(attacked.Attackers);
        Assert.Equal(4, attacked.Operators.Count);
        Assert.DoesNotContain(attacked.Operators, o => attacked.Attackers.Contains(o.Name));
    }

    [Fact]
    public void RegionalErrorsAreThoseOfTheSummedSeries()
    {
        var naive = experiment.Find(s => s.Kind == SettingKind.SeasonalNaive);
        var members = experiment.Data.Base.Members;
        var regional = naive.Regional;
        var offset = (int)(regional.FirstHour - members[0].Load.FirstHour).TotalHours;
        double squared = 0, absolute = 0, actualSum = 0;
        for (var h = 0; h < regional.ActualKw.Length; h++)
        {
            double actual = 0, forecast = 0;
            foreach (var member in members)
            {
                actual += member.Load.Kw[offset + h];
                forecast += member.Load.Kw[offset + h - 168];
            }

            squared += (forecast - actual) * (forecast - actual);
            absolute += Math.Abs(forecast - actual);
            actualSum += actual;
        }

        var n = regional.ActualKw.Length;
        var rmse = Math.Sqrt(squared / n);
        Assert.Equal(0, regional.FirstHour.Hour);
        Assert.True(offset >= members[0].Split.Test.TargetStarts[0], "the regional hours lie in the test part");
        Assert.Equal(0, n % 24);
        Assert.Equal(rmse, regional.Errors.RmseKw, 1e-3);
        Assert.Equal(absolute / n, regional.Errors.MaeKw, 1e-3);
        Assert.Equal(rmse / (actualSum / n), regional.Errors.Nrmse, 1e-6);
        Assert.True(regional.Errors.RmseKw < naive.Operators.Sum(o => o.DayAhead.RmseKw), "errors of different operators partly cancel in the sum");
        var json = experiment.Report["results"]!.AsArray().Single(r => r!["setting"]!.GetValue<string>() == "seasonal-naive")!["regional"]!;
        Assert.Equal(rmse, json["rmse"]!.GetValue<double>(), 1e-3);
    }

    [Fact]
    public void SignFlipAttackHurtsFedAvgAndTheMedianResistsIt()
    {
        var reference = experiment.Find(s => s is { Kind: SettingKind.Federated, Attack: null, Members: 5 });
        var plain = experiment.Find(s => s.Attack is not null && s.Aggregator == "mean");
        var median = experiment.Find(s => s.Attack is not null && s.Aggregator == "median");
        var honest = plain.Operators.Select(o => o.Name).ToList();

        Assert.True(plain.MeanOperatorRmse > 1.1 * reference.MeanRmseOf(honest), $"FedAvg under sign-flip {plain.MeanOperatorRmse:F2} vs attack-free {reference.MeanRmseOf(honest):F2}");
        Assert.True(median.MeanOperatorRmse < plain.MeanOperatorRmse);
        var check = experiment.Targets.Single(t => t.Name == "fedavg-hurt-sign-flip-1-of-5");
        Assert.True(check.Passed);
    }

    [Fact]
    public void EveryModelSettingIsMeasuredOnTheSameTestWindowsAsSeasonalNaive()
    {
        var naive = experiment.Find(s => s.Kind == SettingKind.SeasonalNaive);
        foreach (var result in experiment.Results.Settings.Where(r => r.Members.Count == 3))
        {
            Assert.Equal(naive.Regional.FirstHour, result.Regional.FirstHour);
            Assert.Equal(naive.Regional.ActualKw, result.Regional.ActualKw);
            for (var i = 0; i < naive.Operators.Count; i++)
            {
                Assert.Equal(naive.Operators[i].Test.Count, result.Operators[i].Test.Count);
                Assert.Equal(naive.Operators[i].Test.SumActualKw, result.Operators[i].Test.SumActualKw, 1e-6);
            }
        }
    }

    [Fact]
    public void DpMembersStayWithinTheirBudgetAndTheirNoiseChangesTheModel()
    {
        var dp = experiment.Find(s => s.Privacy is { Mode: PrivacyMode.Local });
        var plain = experiment.Find(s => s is { Kind: SettingKind.Federated, Strategy: "fedavg", Attack: null, Privacy: null, Members: 3 });

        Assert.NotNull(dp.Privacy);
        Assert.True(dp.Privacy.NoiseMultiplier > 0);
        Assert.True(dp.Privacy.SpentEpsilon <= 3 + 1e-9 && dp.Privacy.SpentEpsilon > 2, $"spent ε = {dp.Privacy.SpentEpsilon}");
        Assert.True(dp.Privacy.ClipNorm > 0);
        Assert.NotEqual(plain.MeanOperatorRmse, dp.MeanOperatorRmse);
        var json = experiment.Report["results"]!.AsArray().Single(r => r!["dp"]?["mode"]?.GetValue<string>() == "local")!["dp"]!;
        Assert.Equal(3.0, json["epsilon"]!.GetValue<double>());
        Assert.Equal(1e-5, json["delta"]!.GetValue<double>());
        Assert.True(json["noiseMultiplier"]!.GetValue<double>() > 0);
    }

    [Fact]
    public void DpOnTheSecureSumAddsTheNoiseOnceAndReportsItsCost()
    {
        var local = experiment.Find(s => s.Privacy is { Mode: PrivacyMode.Local });
        var secure = experiment.Find(s => s.Privacy is { Mode: PrivacyMode.SecureSum, SimulatedMembers: null });
        var plain = experiment.Find(s => s is { Kind: SettingKind.Federated, Strategy: "fedavg", Attack: null, Privacy: null, Members: 3 });

        var privacy = secure.Privacy!;
        Assert.Equal(local.Privacy!.NoiseMultiplier, privacy.NoiseMultiplier); // the same budget, the same σ
        Assert.Equal((2, 3), (privacy.MinimumMembers, privacy.SumMembers)); // m_min = 3 members − slack 1
        Assert.Equal(0, privacy.ClippedByEncoding);
        Assert.True(privacy.EncodingRange > privacy.ClipNorm);
        Assert.InRange(privacy.SpentEpsilon, 2, 3 + 1e-9);

        // Noise in the mean: σ·√(d/3) locally, σ·√(d·3/2)/3 = σ·√(d/6) on the secure sum, for the same σ.
        Assert.Equal(Math.Sqrt(2), local.Privacy.NoiseToSignal / privacy.NoiseToSignal, 6);
        Assert.NotEqual(plain.MeanOperatorRmse, secure.MeanOperatorRmse);

        var json = experiment.Report["results"]!.AsArray().Single(r => r!["label"]!.GetValue<string>() == secure.Setting.Label)!["dp"]!;
        Assert.Equal("secure-sum", json["mode"]!.GetValue<string>());
        Assert.Equal(Math.Round((secure.MeanOperatorRmse / plain.MeanOperatorRmse) - 1, 4), json["relativeRmseCost"]!.GetValue<double>());
        Assert.Equal(Math.Round(plain.MeanOperatorRmse, 4), json["nonPrivateMeanOperatorRmse"]!.GetValue<double>());
    }

    [Fact]
    public void ASimulatedSumOfMoreMembersCarriesTheirNoiseOverTheirCount()
    {
        var real = experiment.Find(s => s.Privacy is { Mode: PrivacyMode.SecureSum, SimulatedMembers: null }).Privacy!;
        var simulated = experiment.Find(s => s.Privacy is { SimulatedMembers: 50 }).Privacy!;

        Assert.Equal((49, 50), (simulated.MinimumMembers, simulated.SumMembers));
        Assert.Null(simulated.EncodingRange);
        // σ·√(d·M/m_min)/M: the noise in the mean falls as 1/√M.
        var ratio = real.NoiseToSignal / simulated.NoiseToSignal;
        Assert.Equal(Math.Sqrt(3.0 / 2) / 3 / (Math.Sqrt(50.0 / 49) / 50), ratio, 6);

        var crossover = experiment.Report["dpSumCrossover"]!;
        Assert.Equal(3.0, crossover["epsilon"]!.GetValue<double>()); // the tiny experiment simulates at ε = 3
        Assert.Equal([3, 50], crossover["points"]!.AsArray().Select(p => p!["members"]!.GetValue<int>()));
    }

    [Fact]
    public void SettingsSharingTheirFirstRoundTrainItOnce()
    {
        Assert.True(experiment.Results.TrainingReuses > 0);
    }

    [Fact]
    public void PlotIsAPngWithContent()
    {
        var path = Path.Combine(Path.GetTempPath(), $"consortium-experiment-{Guid.NewGuid():N}.png");
        try
        {
            var best = ExperimentTargets.BestFederated(experiment.Results.Settings)!;
            ExperimentPlot.Write(path, best, experiment.Find(s => s.Kind == SettingKind.SeasonalNaive));

            var bytes = File.ReadAllBytes(path);
            Assert.True(bytes.Length > 20_000, $"{bytes.Length} bytes");
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static void AssertFiniteErrors(JsonObject errors)
    {
        foreach (var name in new[] { "rmse", "mae", "nrmse" })
        {
            var value = errors[name]!.GetValue<double>();
            Assert.True(double.IsFinite(value) && value >= 0, $"{name} = {value}");
        }
    }
}
