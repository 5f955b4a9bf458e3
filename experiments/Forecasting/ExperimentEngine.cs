using System.Diagnostics;
using Consortium.Fl.Aggregation;
using Consortium.Fl.Evaluation;
using Consortium.Fl.Models;
using Consortium.Fl.Privacy;
using Consortium.Fl.Strategies;
using Consortium.Fl.Training;
using Consortium.Fl.Validation;

namespace Consortium.Experiments.Forecasting;

/// <summary>
/// Runs one <see cref="ExperimentSetting"/> in-process: members are simulated participants, each
/// training on its own split; no chain and no network. Every setting starts from the same initial
/// model, trains for the same number of epochs and is measured on the same test hours.
/// </summary>
internal sealed class ExperimentEngine(ExperimentData data, ExperimentOptions options, TrainingCache cache)
{
    private readonly LoadForecastArchitecture _architecture = LoadForecastArchitecture.For(options.Model);
    private readonly UpdateValidator _validator = new();

    /// <summary>Runs the setting; <paramref name="progress"/> receives a line per round.</summary>
    public SettingResult Run(int index, ExperimentSetting setting, Action<string> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(setting);
        var clock = Stopwatch.StartNew();
        if (!data.TryGet(setting.Members, out var consortium))
        {
            throw new InvalidOperationException($"No consortium of {setting.Members} operators was cut for '{setting.Label}'.");
        }

        var attackers = setting.Attack is { } attack ? consortium.Members.Take(attack.Attackers).ToList() : [];
        var honest = consortium.Members.Where(m => !attackers.Contains(m)).ToList();
        var excluded = new List<string>();
        PrivacyOutcome? privacy = null;
        IReadOnlyDictionary<string, ModelCheckpoint>? models = setting.Kind switch
        {
            SettingKind.SeasonalNaive => null,
            SettingKind.LocalOnly => LocalOnly(consortium, progress, cancellationToken),
            SettingKind.Centralized => Everyone(consortium, Centralized(consortium, cancellationToken)),
            SettingKind.Federated => Everyone(consortium, Federated(index, setting, consortium, excluded, out privacy, progress, cancellationToken)),
            _ => throw new InvalidOperationException($"Unknown setting kind {setting.Kind}."),
        };

        var schedule = DayAheadSchedule.ForTestPart(honest[0].Split);
        var outcomes = new List<OperatorOutcome>(honest.Count);
        var forecasts = new List<float[]>(honest.Count);
        var actuals = new List<float[]>(honest.Count);
        foreach (var member in honest)
        {
            var history = member.Split.History;
            var actual = schedule.Actual(history);
            float[] dayAhead;
            ForecastErrors test, validation;
            if (models is null)
            {
                dayAhead = schedule.SeasonalNaive(history);
                test = ForecastEvaluator.SeasonalNaive(member.Split.Test);
                validation = ForecastEvaluator.SeasonalNaive(member.Split.Validation);
            }
            else
            {
                var model = models[member.Name];
                dayAhead = schedule.Forecast(model, history, cancellationToken);
                test = ForecastEvaluator.Evaluate(model, member.Split.Test, cancellationToken);
                validation = ForecastEvaluator.Evaluate(model, member.Split.Validation, cancellationToken);
            }

            outcomes.Add(new OperatorOutcome(member.Name, test, validation, ForecastErrors.Measure(dayAhead, actual)));
            forecasts.Add(dayAhead);
            actuals.Add(actual);
        }

        return new SettingResult(
            index,
            setting,
            consortium.Members.Select(m => m.Name).ToList(),
            attackers.Select(m => m.Name).ToList(),
            outcomes,
            RegionalSeries.Sum(schedule.FirstHour, forecasts, actuals),
            privacy,
            excluded,
            clock.Elapsed.TotalSeconds)
        {
            DayAhead = honest.Select((m, i) => (m.Name, i)).ToDictionary(p => p.Name, p => (forecasts[p.i], actuals[p.i]), StringComparer.Ordinal),
        };
    }

    /// <summary>The model every setting starts from.</summary>
    public ModelCheckpoint InitialModel() => new(_architecture, _architecture.InitialParameters((ulong)options.Seed));

    /// <summary>Local training options of one member in one round (round 0: the single long local-only or centralized run).</summary>
    public LocalTrainingOptions TrainingOptions(int round, int member, int epochs) => new(
        Epochs: epochs,
        BatchSize: options.BatchSize,
        LearningRate: options.LearningRate,
        Seed: unchecked(((ulong)options.Seed * 1_000_003UL) + ((ulong)round * 1_009UL) + (ulong)member));

    /// <summary>The median over the members of their first-round change norm, from the same (remembered) training the round runs.</summary>
    private double MedianFirstRoundChangeNorm(AggregationStrategy strategy, ModelCheckpoint initial, IReadOnlyList<ExperimentOperator> members, CancellationToken cancellationToken)
    {
        var updates = new List<MemberUpdate>(members.Count);
        for (var i = 0; i < members.Count; i++)
        {
            var result = cache.Train(members[i].Training, initial, strategy.ConfigureTraining(1, TrainingOptions(1, i, options.LocalEpochs)), cancellationToken);
            updates.Add(new MemberUpdate(members[i].Name, result.Parameters, result.SampleCount));
        }

        return MedianChangeNorm(initial.Parameters, updates);
    }

    /// <summary>The seed of a member's DP noise in one round of one setting: fixed, so runs can be replayed.</summary>
    private ulong NoiseSeed(int setting, int round, int member) =>
        unchecked(((ulong)options.Seed * 0x9E3779B97F4A7C15UL) ^ ((ulong)setting << 40) ^ ((ulong)round << 20) ^ (ulong)member);

    /// <summary>
    /// One secure round with distributed DP: every member that can still afford the round clips its change and adds its
    /// noise share; the shares are encoded and summed as the protocol does (<see cref="SecureSumSimulation"/>), or, for a
    /// simulated consortium of <paramref name="simulatedMembers"/>, the noise of that many shares is drawn at once. The
    /// strategy moves the global model by the mean change, as the coordinator does with a secure sum.
    /// </summary>
    private ModelCheckpoint SecureSumRound(
        int index,
        int round,
        ModelCheckpoint global,
        LocalTrainingResult?[] trained,
        DistributedNoiseOptions noise,
        int? simulatedMembers,
        PrivacyBudget[] budgets,
        AggregationStrategy strategy,
        List<string> excluded,
        ref long clippedByEncoding)
    {
        var changes = new List<float[]>(trained.Length);
        var seeds = new List<ulong>(trained.Length);
        for (var i = 0; i < trained.Length; i++)
        {
            if (trained[i] is not { } result)
            {
                continue;
            }

            if (!budgets[i].CanAfford(noise.NoiseMultiplier))
            {
                excluded.Add($"round {round}, member {i + 1}: privacy budget ε = {budgets[i].TargetEpsilon} spent ({budgets[i].Spent})");
                continue;
            }

            changes.Add(SecureSumSimulation.ClippedChange(global.Parameters, result.Parameters, noise.ClipNorm));
            seeds.Add(NoiseSeed(index, round, i));
            budgets[i].Spend(noise.NoiseMultiplier);
        }

        double[] mean;
        if (simulatedMembers is { } m)
        {
            mean = SecureSumSimulation.SimulatedMeanChange(changes, noise, m, NoiseSeed(index, round, trained.Length));
        }
        else if (changes.Count >= noise.MinimumMembers)
        {
            mean = SecureSumSimulation.MeanChange(changes, noise, seeds, out var clipped);
            clippedByEncoding += clipped;
        }
        else
        {
            excluded.Add($"round {round}: {changes.Count} inputs, fewer than m_min = {noise.MinimumMembers}; no sum released, model unchanged");
            return global;
        }

        var moved = new float[global.Parameters.Length];
        for (var i = 0; i < moved.Length; i++)
        {
            moved[i] = (float)(global.Parameters[i] + mean[i]);
        }

        return new ModelCheckpoint(global.Architecture, strategy.Aggregate(global.Parameters, [new MemberUpdate("secure-sum", moved, 1)]));
    }

    /// <summary>The median over the updates of ‖update − global‖: the round's bound for the norm-bounded mean.</summary>
    private static double MedianChangeNorm(float[] global, IReadOnlyList<MemberUpdate> updates)
    {
        var norms = new double[updates.Count];
        NormBounding.DeltaNorms(global, updates.Select(u => (ReadOnlyMemory<float>)u.Parameters).ToList(), norms);
        Array.Sort(norms);
        var middle = norms.Length / 2;
        var median = norms.Length % 2 == 1 ? norms[middle] : (norms[middle - 1] + norms[middle]) / 2;
        return median > 0 ? median : double.Epsilon;
    }

    private static Dictionary<string, ModelCheckpoint> Everyone(ExperimentConsortium consortium, ModelCheckpoint model) =>
        consortium.Members.ToDictionary(m => m.Name, _ => model, StringComparer.Ordinal);

    private Dictionary<string, ModelCheckpoint> LocalOnly(ExperimentConsortium consortium, Action<string> progress, CancellationToken cancellationToken)
    {
        var initial = InitialModel();
        var epochs = options.Rounds * options.LocalEpochs;
        var models = new Dictionary<string, ModelCheckpoint>(StringComparer.Ordinal);
        for (var i = 0; i < consortium.Count; i++)
        {
            var member = consortium.Members[i];
            models[member.Name] = cache.Train(member.Training, initial, TrainingOptions(0, i, epochs), cancellationToken).Model;
            progress($"operator {i + 1}/{consortium.Count} ({member.Name}) trained {epochs} epochs");
        }

        return models;
    }

    private ModelCheckpoint Centralized(ExperimentConsortium consortium, CancellationToken cancellationToken)
    {
        var pooled = PooledWindows.Build(consortium.Members, options.WindowStride);
        return cache.Train(pooled, InitialModel(), TrainingOptions(0, consortium.Count, options.Rounds * options.LocalEpochs), cancellationToken).Model;
    }

    private ModelCheckpoint Federated(
        int index,
        ExperimentSetting setting,
        ExperimentConsortium consortium,
        List<string> excluded,
        out PrivacyOutcome? privacy,
        Action<string> progress,
        CancellationToken cancellationToken)
    {
        var strategyName = setting.Strategy ?? "fedavg";
        var aggregatorName = setting.Aggregator ?? StrategyCatalog.Mean;

        // The norm-bounded mean's bound is the round's median change norm, so its rule is made anew each
        // round; training is configured by the strategy alone, whatever the aggregator.
        var perRoundBound = aggregatorName == StrategyCatalog.NormBoundedMean;
        var strategy = perRoundBound
            ? StrategyCatalog.Create(strategyName, StrategyCatalog.Mean, consortium.Count, options)
            : StrategyCatalog.Create(strategyName, aggregatorName, consortium.Count, options);
        var attack = setting.Attack;
        privacy = null;
        var global = InitialModel();
        var members = consortium.Members;
        var trained = new LocalTrainingResult?[members.Count];
        ClientPrivacyOptions? dp = null;
        DistributedNoiseOptions? distributed = null;
        var sumMembers = members.Count;
        long clippedByEncoding = 0;
        PrivacyBudget[] budgets = [];
        if (setting.Privacy is { } target)
        {
            var clip = options.DpClipNorm ?? MedianFirstRoundChangeNorm(strategy, global, members, cancellationToken);
            budgets = members.Select(_ => new PrivacyBudget(target.Epsilon, target.Delta)).ToArray();
            if (target.Mode == PrivacyMode.SecureSum)
            {
                // The sum's noise is that of M inputs, m_min = M − slack of them enough for the guarantee.
                sumMembers = target.SimulatedMembers ?? members.Count;
                distributed = DistributedNoiseOptions.ForBudget(clip, target.Epsilon, target.Delta, options.Rounds, Math.Max(1, sumMembers - options.DpSumSlack));
            }
            else
            {
                dp = ClientPrivacyOptions.ForBudget(clip, target.Epsilon, target.Delta, options.Rounds);
            }
        }

        for (var round = 1; round <= options.Rounds; round++)
        {
            var roundClock = Stopwatch.StartNew();

            // Start with a different member in each setting, so that settings running side by side on
            // one consortium train different members first and then find each other's shared runs.
            Array.Clear(trained);
            for (var step = 0; step < members.Count; step++)
            {
                var i = (step + index) % members.Count;
                var member = members[i];
                var windows = attack is { Kind: AttackKind.LabelCorruption } && i < attack.Attackers ? member.WithCorruptedLabels(attack.Factor).Training : member.Training;
                try
                {
                    trained[i] = cache.Train(windows, global, strategy.ConfigureTraining(round, TrainingOptions(round, i, options.LocalEpochs)), cancellationToken);
                }
                catch (ModelFormatException e)
                {
                    excluded.Add($"round {round}, {member.Name}: {e.Message}");
                }
            }

            if (distributed is not null)
            {
                global = SecureSumRound(index, round, global, trained, distributed, setting.Privacy!.SimulatedMembers, budgets, strategy, excluded, ref clippedByEncoding);
                progress($"round {round}/{options.Rounds} ({roundClock.Elapsed.TotalSeconds:F0} s)");
                continue;
            }

            var updates = new List<MemberUpdate>(members.Count);
            for (var i = 0; i < members.Count; i++)
            {
                if (trained[i] is not { } result)
                {
                    continue;
                }

                var parameters = result.Parameters;
                if (attack is not null && i < attack.Attackers && attack.Kind != AttackKind.LabelCorruption)
                {
                    parameters = new float[parameters.Length];
                    UpdateAttacks.ScaleChange(global.Parameters, result.Parameters, UpdateAttacks.ChangeFactor(attack), parameters);
                }
                else if (dp is not null)
                {
                    if (!budgets[i].CanAfford(dp.NoiseMultiplier))
                    {
                        excluded.Add($"round {round}, {members[i].Name}: privacy budget ε = {budgets[i].TargetEpsilon} spent ({budgets[i].Spent})");
                        continue;
                    }

                    parameters = UpdatePrivatizer.Privatize(global.Parameters, result.Parameters, dp, NoiseSeed(index, round, i), out _);
                    budgets[i].Spend(dp.NoiseMultiplier);
                }

                updates.Add(new MemberUpdate(members[i].Name, parameters, result.SampleCount));
            }

            var (accepted, rejected) = _validator.Screen(global.Parameters, updates);
            foreach (var rejection in rejected)
            {
                excluded.Add($"round {round}, {rejection}");
            }

            var aggregation = perRoundBound && accepted.Count > 0
                ? StrategyCatalog.Create(strategyName, aggregatorName, consortium.Count, options, MedianChangeNorm(global.Parameters, accepted))
                : strategy;
            global = new ModelCheckpoint(global.Architecture, aggregation.Aggregate(global.Parameters, accepted));
            progress($"round {round}/{options.Rounds} ({roundClock.Elapsed.TotalSeconds:F0} s)");
        }

        if (distributed is not null)
        {
            privacy = new PrivacyOutcome(
                distributed.NoiseMultiplier,
                distributed.ClipNorm,
                budgets.Max(b => b.Spent.Epsilon),
                setting.Privacy!.Delta,
                distributed.SumStandardDeviation(sumMembers) / distributed.ClipNorm * Math.Sqrt(global.Parameters.Length) / sumMembers,
                distributed.MinimumMembers,
                sumMembers,
                setting.Privacy.SimulatedMembers is null ? distributed.EncodingRange : null,
                clippedByEncoding);
        }

        if (dp is not null)
        {
            privacy = new PrivacyOutcome(
                dp.NoiseMultiplier,
                dp.ClipNorm,
                budgets.Max(b => b.Spent.Epsilon),
                setting.Privacy!.Delta,
                dp.NoiseMultiplier * Math.Sqrt((double)global.Parameters.Length / members.Count));
        }

        return global;
    }
}
