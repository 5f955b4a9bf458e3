using System.Diagnostics;
using System.Globalization;
using Consortium.Contracts;
using Consortium.Contracts.Ledger;
using Consortium.Fl.Contribution;
using Consortium.Fl.Models;
using Consortium.Fl.Privacy;
using Consortium.Fl.Strategies;
using Consortium.Fl.Training;
using Consortium.Fl.Validation;
using Consortium.Network.Federation;
using Consortium.Network.SecureAggregation;
using Consortium.Network.Security;
using Consortium.Node.Store;
using Grpc.Core;

namespace Consortium.Node.Federation.Coordinator;

/// <summary>
/// Drives federated rounds: opens each round on chain with the global model's hash, has every member
/// train over gRPC, checks each update against the hash its member committed on chain, aggregates,
/// scores each member's contribution (Shapley values or leave-one-out) on the members' validation data,
/// and finalizes the round on chain with the new model's hash, the scores and the token rewards. It needs
/// of the chain only the round ledger, signing as the registry's coordinator.
/// </summary>
public sealed class RoundCoordinator
{
    private readonly IRoundLedger _rounds;
    private readonly NodeStore _store;
    private readonly IReadOnlyList<RemoteMember> _members;
    private readonly List<RemoteMember> _active;
    private readonly CoordinatorOptions _options;
    private readonly AggregationStrategy _strategy;
    private readonly TextWriter _progress;
    private readonly UpdateValidator _validator;
    private readonly SumPrivacyAccount? _sumPrivacy;

    /// <summary>Extra time members have to commit after the training deadline (the chain's clock is block time).</summary>
    private static readonly TimeSpan CommitGrace = TimeSpan.FromMinutes(2);

    /// <summary>Creates a coordinator over registered members, starting from <paramref name="initial"/>.</summary>
    /// <param name="rounds">The round ledger, signing as the coordinator.</param>
    /// <param name="store">The coordinator's store, where global models, updates and score tables are kept.</param>
    /// <param name="members">The members, reachable over gRPC.</param>
    /// <param name="initial">The global model of the first round.</param>
    /// <param name="options">How rounds run.</param>
    /// <param name="strategy">How updates are aggregated.</param>
    /// <param name="progress">Receives a line per step.</param>
    public RoundCoordinator(
        IRoundLedger rounds,
        NodeStore store,
        IReadOnlyList<RemoteMember> members,
        ModelCheckpoint initial,
        CoordinatorOptions options,
        AggregationStrategy strategy,
        TextWriter progress)
    {
        ArgumentNullException.ThrowIfNull(rounds);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(members);
        ArgumentNullException.ThrowIfNull(initial);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(strategy);
        ArgumentNullException.ThrowIfNull(progress);
        options.Validate();
        if (options.SecureAggregation && strategy.Aggregator is not Fl.Aggregation.MeanAggregator { NormBound: null })
        {
            throw new ArgumentException(
                $"Secure aggregation gives the coordinator the sum of the updates only; the rule '{strategy.Aggregator}' needs them one by one. Use the mean, with members clipping their own updates.",
                nameof(strategy));
        }

        _rounds = rounds;
        _store = store;
        _members = members;
        _active = [.. members];
        Global = initial;
        _options = options;
        _strategy = strategy;
        _progress = progress;
        _validator = new UpdateValidator(new UpdateValidationOptions(options.NormBound));
        _sumPrivacy = options.SumPrivacy is { } privacy ? new SumPrivacyAccount(store, privacy.Delta) : null;
    }

    /// <summary>Members still answering; one whose node went away is left out of later rounds.</summary>
    public IReadOnlyList<RemoteMember> ActiveMembers
    {
        get
        {
            lock (_active)
            {
                return [.. _active];
            }
        }
    }

    /// <summary>The current global model.</summary>
    public ModelCheckpoint Global { get; private set; }

    /// <summary>Runs one round end to end and returns what it did.</summary>
    /// <param name="index">The round's position in this run (1, 2, ...); the ledger numbers rounds itself.</param>
    /// <param name="cancellationToken">Stops the round.</param>
    public Task<RoundOutcome> RunRoundAsync(int index, CancellationToken cancellationToken) => RunAsync(index, null, cancellationToken);

    /// <summary>The unit of the task's errors in messages: kW of load, or percentage points of state of health.</summary>
    private string Unit => _options.Task == FederatedTask.BatteryHealth ? "pp" : "kW";

    /// <summary>What the task's samples are in messages: forecast windows, or cell cycles.</summary>
    private string Samples => _options.Task == FederatedTask.BatteryHealth ? "cycles" : "windows";

    /// <summary>
    /// Takes up round <paramref name="roundId"/>, which this coordinator opened on chain and left open (it was stopped
    /// mid-round): the round's global model is read back from the store by the hash the chain holds, the members are asked
    /// to train it again (a member that already committed answers with the update it committed), and the round is
    /// scored, finalized and claimed as usual.
    /// </summary>
    /// <param name="index">The round's position in this run.</param>
    /// <param name="roundId">The open round.</param>
    /// <param name="cancellationToken">Stops the round.</param>
    /// <exception cref="InvalidOperationException">The round is not open, or its global model is not in this coordinator's store.</exception>
    public async Task<RoundOutcome> ResumeRoundAsync(int index, ulong roundId, CancellationToken cancellationToken)
    {
        var state = await _rounds.GetRoundAsync(roundId).ConfigureAwait(false);
        if (state.Status != RoundStatus.Open)
        {
            throw new InvalidOperationException($"Round {roundId} is {state.Status} on chain; only an open round can be taken up.");
        }

        if (state.SecureAggregation != _options.SecureAggregation)
        {
            throw new InvalidOperationException(
                $"Round {roundId} was opened {(state.SecureAggregation ? "secure" : "plain")} on chain; take it up {(state.SecureAggregation ? "with" : "without")} secure aggregation.");
        }

        if (state.Task != _options.Task)
        {
            throw new InvalidOperationException($"Round {roundId} trains task {state.Task} on chain; this coordinator runs {_options.Task} rounds.");
        }

        var bytes = _store.GetArtifact(state.GlobalModelHash)
            ?? throw new InvalidOperationException($"Round {roundId} was opened with model {state.GlobalModelHash}, which is not in this coordinator's store.");
        var opened = (await _rounds.GetRoundOpenedEventsAsync(roundId).ConfigureAwait(false)).Single();
        Global = ModelCheckpoint.FromBytes(bytes);
        _progress.WriteLine($"Round {roundId}: taking up the round left open (opened in block {opened.BlockNumber}, commits until {state.CommitDeadline:u})...");
        return await RunAsync(index, new RoundOpening(roundId, new LedgerTransaction(opened.TxHash, opened.BlockNumber, 0)), cancellationToken).ConfigureAwait(false);
    }

    private async Task<RoundOutcome> RunAsync(int index, RoundOpening? resumed, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        // Accusations of earlier rounds whose challenge window has passed are settled first: the coordinator does not
        // leave a due slash (or a reversal) hanging while it runs rounds.
        var settled = await SettleDueAccusationsAsync(cancellationToken).ConfigureAwait(false);
        var globalBytes = Global.ToBytes();
        var globalHash = _store.PutArtifact(ArtifactKind.GlobalModel, index, globalBytes);
        var opening = resumed;
        if (opening is null)
        {
            var commitDeadline = DateTimeOffset.UtcNow + _options.TrainTimeout + CommitGrace;
            opening = await _rounds.OpenRoundAsync(_options.Task, globalHash, commitDeadline, commitDeadline + _options.RoundDeadline, _options.SecureAggregation, cancellationToken).ConfigureAwait(false);
            _progress.WriteLine($"Round {opening.RoundId}: opened{(_options.SecureAggregation ? " secure" : string.Empty)} with model {Short(globalHash)} (tx {Short(opening.Transaction.TxHash)}); training within {_options.TrainTimeout.TotalSeconds:F0} s...");
        }

        var roundId = (long)opening.RoundId;

        var sampled = MemberSampling.Choose(ActiveMembers, _options.SampleFraction, _options.Quorum, _options.Seed, roundId);
        var training = _strategy.ConfigureTraining((int)roundId, new LocalTrainingOptions(Epochs: _options.LocalEpochs));
        // Distributed DP: σ and m_min travel with the request; each member checks σ against its own floor.
        var (dpSigma, dpMinimum) = _options.SumPrivacy is { } dp ? (dp.NoiseMultiplier, dp.MinimumFor(sampled.Count)) : (0.0, 0);
        var assignment = new TrainAssignment(
            roundId, globalBytes, globalHash, training.Epochs, _options.Seed + roundId, training.ProximalMu, _options.SecureAggregation, _options.SecureAggregation ? _options.ClipNorm : 0, dpSigma, dpMinimum);
        var trained = await Task.WhenAll(sampled.Select(m => TrainOneAsync(m, assignment, cancellationToken))).ConfigureAwait(false);

        var accepted = new List<(RemoteMember Member, AcceptedUpdate Update, ModelCheckpoint Model, byte[] Bytes)>();
        var exclusions = new List<RoundExclusion>();
        foreach (var (member, update, failure) in trained)
        {
            var verdict = failure is not null
                ? await MissingUpdateAsync(roundId, member, failure).ConfigureAwait(false)
                : await CheckUpdateAsync(member, roundId, update!).ConfigureAwait(false);
            if (verdict is { } excluded)
            {
                exclusions.Add(new RoundExclusion(member.Address, excluded.Reason, excluded.Detail));
                _progress.WriteLine($"  {member.Name,-16} excluded ({excluded.Reason}): {excluded.Detail}");
                continue;
            }

            // In a secure round the update stays with the member: only its committed hash is known here.
            var model = _options.SecureAggregation ? Global : ModelCheckpoint.FromBytes(update!.Update);
            if (!_options.SecureAggregation)
            {
                _store.PutArtifact(ArtifactKind.Update, roundId, update!.Update);
            }

            accepted.Add((member, new AcceptedUpdate(
                member.Address,
                update!.UpdateHash,
                update.CommitTxHash,
                update.CommitGasUsed,
                update.TrainSamples,
                update.TrainSeconds,
                update.LocalOnlyValidationRmse), model, update.Update));

            _progress.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"  {member.Name,-16} {update.TrainSamples,6} {Samples} in {update.TrainSeconds,5:F1} s, update {Short(update.UpdateHash)} committed (gas {update.CommitGasUsed}); local-only val RMSE {update.LocalOnlyValidationRmse:F2} {Unit}"));
        }

        SecureSum? secure = null;
        if (_options.SecureAggregation)
        {
            secure = await SecureSumAsync([.. accepted.Select(a => a.Member)], roundId, globalHash, dpSigma, dpMinimum, cancellationToken).ConfigureAwait(false);
            foreach (var (member, reason) in secure.Failed)
            {
                exclusions.Add(new RoundExclusion(member.Address, ExclusionReason.NotDelivered, $"committed its update but delivered no masked input: {reason}"));
                _progress.WriteLine($"  {member.Name,-16} excluded (NotDelivered): no masked input: {reason}");
            }

            accepted.RemoveAll(a => !secure.Contributors.Contains(a.Member));
            if (_options.AfterSecureSum is { } afterSum)
            {
                await afterSum().ConfigureAwait(false);
            }
        }

        // A decoded sum is released to the coordinator whether or not the round then reaches its quorum: it is paid for.
        var privacy = secure is { Sum: not null, Contributors.Count: > 0 } && _sumPrivacy is not null ? ReleaseSum(dpSigma, dpMinimum, secure.Contributors.Count) : null;
        var trainingTime = clock.Elapsed;
        var ledgerExclusions = exclusions.Select(e => e.ToLedger()).ToList();
        if (accepted.Count < _options.Quorum || (secure is not null && secure.Sum is null))
        {
            // Too few valid updates to move the model: close the round with the model unchanged and nobody scored.
            var empty = RoundScoreTable.Create(opening.RoundId, [], ledgerExclusions);
            var unchanged = await _rounds.FinalizeRoundAsync(empty, globalHash, cancellationToken).ConfigureAwait(false);
            var unchangedEnforcement = await EnforceAsync(opening.RoundId, ledgerExclusions, cancellationToken).ConfigureAwait(false);
            var unchangedAccusations = await AccuseAsync(opening.RoundId, exclusions, ledgerExclusions, cancellationToken).ConfigureAwait(false);
            _progress.WriteLine(secure is { Sum: null }
                ? $"Round {roundId}: the secure sum could not be formed ({secure.Failure}); closed with the model unchanged (tx {Short(unchanged.TxHash)})."
                : $"Round {roundId}: {accepted.Count} valid update(s), quorum is {_options.Quorum}; closed with the model unchanged (tx {Short(unchanged.TxHash)}).");
            return new RoundOutcome
            {
                RoundId = opening.RoundId,
                OpenedModelHash = globalHash,
                GlobalModelHash = globalHash,
                Sampled = [.. sampled.Select(m => m.Address)],
                Updates = [.. accepted.Select(a => a.Update)],
                Exclusions = exclusions,
                QuorumReached = false,
                Table = empty,
                Scoring = string.Empty,
                ScoringEvaluations = 0,
                Validation = null,
                Claims = [],
                Opening = opening.Transaction,
                Finalization = unchanged,
                Enforcement = unchangedEnforcement,
                Accusations = unchangedAccusations,
                SettledAccusations = settled,
                Timings = new RoundTimings(trainingTime, clock.Elapsed),
                Task = _options.Task,
                Secure = secure is not null,
                SumPrivacy = privacy,
            };
        }

        // Scoring needs every candidate judged on the same data: the members that delivered this round.
        var evaluators = accepted.Select(a => a.Member).ToList();
        var updates = accepted.Select(a => new MemberUpdate(a.Member.Address.ToString(), a.Model.Parameters, a.Update.TrainSamples)).ToList();
        IReadOnlyList<long> scores;
        IReadOnlyList<ServedScore>? served = null;
        string scoring;
        int evaluations;
        ModelCheckpoint next;
        if (secure is { Sum: { } mean })
        {
            // Only the weighted mean change is known: the next model moves the global model by it, through the strategy
            // (a server optimizer takes it as its pseudo-gradient), and members share the reward by training windows.
            var moved = new float[Global.Parameters.Length];
            for (var i = 0; i < moved.Length; i++)
            {
                moved[i] = (float)(Global.Parameters[i] + mean[i]);
            }

            next = new ModelCheckpoint(Global.Architecture, _strategy.Aggregate(Global.Parameters, [new MemberUpdate("secure-sum", moved, 1)]));
            var windows = (double)accepted.Sum(a => a.Update.TrainSamples);
            scores = [.. accepted.Select(a => ContributionScore.ToFixed(a.Update.TrainSamples / windows))];
            scoring = "training-windows (secure)";
            evaluations = 0;
        }
        else
        {
            // Every coalition (or leave-one-out) model is judged by the members on their own validation data; each member
            // rebuilds the coalitions itself from the committed updates, so it evaluates nothing the round did not produce.
            var committed = accepted.Select(a => new RoundUpdate(a.Member.Address, a.Bytes, a.Update.TrainSamples)).ToList();
            if (_options.RewardRule == RewardRule.Pooled)
            {
                (scores, scoring, evaluations) = await ContributionScoring.ScoreCoalitionsAsync(
                    _options.Scoring,
                    updates.Select(u => u.MemberId).ToList(),
                    async (coalitions, ct) => [.. (await CoalitionErrorsAsync(evaluators, roundId, committed, coalitions, ct).ConfigureAwait(false)).Select(Pooled)],
                    _options.ShapleyOrDefault,
                    globalHash,
                    roundId,
                    cancellationToken).ConfigureAwait(false);
            }
            else
            {
                // Each evaluator's own MSE stays apart: validator j values every update for j's data (ServedRewardRule).
                IReadOnlyList<ServedScore> judged;
                (_, judged, scoring, evaluations) = await ContributionScoring.ScoreServedAsync(
                    _options.Scoring,
                    updates.Select(u => u.MemberId).ToList(),
                    ServedRewardRule.ChangeNorms(Global.Parameters, updates),
                    async (coalitions, ct) => [.. (await CoalitionErrorsAsync(evaluators, roundId, committed, coalitions, ct).ConfigureAwait(false)).Select(PerValidator)],
                    _options.ShapleyOrDefault,
                    _options.ServedReward,
                    globalHash,
                    roundId,
                    cancellationToken).ConfigureAwait(false);
                served = judged;
                scores = [.. judged.Select(s => s.ChainScore)];
            }
            next = new ModelCheckpoint(Global.Architecture, _strategy.Aggregate(Global.Parameters, updates));
        }

        var nextBytes = next.ToBytes();
        var nextHash = _store.PutArtifact(ArtifactKind.GlobalModel, roundId + 1, nextBytes);

        // What the round may pay is the governance pool snapshot when it was opened; the ledger refuses more.
        var pool = (await _rounds.GetRoundAsync(opening.RoundId).ConfigureAwait(false)).RewardCap;
        var rewards = served is null
            ? RewardSplit.Share(pool, scores)
            : RewardSplit.ShareWithFloor(pool, scores, [.. served.Select(s => s.Paid)], _options.ServedReward.Floor);
        var memberScores = new List<MemberScore>(accepted.Count);
        for (var i = 0; i < accepted.Count; i++)
        {
            memberScores.Add(new MemberScore(accepted[i].Member.Address, scores[i], rewards[i]));
        }

        // One transaction whatever the member count: the root of the (member, score, reward) tree; each member claims its leaf.
        var table = RoundScoreTable.Create(opening.RoundId, memberScores, ledgerExclusions);
        _store.PutArtifact(ArtifactKind.ScoreTable, roundId, ScoreTableDocument.ToJson(table));
        var finalize = await _rounds.FinalizeRoundAsync(table, nextHash, cancellationToken).ConfigureAwait(false);
        // The new model is evaluated once the chain records it as the round's result: members evaluate no other whole model.
        var validation = await ValidateAsync(evaluators, roundId, next, cancellationToken).ConfigureAwait(false);
        var enforcement = await EnforceAsync(opening.RoundId, ledgerExclusions, cancellationToken).ConfigureAwait(false);
        var accusations = await AccuseAsync(opening.RoundId, exclusions, ledgerExclusions, cancellationToken).ConfigureAwait(false);
        var claims = await ClaimAllAsync(table, evaluators, cancellationToken).ConfigureAwait(false);
        Global = next;

        for (var i = 0; i < memberScores.Count; i++)
        {
            var score = memberScores[i];
            var name = _members.First(m => m.Address == score.Member).Name;
            var verdict = served is null ? string.Empty : string.Create(
                CultureInfo.InvariantCulture, $"  ({served[i].Verdict}: own {served[i].OwnValue:+0.0000;-0.0000}, others' median {served[i].OthersMedian:+0.0000;-0.0000})");
            _progress.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-16} score {score.ScoreValue,8:F4}  reward {TokenAmount.Format(score.Reward)}{verdict}"));
        }

        var total = clock.Elapsed;
        _progress.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"Round {roundId}: finalized with model {Short(nextHash)} and reward root {Short(table.RewardRoot)} (tx {Short(finalize.TxHash)}, gas {finalize.GasUsed}); {(validation is null ? "no validation figures" : $"validation RMSE {validation.Federated.Rmse:F2} {Unit} federated vs {validation.SeasonalNaive.Rmse:F2} {Unit} {validation.SeasonalNaive.Label}")}; {total.TotalSeconds:F1} s"));
        return new RoundOutcome
        {
            RoundId = opening.RoundId,
            OpenedModelHash = globalHash,
            GlobalModelHash = nextHash,
            Sampled = [.. sampled.Select(m => m.Address)],
            Updates = [.. accepted.Select(a => a.Update)],
            Exclusions = exclusions,
            QuorumReached = true,
            Table = table,
            Scoring = scoring,
            ScoringEvaluations = evaluations,
            Validation = validation,
            Claims = claims,
            Opening = opening.Transaction,
            Finalization = finalize,
            Enforcement = enforcement,
            Accusations = accusations,
            SettledAccusations = settled,
            Timings = new RoundTimings(trainingTime, total),
            Task = _options.Task,
            Secure = secure is not null,
            Served = served,
            DroppedAfterInput = secure?.DroppedAfterInput.Select(m => m.Address).ToList() ?? [],
            SumPrivacy = privacy,
        };
    }

    /// <summary>Pooled error sums of a model on every member's data of one split, with the seasonal-naive baseline.</summary>
    public Task<(ErrorSums Model, ErrorSums SeasonalNaive, IReadOnlyList<(RemoteMember Member, ErrorSums Model, ErrorSums SeasonalNaive)> PerMember)> EvaluateEverywhereAsync(
        long round, ModelCheckpoint model, EvaluationSplit split, CancellationToken cancellationToken) =>
        EvaluateAsync(ActiveMembers, round, model, split, cancellationToken);

    private async Task<(ErrorSums Model, ErrorSums SeasonalNaive, IReadOnlyList<(RemoteMember Member, ErrorSums Model, ErrorSums SeasonalNaive)> PerMember)> EvaluateAsync(
        IReadOnlyList<RemoteMember> evaluators, long round, ModelCheckpoint model, EvaluationSplit split, CancellationToken cancellationToken)
    {
        var candidate = new CandidateModel("model", model.ToBytes());
        var answers = await Task.WhenAll(evaluators.Select(async m =>
        {
            try
            {
                var result = await m.Client.EvaluateAsync(round, [candidate], split, _options.EvaluateTimeout, cancellationToken).ConfigureAwait(false);
                return ((RemoteMember Member, ErrorSums Model, ErrorSums SeasonalNaive)?)(m, result.Candidates[0], result.SeasonalNaive);
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Unavailable && evaluators.Count > 1 && !cancellationToken.IsCancellationRequested)
            {
                // A node that is down now leaves its data out of the figures, not the round's other figures out.
                _progress.WriteLine($"  {m.Name,-16} did not evaluate the model: {e.Status.Detail}");
                return null;
            }
        })).ConfigureAwait(false);
        var results = answers.OfType<(RemoteMember Member, ErrorSums Model, ErrorSums SeasonalNaive)>().ToList();
        if (results.Count == 0)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, "no member answered"));
        }

        var total = new ErrorSums("model", 0, 0, 0, 0);
        var naive = new ErrorSums(_options.Task == FederatedTask.BatteryHealth ? "training-mean+recent-slope" : "seasonal-naive", 0, 0, 0, 0);
        foreach (var result in results)
        {
            total = total.Plus(result.Model);
            naive = naive.Plus(result.SeasonalNaive);
        }

        return (total, naive, results);
    }

    /// <summary>The finalized model's pooled validation errors, or null (with a line saying why) when an evaluator did not answer: the round stands on chain either way.</summary>
    private async Task<RoundValidation?> ValidateAsync(IReadOnlyList<RemoteMember> evaluators, long roundId, ModelCheckpoint next, CancellationToken cancellationToken)
    {
        try
        {
            var (model, naive, _) = await EvaluateAsync(evaluators, roundId, next, EvaluationSplit.Validation, cancellationToken).ConfigureAwait(false);
            return new RoundValidation(model, naive);
        }
        catch (RpcException e) when (!cancellationToken.IsCancellationRequested)
        {
            _progress.WriteLine($"Round {roundId}: the new model's validation errors are not available: {e.StatusCode}: {e.Status.Detail}");
            return null;
        }
    }

    private async Task<(RemoteMember Member, TrainedUpdate? Update, string? Failure)> TrainOneAsync(
        RemoteMember member, TrainAssignment assignment, CancellationToken cancellationToken)
    {
        try
        {
            // A node that is restarting gets a few seconds before it is counted as gone.
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    var update = await member.Client.TrainAsync(assignment, _options.TrainTimeout, cancellationToken).ConfigureAwait(false);
                    return (member, update, null);
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.Unavailable && attempt < _options.UnavailableRetries && !cancellationToken.IsCancellationRequested)
                {
                    await Task.Delay(_options.UnavailableRetryDelay, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (RpcException e) when (!cancellationToken.IsCancellationRequested)
        {
            if (e.StatusCode == StatusCode.DeadlineExceeded)
            {
                return (member, null, $"missed the round deadline of {_options.TrainTimeout.TotalSeconds:F0} s");
            }

            if (e.StatusCode == StatusCode.Unavailable)
            {
                // The node is gone: leave it out of later rounds instead of waiting on it again.
                lock (_active)
                {
                    _active.Remove(member);
                }
            }

            return (member, null, $"training call failed: {e.StatusCode}: {e.Status.Detail}");
        }
        catch (InvalidDataException e)
        {
            return (member, null, e.Message);
        }
    }

    private async Task<(ExclusionReason Reason, string Detail)?> CheckUpdateAsync(RemoteMember member, long roundId, TrainedUpdate update)
    {
        var commitment = await _rounds.GetCommitmentAsync((ulong)roundId, member.Address).ConfigureAwait(false);
        var hash = update.UpdateHash;
        if (!commitment.IsCommitted)
        {
            return (ExclusionReason.InvalidUpdate, $"no update hash committed on chain for round {roundId}");
        }

        if (commitment.UpdateHash != hash)
        {
            // The member committed to one update and delivered another.
            return (ExclusionReason.Malicious, $"update hashes to {hash} but {commitment.UpdateHash} was committed on chain");
        }

        if (_options.SecureAggregation)
        {
            // The update itself stays with the member; what it is committed to is checked only as far as the chain can.
            return null;
        }

        ModelCheckpoint model;
        try
        {
            model = ModelCheckpoint.FromBytes(update.Update);
        }
        catch (ModelFormatException e)
        {
            return (ExclusionReason.InvalidUpdate, $"update is not a valid model: {e.Message}");
        }

        if (model.Architecture != Global.Architecture)
        {
            return (ExclusionReason.InvalidUpdate, $"update has architecture {model.Architecture}, the round's model is {Global.Architecture}");
        }

        var rejection = _validator.Check(member.Address.ToString(), Global.Parameters, model.Parameters, update.TrainSamples);
        if (rejection is not null)
        {
            var reason = rejection.Reason == UpdateRejectionReason.NormAboveBound ? ExclusionReason.Malicious : ExclusionReason.InvalidUpdate;
            return (reason, $"{rejection.Reason}: {rejection.Detail}");
        }

        return null;
    }

    private async Task<(ExclusionReason Reason, string Detail)> MissingUpdateAsync(long roundId, RemoteMember member, string failure)
    {
        // Committing a hash and then not delivering the update is worse than not answering at all.
        var commitment = await _rounds.GetCommitmentAsync((ulong)roundId, member.Address).ConfigureAwait(false);
        return commitment.IsCommitted
            ? (ExclusionReason.NotDelivered, $"committed {commitment.UpdateHash} but delivered nothing: {failure}")
            : (ExclusionReason.MissedDeadline, failure);
    }

    private async Task<LedgerTransaction?> EnforceAsync(ulong roundId, IReadOnlyList<MemberExclusion> exclusions, CancellationToken cancellationToken)
    {
        if (exclusions.Count == 0)
        {
            return null;
        }

        return await _rounds.EnforceExclusionsAsync(roundId, exclusions, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Accuses every member excluded as malicious with the evidence the ledger asks for: the update hash it committed (read
    /// back from the chain), a reason code, what the coordinator saw (cut to the ledger's limit) and the hash of the full
    /// text. The slash follows only when the challenge window passed without a reversal (<see cref="SettleDueAccusationsAsync"/>).
    /// </summary>
    private async Task<IReadOnlyList<LedgerTransaction>> AccuseAsync(
        ulong roundId, IReadOnlyList<RoundExclusion> exclusions, IReadOnlyList<MemberExclusion> ledgerExclusions, CancellationToken cancellationToken)
    {
        var accusations = new List<LedgerTransaction>();
        foreach (var exclusion in exclusions.Where(e => e.Reason == ExclusionReason.Malicious))
        {
            var commitment = await _rounds.GetCommitmentAsync(roundId, exclusion.Member).ConfigureAwait(false);
            var evidence = AccusationText.Evidence(commitment.UpdateHash, exclusion.Detail);
            var accused = await _rounds.AccuseAsync(roundId, exclusion.Member, evidence, ledgerExclusions, cancellationToken).ConfigureAwait(false);
            accusations.Add(accused);
            var window = await _rounds.GetChallengeWindowAsync().ConfigureAwait(false);
            _progress.WriteLine($"  accused {exclusion.Member} of a malicious update {Short(commitment.UpdateHash)} (tx {Short(accused.TxHash)}); it may dispute within {window.TotalSeconds:F0} s before the slash");
        }

        return accusations;
    }

    /// <summary>
    /// Settles every accusation on the ledger whose challenge window (and, when disputed, vote) is over: upheld ones slash,
    /// reversed and lapsed ones do not. Accusations still inside their window or vote are left for a later call.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting for receipts.</param>
    /// <returns>The accusations settled by this call, as the ledger holds them afterwards.</returns>
    public async Task<IReadOnlyList<Accusation>> SettleDueAccusationsAsync(CancellationToken cancellationToken = default)
    {
        var settled = new List<Accusation>();
        foreach (var accused in await _rounds.GetMemberAccusedEventsAsync().ConfigureAwait(false))
        {
            var accusation = await _rounds.GetAccusationAsync(accused.RoundId, accused.Member).ConfigureAwait(false);
            if (accusation.Status is not (AccusationStatus.Pending or AccusationStatus.Disputed))
            {
                continue;
            }

            try
            {
                await _rounds.SettleAccusationAsync(accused.RoundId, accused.Member, cancellationToken).ConfigureAwait(false);
            }
            catch (LedgerRevertedException e) when (e.ErrorName is "RoundLedger_ChallengeWindowOpen" or "RoundLedger_DisputeVoteOpen")
            {
                continue;
            }

            var after = await _rounds.GetAccusationAsync(accused.RoundId, accused.Member).ConfigureAwait(false);
            settled.Add(after);
            _progress.WriteLine($"Round {accused.RoundId}: accusation of {accused.Member} settled {after.Status}{(after.Slashed.IsZero ? string.Empty : $", {TokenAmount.Format(after.Slashed)} slashed")}.");
        }

        return settled;
    }

    private async Task<IReadOnlyList<RewardClaimResult>> ClaimAllAsync(RoundScoreTable table, IReadOnlyList<RemoteMember> scored, CancellationToken cancellationToken)
    {
        var claims = await Task.WhenAll(scored.Select(async member =>
        {
            var leaf = table.Tree.GetScore(member.Address);
            if (leaf.Reward.IsZero)
            {
                return null;
            }

            try
            {
                var claim = new RewardClaim((long)table.RoundId, leaf.Score, leaf.Reward, table.Tree.GetProof(member.Address).ToList());
                return new RewardClaimResult(member.Address, await member.Client.ClaimAsync(claim, _options.EvaluateTimeout, cancellationToken).ConfigureAwait(false), null);
            }
            catch (RpcException e) when (!cancellationToken.IsCancellationRequested)
            {
                // The leaf stays claimable on chain; the member can claim it later.
                return new RewardClaimResult(member.Address, null, $"{e.StatusCode}: {e.Status.Detail}");
            }
        })).ConfigureAwait(false);
        foreach (var failed in claims.OfType<RewardClaimResult>().Where(c => !c.Claimed))
        {
            _progress.WriteLine($"  {_members.First(m => m.Address == failed.Member).Name,-16} did not claim its reward yet: {failed.Failure}");
        }

        return [.. claims.OfType<RewardClaimResult>()];
    }

    /// <summary>The coalition's validation MSE over every evaluator's data pooled (the pooled rule).</summary>
    private static double Pooled(ErrorSums[] errors)
    {
        var pooled = errors[0];
        for (var m = 1; m < errors.Length; m++)
        {
            pooled = pooled.Plus(errors[m]);
        }

        return pooled.Mse;
    }

    /// <summary>The coalition's validation MSE at each evaluator, in evaluator order (the served rule).</summary>
    private static IReadOnlyList<double> PerValidator(ErrorSums[] errors) => [.. errors.Select(e => e.Mse)];

    /// <summary>Each coalition's validation error sums at every evaluator, in evaluator order, in batches of whole coalition lists.</summary>
    private async Task<IReadOnlyList<ErrorSums[]>> CoalitionErrorsAsync(
        IReadOnlyList<RemoteMember> evaluators, long roundId, IReadOnlyList<RoundUpdate> committed, IReadOnlyList<ulong> coalitions, CancellationToken cancellationToken)
    {
        const int batch = PeerCallLimits.MaxCandidatesPerCall;
        var aggregation = _strategy.Aggregator.Rule.ToString();
        var losses = new List<ErrorSums[]>(coalitions.Count);
        for (var start = 0; start < coalitions.Count; start += batch)
        {
            var candidates = coalitions.Skip(start).Take(batch)
                .Select((mask, i) => new CoalitionCandidate($"c{start + i}", CoalitionModels.Members(mask)))
                .ToList();
            var request = new EvaluationRequest(roundId, EvaluationSplit.Validation, [], committed, candidates, aggregation);
            var results = await Task.WhenAll(evaluators.Select(m => m.Client.EvaluateAsync(request, _options.EvaluateTimeout, cancellationToken))).ConfigureAwait(false);
            for (var c = 0; c < candidates.Count; c++)
            {
                losses.Add([.. results.Select(r => r.Candidates[c])]);
            }
        }

        return losses;
    }

    /// <summary>
    /// The secure round's five steps with <paramref name="members"/> (in roster order), each member's failure leaving it
    /// out from that step on; returns the weighted mean change, or null with the reason when no sum could be formed.
    /// </summary>
    private async Task<SecureSum> SecureSumAsync(IReadOnlyList<RemoteMember> members, long roundId, Hash32 globalHash, double dpSigma, int dpMinimum, CancellationToken cancellationToken)
    {
        var failed = new Dictionary<int, string>();
        var afterInput = new List<int>();
        if (members.Count < 3)
        {
            return new SecureSum(null, [], [], [], $"{members.Count} contributors; a secure sum needs at least three");
        }

        var roster = members.Select(m => m.Address).ToList();
        var graph = NeighbourGraph.Create(members.Count, globalHash.ToArray());
        var length = Global.Parameters.Length + 1;
        var server = new SecureAggregationServer(graph, roundId, length);
        var range = Member.FederatedMember.SecureRange(_options.ClipNorm, dpSigma, dpMinimum);
        var timeout = _options.EvaluateTimeout;

        async Task Step<T>(int m, Func<Task<T>> call, Action<T> receive, List<int>? failures = null)
        {
            try
            {
                var result = await call().ConfigureAwait(false);
                lock (server)
                {
                    receive(result);
                }
            }
            catch (Exception e) when (e is RpcException or SecureAggregationException or InvalidDataException && !cancellationToken.IsCancellationRequested)
            {
                lock (server)
                {
                    var reason = e is RpcException rpc ? $"{rpc.StatusCode}: {rpc.Status.Detail}" : e.Message;
                    if (failures is null)
                    {
                        failed.TryAdd(m, reason);
                    }
                    else
                    {
                        failures.Add(m);
                    }
                }
            }
        }

        IEnumerable<int> Alive() => Enumerable.Range(0, members.Count).Where(m => !failed.ContainsKey(m));

        await Task.WhenAll(Alive().Select(m => Step(m, () => members[m].Client.SecureAdvertiseAsync(roundId, roster, timeout, cancellationToken), a =>
        {
            if (a.Member != m)
            {
                throw new SecureAggregationException($"answered as member {a.Member}");
            }

            server.Receive(a);
        }))).ConfigureAwait(false);
        await Task.WhenAll(Alive().ToList().Select(m => Step(m, () => members[m].Client.SecureShareKeysAsync(roundId, server.AdvertisementsFor(m), timeout, cancellationToken), e => server.Receive(m, e)))).ConfigureAwait(false);
        await Task.WhenAll(Alive().ToList().Select(m => Step(m, () => members[m].Client.SecureMaskedInputAsync(roundId, server.EnvelopesFor(m), timeout, cancellationToken), r =>
        {
            if (r.Input.Member != m || r.Range != range)
            {
                throw new SecureAggregationException($"sent an input as member {r.Input.Member} encoded within ±{r.Range}; the round encodes within ±{range}");
            }

            server.Receive(r.Input);
        }))).ConfigureAwait(false);

        if (_options.AfterMaskedInput is { } hook)
        {
            foreach (var m in server.Survivors)
            {
                await hook(members[m]).ConfigureAwait(false);
            }
        }

        var survivors = server.Survivors;
        await Task.WhenAll(survivors.Select(m => Step(m, () => members[m].Client.SecureConfirmAsync(roundId, survivors, timeout, cancellationToken), server.Receive, afterInput))).ConfigureAwait(false);
        var request = server.UnmaskRequest();
        await Task.WhenAll(survivors.Where(m => !afterInput.Contains(m)).ToList().Select(m => Step(m, () => members[m].Client.SecureUnmaskAsync(roundId, request, timeout, cancellationToken), server.Receive, afterInput))).ConfigureAwait(false);

        var failedMembers = failed.Select(f => (members[f.Key], f.Value)).ToList();
        var contributors = survivors.Select(m => members[m]).ToList();
        var dropped = afterInput.Distinct().Order().Select(m => members[m]).ToList();
        uint[] sum;
        try
        {
            sum = server.Sum();
        }
        catch (SecureAggregationException e)
        {
            return new SecureSum(null, failedMembers, contributors, dropped, e.Message);
        }

        var decoded = new double[length];
        new FixedPointEncoding(range, members.Count).DecodeSum(sum, decoded);
        var weight = decoded[^1];
        var mean = decoded[..^1].Select(v => v / weight).ToArray();
        _progress.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"  secure sum of {survivors.Count} masked updates ({graph.Degree} neighbours each, shares {graph.Threshold}-of-{graph.Degree}); {request.Dropped.Count} dropped before their input, {dropped.Count} after it{(dropped.Count > 0 ? ": " + string.Join(", ", dropped.Select(d => d.Name)) : string.Empty)}; {server.BytesReceived / 1e6:F2} MB reached the coordinator"));
        return new SecureSum(mean, failedMembers, contributors, dropped, null);
    }

    /// <summary>What a secure round's steps gave: the mean change (null when no sum could be formed), who failed before its input, who is in the sum, who stopped after its input.</summary>
    private sealed record SecureSum(
        double[]? Sum, IReadOnlyList<(RemoteMember Member, string Reason)> Failed, IReadOnlyList<RemoteMember> Contributors, IReadOnlyList<RemoteMember> DroppedAfterInput, string? Failure);

    /// <summary>Accounts a released sum of <paramref name="inputs"/> noisy inputs and says what the sums have cost so far.</summary>
    private SumPrivacyRound ReleaseSum(double sigma, int minimum, int inputs)
    {
        var account = _sumPrivacy!;
        var spent = account.Release(sigma);
        var alone = new RdpAccountant();
        alone.Compose(sigma);
        var round = new SumPrivacyRound(sigma, _options.ClipNorm, minimum, inputs, spent.Epsilon, spent.Delta, alone.Guarantee(spent.Delta).Epsilon);
        _progress.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"  distributed DP: the sum of {inputs} inputs carries noise σ·C = {sigma:G4}·{_options.ClipNorm:G4} (each member added 1/{minimum} of its variance); ε = {round.RoundEpsilon:F3} for this sum, {spent.Epsilon:F3} over the {account.Rounds} sums released, δ = {spent.Delta:G3}"));
        return round;
    }

    private static string Short(Hash32 hash) => hash.ToString()[..10] + "…";

}
