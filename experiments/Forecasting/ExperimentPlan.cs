namespace Consortium.Experiments.Forecasting;

/// <summary>The settings of the full experiment, in report order.</summary>
public static class ExperimentPlan
{
    /// <summary>The groups of settings that can be run alone (<c>--settings</c>).</summary>
    public static IReadOnlyList<string> Groups { get; } = ["baselines", "strategies", "attacks", "dp"];

    /// <summary>
    /// Seasonal naive, local-only and centralized on the base consortium; federated with every strategy
    /// (mean aggregator); for each attacked consortium the attack-free federated reference and every
    /// attack kind with FedAvg under every aggregator; FedAvg with DP at each ε. Settings whose
    /// consortium <paramref name="data"/> could not cut are left out.
    /// </summary>
    /// <param name="options">Rounds, attack factors, privacy targets.</param>
    /// <param name="data">The consortia.</param>
    /// <param name="groups">The <see cref="Groups"/> to include; all when null.</param>
    public static IReadOnlyList<ExperimentSetting> Full(ExperimentOptions options, ExperimentData data, IReadOnlyCollection<string>? groups = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(data);
        if (groups?.FirstOrDefault(g => !Groups.Contains(g)) is { } unknown)
        {
            throw new ArgumentException($"'{unknown}' is not a group of settings; use {string.Join(", ", Groups)}.", nameof(groups));
        }

        bool Wanted(string group) => groups is null || groups.Contains(group);
        var n = data.Base.Count;
        var settings = new List<ExperimentSetting>();
        if (Wanted("baselines"))
        {
            settings.Add(new(SettingKind.SeasonalNaive, null, null, null, null, n));
            settings.Add(new(SettingKind.LocalOnly, null, null, null, null, n));
            settings.Add(new(SettingKind.Centralized, null, null, null, null, n));
        }

        if (Wanted("strategies"))
        {
            foreach (var strategy in options.Strategies)
            {
                settings.Add(new(SettingKind.Federated, strategy, StrategyCatalog.Mean, null, null, n));
            }
        }

        foreach (var (attackers, members) in Wanted("attacks") ? options.AttackConsortia : [])
        {
            if (!data.TryGet(members, out _))
            {
                continue;
            }

            settings.Add(new(SettingKind.Federated, "fedavg", "mean", null, null, members));
            foreach (var kind in Enum.GetValues<AttackKind>())
            {
                var factor = kind switch
                {
                    AttackKind.SignFlip => options.SignFlipFactor,
                    AttackKind.Scaled => options.ScaledFactor,
                    _ => options.LabelCorruptionFactor,
                };
                foreach (var aggregator in StrategyCatalog.Aggregators)
                {
                    settings.Add(new(SettingKind.Federated, "fedavg", aggregator, new AttackScenario(kind, attackers, members, factor), null, members));
                }
            }
        }

        if (Wanted("dp"))
        {
            foreach (var epsilon in options.Epsilons)
            {
                settings.Add(new(SettingKind.Federated, "fedavg", StrategyCatalog.Mean, null, new PrivacyTarget(epsilon, options.Delta), n));
            }
        }

        return settings;
    }
}
