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
            // Each size: its non-private FedAvg (unless already planned), then local DP and DP on the secure sum at every ε.
            var sizes = new List<int> { n };
            sizes.AddRange(options.DpConsortia);
            if (options.DpBySite && data.BySite is { } sites)
            {
                sizes.Add(sites.Count);
            }

            foreach (var size in sizes.Distinct().Where(s => data.TryGet(s, out _)))
            {
                if (!settings.Any(s => s is { Kind: SettingKind.Federated, Strategy: "fedavg", Aggregator: StrategyCatalog.Mean, Attack: null, Privacy: null } && s.Members == size))
                {
                    settings.Add(new(SettingKind.Federated, "fedavg", StrategyCatalog.Mean, null, null, size));
                }

                foreach (var mode in new[] { PrivacyMode.Local, PrivacyMode.SecureSum })
                {
                    foreach (var epsilon in options.Epsilons)
                    {
                        settings.Add(new(SettingKind.Federated, "fedavg", StrategyCatalog.Mean, null, new PrivacyTarget(epsilon, options.Delta, mode), size));
                    }
                }
            }

            // Past the data: larger consortia simulated on the per-site one, and one simulated point checked against a measured one.
            if (options.DpBySite && data.BySite is { } bySite)
            {
                foreach (var members in options.DpSimulatedMembers.Where(m => m > bySite.Count).Distinct().Order())
                {
                    settings.Add(new(SettingKind.Federated, "fedavg", StrategyCatalog.Mean, null, new PrivacyTarget(options.DpSimulatedEpsilon, options.Delta, PrivacyMode.SecureSum, members), bySite.Count));
                }

                var check = options.DpConsortia.Where(s => s < bySite.Count && data.TryGet(s, out _)).DefaultIfEmpty(n).Max();
                settings.Add(new(SettingKind.Federated, "fedavg", StrategyCatalog.Mean, null, new PrivacyTarget(options.DpSimulatedEpsilon, options.Delta, PrivacyMode.SecureSum, bySite.Count), check));
            }
        }

        return settings;
    }
}
