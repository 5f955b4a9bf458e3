using Consortium.Contracts.Ledger;
using System.Globalization;
using Consortium.Fl.Contribution;
using Consortium.Fl.Evaluation;
using Consortium.Fl.Forecasting;
using Consortium.Fl.Models;
using Consortium.Fl.Strategies;
using Consortium.Node.Federation.Member;
using Consortium.Node.Reporting;
using Consortium.Node.Store;

namespace Consortium.Node.Audit;

/// <summary>
/// Recomputes what a run's artifacts determine about its rounds: every stored model and update hashes to the hash it is
/// filed under, each round's aggregate from the stored updates with the report's strategy has the finalized hash, and
/// every score recomputed from the operators' own stores (with the seed taken from the chain) is the reported one. What
/// it cannot recompute (a store, a model, an update or an operator's data absent) is listed as not verified.
/// </summary>
internal sealed class RoundRecomputation : IDisposable
{
    private readonly DemoReport _report;
    private readonly DemoStores _stores;
    private readonly AuditOutcome _outcome;
    private readonly NodeStore? _coordinator;
    private readonly string _coordinatorAbsence;
    private readonly Dictionary<ChainAddress, (IMemberTask? Data, string Absence)> _members = [];
    private readonly AggregationStrategy? _strategy;
    private readonly string _strategyProblem = string.Empty;

    /// <summary>Why the strategy's server state no longer follows the coordinator's; empty while it does.</summary>
    private string _strategyStateLost = string.Empty;

    public RoundRecomputation(DemoReport report, DemoStores stores, AuditOutcome outcome)
    {
        _report = report;
        _stores = stores;
        _outcome = outcome;
        _coordinator = stores.OpenCoordinator(out _coordinatorAbsence);
        try
        {
            _strategy = ReportedStrategy(report);
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            _strategyProblem = $"the report's strategy does not parse: {e.Message}";
        }
    }

    /// <summary>Recomputes one round: its stored models and updates, then its scores and its aggregate.</summary>
    public async Task CheckAsync(RoundSection round, CancellationToken cancellationToken)
    {
        var subject = $"{RoundAudit.Subject(round)} artifacts";
        if (_coordinator is null)
        {
            _outcome.Unverified(subject, _coordinatorAbsence);
            LoseStrategyState(round, _coordinatorAbsence);
            return;
        }

        var opened = LoadModel(round.OpenedModelHash, subject, "opening model", required: true);
        if (round.SecureAggregation)
        {
            // Nobody but each member ever held its update: there is nothing to re-aggregate or re-score from.
            const string secret = "a secure round: each update stayed with its member and only their masked sum reached the coordinator";
            _outcome.Unverified($"{RoundAudit.Subject(round)} aggregate", secret);
            UnverifiedScores(round, secret);
            LoseStrategyState(round, secret);
            return;
        }

        // The new model is checked by recomputing its hash; bytes kept under it must still be its bytes.
        LoadModel(round.GlobalModelHash, subject, "new model", required: false);
        var updates = LoadUpdates(round, subject);
        if (!round.QuorumReached)
        {
            // Below quorum nothing is aggregated or scored; that the model stayed as it was is checked on chain.
            return;
        }

        var unavailable = opened is null ? "the round's opening model could not be read from the coordinator's store"
            : updates.Missing.Count > 0 ? string.Join("; ", updates.Missing)
            : _strategy is null ? _strategyProblem
            : _strategyStateLost;
        if (unavailable.Length > 0)
        {
            _outcome.Unverified($"{RoundAudit.Subject(round)} aggregate", unavailable);
            UnverifiedScores(round, unavailable);
            LoseStrategyState(round, unavailable);
            return;
        }

        await CheckScoresAsync(round, opened!, updates.Updates, cancellationToken).ConfigureAwait(false);
        CheckAggregate(round, opened!, updates.Updates);
    }

    /// <summary>
    /// The bytes stored under <paramref name="hash"/> when they hash to it. Bytes that hash to something else are a mismatch,
    /// no bytes at all leave the claim not verified; either way <see langword="null"/>.
    /// </summary>
    public static byte[]? LoadArtifact(NodeStore store, Hash32 hash, string subject, string what, AuditOutcome outcome)
    {
        var bytes = store.GetArtifact(hash);
        if (bytes is null)
        {
            outcome.Unverified(subject, $"the coordinator's store holds no {what} {hash}");
            return null;
        }

        if (Keccak.Hash(bytes) != hash)
        {
            outcome.Mismatch(subject, $"the bytes stored as {what} {hash} hash to {Keccak.Hash(bytes)}");
            return null;
        }

        return bytes;
    }

    /// <inheritdoc />
    public void Dispose() => _coordinator?.Dispose();

    /// <summary>Each reported score is the one the consortium's scoring rule gives on the operators' own validation data.</summary>
    private async Task CheckScoresAsync(RoundSection round, ModelCheckpoint global, List<MemberUpdate> updates, CancellationToken cancellationToken)
    {
        if (ReportedScoring(_report) is not { } method)
        {
            UnverifiedScores(round, $"the report's scoring method '{_report.Settings.GetValueOrDefault("scoring")}' is not one this node knows");
            return;
        }

        var splits = new List<IMemberTask>(updates.Count);
        var absent = new List<string>();
        foreach (var update in updates)
        {
            var (split, absence) = MemberData(round.Task, ChainAddress.Parse(update.MemberId));
            if (split is null)
            {
                absent.Add(absence);
            }
            else
            {
                splits.Add(split);
            }
        }

        if (absent.Count > 0)
        {
            // Every score is judged on the pooled data of all the round's members, so one store missing leaves them all unchecked.
            UnverifiedScores(round, string.Join("; ", absent));
            return;
        }

        // The coalitions are rebuilt as the members rebuild them: the updates combined by the rule, no server optimizer step.
        var aggregator = _strategy!.Aggregator;
        float[] Coalition(ulong coalition) => CoalitionModels.Combine(aggregator, global.Parameters, updates, CoalitionModels.Members(coalition));
        IReadOnlyList<long> scores;
        if (ReportedRewardRule(_report) is not { } rule)
        {
            UnverifiedScores(round, $"the report's reward rule '{_report.Settings.GetValueOrDefault("rewardRule")}' is not one this node knows");
            return;
        }

        if (rule == RewardRule.Pooled)
        {
            (scores, _, _) = await ContributionScoring.ScoreCoalitionsAsync(
                method,
                [.. updates.Select(u => u.MemberId)],
                (coalitions, _) => Task.FromResult<IReadOnlyList<double>>([.. coalitions.Select(coalition =>
                    PooledMse(global.Architecture, Coalition(coalition), splits, cancellationToken))]),
                new ShapleyOptions(),
                round.OpenedModelHash,
                round.Round,
                cancellationToken).ConfigureAwait(false);
        }
        else
        {
            // Each member's data judges every coalition apart, as each member does in the round (the served rule).
            var (_, served, _, _) = await ContributionScoring.ScoreServedAsync(
                method,
                [.. updates.Select(u => u.MemberId)],
                ServedRewardRule.ChangeNorms(global.Parameters, updates),
                (coalitions, _) => Task.FromResult<IReadOnlyList<IReadOnlyList<double>>>([.. coalitions.Select(coalition =>
                    ValidatorMses(global.Architecture, Coalition(coalition), splits, cancellationToken))]),
                new ShapleyOptions(),
                ReportedServedOptions(_report),
                round.OpenedModelHash,
                round.Round,
                cancellationToken).ConfigureAwait(false);
            scores = [.. served.Select(s => s.ChainScore)];
        }

        for (var i = 0; i < updates.Count; i++)
        {
            var reported = round.Scores.TryGetValue(ChainAddress.Parse(updates[i].MemberId), out var value) && double.IsFinite(value) ? (long?)ContributionScore.ToFixed(value) : null;
            if (scores[i] != reported)
            {
                _outcome.Mismatch(
                    $"{RoundAudit.Subject(round)} score of {updates[i].MemberId}",
                    $"recomputed from the artifacts and the operators' data: {scores[i]}, the report says {reported?.ToString(CultureInfo.InvariantCulture) ?? "none"}");
            }
        }
    }

    /// <summary>Aggregating the stored updates with the report's strategy gives the model the round was finalized with.</summary>
    private void CheckAggregate(RoundSection round, ModelCheckpoint global, List<MemberUpdate> updates)
    {
        // Aggregate (not preview): a strategy with server state moves it on round by round, as the coordinator's did.
        var recomputed = Keccak.Hash(new ModelCheckpoint(global.Architecture, _strategy!.Aggregate(global.Parameters, updates)).ToBytes());
        if (recomputed != round.GlobalModelHash)
        {
            _outcome.Mismatch($"{RoundAudit.Subject(round)} artifacts", $"aggregating the stored updates gives model {recomputed}, the round finalized {round.GlobalModelHash}");
        }
    }

    /// <summary>The model stored under the hash; one not stored is not verified only when <paramref name="required"/>.</summary>
    private ModelCheckpoint? LoadModel(Hash32 hash, string subject, string what, bool required)
    {
        if (!required && _coordinator!.GetArtifact(hash) is null)
        {
            return null;
        }

        return LoadArtifact(_coordinator!, hash, subject, what, _outcome) is { } bytes ? ParseModel(bytes, subject, $"{what} {hash}") : null;
    }

    private (List<MemberUpdate> Updates, List<string> Missing) LoadUpdates(RoundSection round, string subject)
    {
        var updates = new List<MemberUpdate>();
        var missing = new List<string>();
        foreach (var (member, hash) in round.UpdateHashes)
        {
            var what = $"update of {member}";
            var model = LoadModel(hash, subject, what, required: true);
            var samples = round.Task == FederatedTask.BatteryHealth
                ? _report.Automakers.FirstOrDefault(a => a.Address == member)?.TrainSamples
                : _report.Operators.FirstOrDefault(o => o.Address == member)?.TrainSamples;
            if (model is null)
            {
                missing.Add($"the {what} could not be read from the coordinator's store");
            }
            else if (samples is not { } weight)
            {
                missing.Add($"the report lists no {(round.Task == FederatedTask.BatteryHealth ? "automaker" : "operator")} {member}, so its update has no sample count to be weighed by");
            }
            else
            {
                updates.Add(new MemberUpdate(member.ToString(), model.Parameters, weight));
            }
        }

        return (updates, missing);
    }

    private ModelCheckpoint? ParseModel(byte[] bytes, string subject, string what)
    {
        try
        {
            return ModelCheckpoint.FromBytes(bytes);
        }
        catch (ModelFormatException e)
        {
            _outcome.Mismatch(subject, $"the {what} is not a model: {e.Message}");
            return null;
        }
    }

    /// <summary>The member's validation data for the round's task, read once from its own store.</summary>
    private (IMemberTask? Data, string Absence) MemberData(FederatedTask task, ChainAddress address)
    {
        if (!_members.TryGetValue(address, out var known))
        {
            known = ReadData(task, address);
            _members[address] = known;
        }

        return known;
    }

    private (IMemberTask? Data, string Absence) ReadData(FederatedTask task, ChainAddress address)
    {
        var name = task == FederatedTask.BatteryHealth
            ? _report.Automakers.FirstOrDefault(a => a.Address == address)?.Name
            : _report.Operators.FirstOrDefault(o => o.Address == address)?.Name;
        if (name is null)
        {
            return (null, $"the report lists no member {address} of the {task} task");
        }

        if (!int.TryParse(_report.Settings.GetValueOrDefault("windowStride")?.ToString() ?? "1", NumberStyles.Integer, CultureInfo.InvariantCulture, out var stride) || stride < 1)
        {
            return (null, $"the report's window stride '{_report.Settings["windowStride"]}' is not a whole number of hours");
        }

        using var store = _stores.OpenOperator(name, out var absence);
        if (store is null)
        {
            return (null, absence);
        }

        try
        {
            // Both tasks read their data into memory: the store can close once the task is built.
            return (task == FederatedTask.BatteryHealth ? new BatteryHealthTask(store) : new LoadForecastTask(store, name, stride), string.Empty);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            return (null, task == FederatedTask.BatteryHealth
                ? $"the store of automaker {name} holds no usable cell data: {e.Message}"
                : $"the store of operator {name} holds no usable load data: {e.Message}");
        }
    }

    private static double PooledMse(ModelArchitecture architecture, float[] parameters, List<IMemberTask> members, CancellationToken cancellationToken)
    {
        var model = new ModelCheckpoint(architecture, parameters);
        var pooled = new Network.Federation.ErrorSums("pooled", 0, 0, 0, 0);
        foreach (var member in members)
        {
            pooled = pooled.Plus(member.Evaluate("coalition", model, Network.Federation.EvaluationSplit.Validation, cancellationToken));
        }

        return pooled.SumSquaredError / pooled.Count;
    }

    /// <summary>The coalition model's validation MSE at each member, in the order of <paramref name="members"/>.</summary>
    private static IReadOnlyList<double> ValidatorMses(ModelArchitecture architecture, float[] parameters, List<IMemberTask> members, CancellationToken cancellationToken)
    {
        var model = new ModelCheckpoint(architecture, parameters);
        return [.. members.Select(member =>
        {
            var errors = member.Evaluate("coalition", model, Network.Federation.EvaluationSplit.Validation, cancellationToken);
            return errors.SumSquaredError / errors.Count;
        })];
    }

    private void UnverifiedScores(RoundSection round, string reason)
    {
        foreach (var member in round.UpdateHashes.Keys)
        {
            _outcome.Unverified($"{RoundAudit.Subject(round)} score of {member}", reason);
        }
    }

    /// <summary>
    /// A strategy with server state needs every earlier aggregate replayed, for later aggregates and for the scores (which
    /// preview aggregates); once one cannot be, none after it can.
    /// </summary>
    private void LoseStrategyState(RoundSection round, string reason)
    {
        if (_strategy is { KeepsServerState: true } && round.QuorumReached && _strategyStateLost.Length == 0)
        {
            _strategyStateLost = $"the {_strategy.Name} strategy keeps server state, and round {round.Round}'s aggregate could not be replayed ({reason})";
        }
    }

    private static AggregationStrategy ReportedStrategy(DemoReport report)
    {
        var kind = report.Settings.GetValueOrDefault("strategy")?.ToString() ?? "fedavg";
        var rule = report.Settings.GetValueOrDefault("aggregator")?.ToString() ?? "mean";
        return new StrategyConfiguration(StrategyConfiguration.ParseKind(kind), Fl.Aggregation.AggregationRule.Parse(rule)).Create();
    }

    /// <summary>The report's reward rule; a report written before the served rule existed has none and was pooled.</summary>
    private static RewardRule? ReportedRewardRule(DemoReport report) => report.Settings.GetValueOrDefault("rewardRule")?.ToString() switch
    {
        null or "pooled" => RewardRule.Pooled,
        "served" => RewardRule.Served,
        _ => null,
    };

    /// <summary>The served rule's parameters the report ran with (its floor; the checks' thresholds are the rule's defaults).</summary>
    private static ServedRewardOptions ReportedServedOptions(DemoReport report) =>
        double.TryParse(report.Settings.GetValueOrDefault("rewardFloor")?.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var floor)
            ? new ServedRewardOptions(Floor: floor)
            : new ServedRewardOptions();

    private static ScoringMethod? ReportedScoring(DemoReport report) => report.Settings.GetValueOrDefault("scoring")?.ToString() switch
    {
        null or "shapley" => ScoringMethod.Shapley,
        "leave-one-out" => ScoringMethod.LeaveOneOut,
        _ => null,
    };
}
