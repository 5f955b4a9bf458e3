using System.Text.Json.Nodes;
using Consortium.Data.Councils;
using Consortium.Experiments.Forecasting;
using Consortium.Fl.Models;

namespace Consortium.Experiments.Tests.Forecasting;

/// <summary>
/// A tiny experiment on the bundled data, run once for the test class: three operators plus a
/// five-member consortium, two rounds of the MLP on every 24th window, a few settings (DP local, on the secure sum and
/// on a simulated sum of 50 members).
/// </summary>
public sealed class TinyExperiment
{
    public TinyExperiment()
    {
        Options = new ExperimentOptions
        {
            Rounds = 2,
            LocalEpochs = 1,
            WindowStride = 24,
            Model = ForecastModelKind.Mlp,
            Parallelism = 2,
            AttackConsortia = [(1, 5)],
            Epsilons = [3],
            DpSimulatedEpsilon = 3,
        };
        Data = ExperimentData.FromScottishCouncils(ScottishCouncilData.Load(ScottishCouncilData.LocateRoot()), 3, [5], Options.WindowStride);
        var signFlip = new AttackScenario(AttackKind.SignFlip, 1, 5, Options.SignFlipFactor);
        Settings =
        [
            new(SettingKind.SeasonalNaive, null, null, null, null, 3),
            new(SettingKind.LocalOnly, null, null, null, null, 3),
            new(SettingKind.Centralized, null, null, null, null, 3),
            new(SettingKind.Federated, "fedavg", "mean", null, null, 3),
            new(SettingKind.Federated, "fedadam", "mean", null, null, 3),
            new(SettingKind.Federated, "fedavg", "mean", null, null, 5),
            new(SettingKind.Federated, "fedavg", "mean", signFlip, null, 5),
            new(SettingKind.Federated, "fedavg", "median", signFlip, null, 5),
            new(SettingKind.Federated, "fedavg", "mean", null, new PrivacyTarget(3, 1e-5), 3),
            new(SettingKind.Federated, "fedavg", "mean", null, new PrivacyTarget(3, 1e-5, PrivacyMode.SecureSum), 3),
            new(SettingKind.Federated, "fedavg", "mean", null, new PrivacyTarget(3, 1e-5, PrivacyMode.SecureSum, SimulatedMembers: 50), 3),
        ];
        Results = new ExperimentRunner(Data, Options, TextWriter.Null).RunAsync(Settings).GetAwaiter().GetResult();
        Targets = ExperimentTargets.Evaluate(Results.Settings);
        Report = ExperimentReport.Build(Results, Targets);
    }

    public ExperimentOptions Options { get; }

    public ExperimentData Data { get; }

    public IReadOnlyList<ExperimentSetting> Settings { get; }

    public ExperimentResults Results { get; }

    public IReadOnlyList<TargetCheck> Targets { get; }

    public JsonObject Report { get; }

    public SettingResult Find(Func<ExperimentSetting, bool> match) => Results.Settings.Single(r => match(r.Setting));
}
