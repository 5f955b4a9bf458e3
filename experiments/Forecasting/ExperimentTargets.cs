using Consortium.Fl.Strategies;

namespace Consortium.Experiments.Forecasting;

/// <summary>
/// The targets, checked on the results. "Best" settings are picked by validation RMSE (the
/// test part is never used to choose); the comparisons are in mean operator test RMSE.
/// </summary>
public static class ExperimentTargets
{
    /// <summary>Federated may be at most this much worse than centralized.</summary>
    public const double CentralizedTolerance = 0.05;

    /// <summary>Under attack the best robust aggregator may be at most this much worse than attack-free.</summary>
    public const double AttackTolerance = 0.10;

    /// <summary>FedAvg under attack counts as hurt when this much worse than attack-free.</summary>
    public const double HurtThreshold = 0.10;

    /// <summary>Every check that the results allow (a check whose settings were not run is left out).</summary>
    public static IReadOnlyList<TargetCheck> Evaluate(IReadOnlyList<SettingResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var checks = new List<TargetCheck>();
        var best = BestFederated(results);
        var centralized = results.FirstOrDefault(r => r.Setting.Kind == SettingKind.Centralized);
        var local = results.FirstOrDefault(r => r.Setting.Kind == SettingKind.LocalOnly);
        var naive = results.FirstOrDefault(r => r.Setting.Kind == SettingKind.SeasonalNaive);
        if (best is not null)
        {
            var fed = best.MeanOperatorRmse;
            if (centralized is not null)
            {
                var ratio = fed / centralized.MeanOperatorRmse;
                checks.Add(new TargetCheck(
                    "federated-vs-centralized",
                    $"best federated strategy ({best.Setting.Strategy}) at most {CentralizedTolerance:P0} worse than centralized in mean operator RMSE",
                    ratio <= 1 + CentralizedTolerance,
                    ratio,
                    1 + CentralizedTolerance,
                    best.Setting.Label,
                    centralized.Setting.Label));
            }

            if (local is not null)
            {
                var ratio = fed / local.MeanOperatorRmse;
                checks.Add(new TargetCheck(
                    "federated-vs-local-only",
                    $"best federated strategy ({best.Setting.Strategy}) better than the mean of local-only models",
                    ratio < 1,
                    ratio,
                    1,
                    best.Setting.Label,
                    local.Setting.Label));
            }

            if (naive is not null)
            {
                var ratio = fed / naive.MeanOperatorRmse;
                checks.Add(new TargetCheck(
                    "federated-vs-seasonal-naive",
                    $"best federated strategy ({best.Setting.Strategy}) better than seasonal naive",
                    ratio < 1,
                    ratio,
                    1,
                    best.Setting.Label,
                    naive.Setting.Label));
            }
        }

        foreach (var group in results.Where(r => r.Setting.Attack is not null).GroupBy(r => r.Setting.Attack!))
        {
            var attack = group.Key;
            var reference = results.FirstOrDefault(r => r.Setting is { Kind: SettingKind.Federated, Attack: null, Privacy: null, Strategy: "fedavg", Aggregator: "mean" } && r.Members.Count == attack.Members);
            if (reference is null)
            {
                continue;
            }

            var honest = group.First().Operators.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
            var clean = reference.MeanRmseOf(honest);
            var name = $"{attack.KindName}-{attack.Attackers}-of-{attack.Members}";
            if (group.FirstOrDefault(r => r.Setting.Aggregator == "mean") is { } plain)
            {
                var ratio = plain.MeanOperatorRmse / clean;
                checks.Add(new TargetCheck(
                    $"fedavg-hurt-{name}",
                    $"plain FedAvg visibly hurt ({HurtThreshold:P0} or more worse than attack-free) by {attack.KindName}, {attack.Attackers} of {attack.Members}",
                    ratio >= 1 + HurtThreshold,
                    ratio,
                    1 + HurtThreshold,
                    plain.Setting.Label,
                    reference.Setting.Label));
            }

            var robust = group.Where(r => r.Setting.Aggregator != "mean").MinBy(r => r.MeanRmseOf(honest, validation: true));
            if (robust is not null)
            {
                var ratio = robust.MeanOperatorRmse / clean;
                checks.Add(new TargetCheck(
                    $"robust-{name}",
                    $"best robust aggregator ({robust.Setting.Aggregator}) within {AttackTolerance:P0} of attack-free under {attack.KindName}, {attack.Attackers} of {attack.Members}",
                    ratio <= 1 + AttackTolerance,
                    ratio,
                    1 + AttackTolerance,
                    robust.Setting.Label,
                    reference.Setting.Label));
            }
        }

        return checks;
    }

    /// <summary>
    /// The federated setting of the base consortium (no attack, no DP, mean aggregator) with the lowest
    /// mean operator validation RMSE; null when none was run.
    /// </summary>
    public static SettingResult? BestFederated(IReadOnlyList<SettingResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var members = BaseMembers(results);
        return results
            .Where(r => r.Setting is { Kind: SettingKind.Federated, Attack: null, Privacy: null, Aggregator: StrategyCatalog.Mean } && r.Members.Count == members)
            .MinBy(r => r.MeanOperatorValidationRmse);
    }

    private static int BaseMembers(IReadOnlyList<SettingResult> results) =>
        results.FirstOrDefault(r => r.Setting.Kind != SettingKind.Federated)?.Members.Count
        ?? results.Where(r => r.Setting.Attack is null).Select(r => r.Members.Count).DefaultIfEmpty(0).Min();
}
