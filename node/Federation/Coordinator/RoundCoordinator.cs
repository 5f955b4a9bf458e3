using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using Consortium.Contracts;
using Consortium.Contracts.Ledger;
using Consortium.Fl.Contribution;
using Consortium.Fl.Models;
using Consortium.Fl.Strategies;
using Consortium.Fl.Training;
using Consortium.Fl.Validation;
using Consortium.Network.Federation;
using Consortium.Node.Reporting;
using Consortium.Node.Store;
using Grpc.Core;

namespace Consortium.Node.Federation.Coordinator;

/// <summary>
/// Drives federated rounds: opens each round on chain with the global model's hash, has every member
/// train over gRPC, checks each update against the hash its member committed on chain, aggregates,
/// scores each member by leave-one-out on the members' validation data, and finalizes the round on
/// chain with the new model's hash, the scores and the token rewards.
/// </summary>
public sealed class RoundCoordinator
{
    private readonly ConsortiumLedger _ledger;
    private readonly NodeStore _store;
    private readonly IReadOnlyList<RemoteMember> _members;
    private readonly List<RemoteMember> _active;
    private readonly CoordinatorOptions _options;
    private readonly AggregationStrategy _strategy;
    private readonly TextWriter _progress;
    private readonly UpdateValidator _validator;

    /// <summary>Extra time members have to commit after the training deadline (the chain's clock is block time).</summary>
    private static readonly TimeSpan CommitGrace = TimeSpan.FromMinutes(2);

    /// <summary>Creates a coordinator over registered members, starting from <paramref name="initial"/>.</summary>
    public RoundCoordinator(
        ConsortiumLedger ledger,
        NodeStore store,
        IReadOnlyList<RemoteMember> members,
        ModelCheckpoint initial,
        CoordinatorOptions options,
        AggregationStrategy strategy,
        TextWriter progress)
    {
        _ledger = ledger;
        _store = store;
        _members = members;
        _active = [.. members];
        options.Validate();
        Global = initial;
        _options = options;
        _strategy = strategy;
        _progress = progress;
        _validator = new UpdateValidator(new UpdateValidationOptions(options.NormBound));
    }

    /// <summary>Members still answering; one whose node went away is left out of later rounds.</summary>
    public IReadOnlyList<RemoteMember> ActiveMembers => _active;

    /// <summary>The current global model.</summary>
    public ModelCheckpoint Global { get; private set; }

    /// <summary>Runs one round end to end and returns what it recorded.</summary>
    public async Task<RoundSection> RunRoundAsync(int index, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var globalBytes = Global.ToBytes();
        var globalHash = _store.PutArtifact(ArtifactKind.GlobalModel, index, globalBytes);
        var commitDeadline = DateTimeOffset.UtcNow + _options.TrainTimeout + CommitGrace;
        var opening = await _ledger.Rounds.OpenRoundAsync(globalHash, commitDeadline, commitDeadline + _options.RoundDeadline, cancellationToken).ConfigureAwait(false);
        var roundId = (long)opening.RoundId;
        var section = new RoundSection { Round = roundId, OpenedModelHash = globalHash.ToString() };
        section.TxHashes.Add(opening.Transaction.TxHash.ToString());
        section.GasUsed += (long)opening.Transaction.GasUsed;
        section.Gas.Coordinator += (long)opening.Transaction.GasUsed;
        _progress.WriteLine($"Round {roundId}: opened with model {Short(globalHash)} (tx {Short(opening.Transaction.TxHash)}); training within {_options.TrainTimeout.TotalSeconds:F0} s...");

        var sampled = MemberSampling.Choose([.. _active], _options.SampleFraction, _options.Quorum, _options.Seed, roundId);
        section.Sampled = sampled.Select(m => m.Address.ToString()).ToList();
        var training = _strategy.ConfigureTraining((int)roundId, new LocalTrainingOptions(Epochs: _options.LocalEpochs));
        var assignment = new TrainAssignment(roundId, globalBytes, globalHash, training.Epochs, _options.Seed + roundId, training.ProximalMu);
        var trained = await Task.WhenAll(sampled.Select(m => TrainOneAsync(m, assignment, cancellationToken))).ConfigureAwait(false);

        var accepted = new List<(RemoteMember Member, TrainedUpdate Update, ModelCheckpoint Model)>();
        var exclusions = new List<MemberExclusion>();
        foreach (var (member, update, failure) in trained)
        {
            var verdict = failure is not null
                ? await MissingUpdateAsync(roundId, member, failure).ConfigureAwait(false)
                : await CheckUpdateAsync(member, roundId, update!).ConfigureAwait(false);
            if (verdict is { } excluded)
            {
                exclusions.Add(new MemberExclusion(member.Address, excluded.Reason));
                section.Excluded[member.Address.ToString()] = $"{excluded.Reason}: {excluded.Detail}";
                _progress.WriteLine($"  {member.Name,-16} excluded ({excluded.Reason}): {excluded.Detail}");
                continue;
            }

            section.Gas.Members[member.Address.ToString()] = update!.CommitGasUsed;

            var model = ModelCheckpoint.FromBytes(update!.Update);
            _store.PutArtifact(ArtifactKind.Update, roundId, update.Update);
            accepted.Add((member, update, model));
            section.UpdateHashes[member.Address.ToString()] = update.UpdateHash.ToString();
            section.CommitTxHashes[member.Address.ToString()] = update.CommitTxHash.ToString();
            section.Validation.LocalOnlyRmse[member.Address.ToString()] = update.LocalOnlyValidationRmse;
            _progress.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"  {member.Name,-16} {update.TrainSamples,6} windows in {update.TrainSeconds,5:F1} s, update {Short(update.UpdateHash)} committed (gas {update.CommitGasUsed}); local-only val RMSE {update.LocalOnlyValidationRmse:F2} kW"));
        }

        if (accepted.Count < _options.Quorum)
        {
            // Too few valid updates to move the model: close the round with the model unchanged and nobody scored.
            var empty = RoundScoreTable.Create(opening.RoundId, [], exclusions);
            var unchanged = await _ledger.Rounds.FinalizeRoundAsync(empty, globalHash, cancellationToken).ConfigureAwait(false);
            Record(section, unchanged);
            await EnforceAsync(section, opening.RoundId, exclusions, cancellationToken).ConfigureAwait(false);
            section.GlobalModelHash = globalHash.ToString();
            section.QuorumReached = false;
            section.Seconds = clock.Elapsed.TotalSeconds;
            _progress.WriteLine($"Round {roundId}: {accepted.Count} valid update(s), quorum is {_options.Quorum}; closed with the model unchanged (tx {Short(unchanged.TxHash)}).");
            return section;
        }

        // Scoring needs every candidate judged on the same data: the members that delivered this round.
        var evaluators = accepted.Select(a => a.Member).ToList();
        var updates = accepted.Select(a => new MemberUpdate(a.Member.Address.ToString(), a.Model.Parameters, a.Update.TrainSamples)).ToList();
        // Every coalition (or leave-one-out) model is judged by the members on their own validation data.
        var (scores, scoring, evaluations) = await ContributionScoring.ScoreAsync(
            _options.Scoring,
            _strategy,
            Global.Parameters,
            updates,
            (models, ct) => PooledMseAsync(evaluators, roundId, models, ct),
            _options.ShapleyOrDefault,
            globalHash,
            roundId,
            cancellationToken).ConfigureAwait(false);
        section.Scoring = scoring;
        section.ScoringEvaluations = evaluations;

        var next = new ModelCheckpoint(Global.Architecture, _strategy.Aggregate(Global.Parameters, updates));
        var nextBytes = next.ToBytes();
        var nextHash = _store.PutArtifact(ArtifactKind.GlobalModel, roundId + 1, nextBytes);
        var validation = await EvaluateAsync(evaluators, roundId, next, EvaluationSplit.Validation, cancellationToken).ConfigureAwait(false);
        section.Validation.SeasonalNaiveRmse = validation.SeasonalNaive.Rmse;

        var rewards = RewardSplit.Share(_options.RewardPerRound, scores);
        var memberScores = new List<MemberScore>(accepted.Count);
        for (var i = 0; i < accepted.Count; i++)
        {
            var address = accepted[i].Member.Address;
            memberScores.Add(new MemberScore(address, scores[i], rewards[i]));
            section.Scores[address.ToString()] = (double)scores[i] / ContributionScore.Scale;
            section.Rewards[address.ToString()] = rewards[i].ToString(CultureInfo.InvariantCulture);
        }

        // One transaction whatever the member count: the root of the (member, score, reward) tree; each member claims its leaf.
        var table = RoundScoreTable.Create(opening.RoundId, memberScores, exclusions);
        _store.PutArtifact(ArtifactKind.ScoreTable, roundId, ScoreTableDocument.ToJson(table));
        var finalize = await _ledger.Rounds.FinalizeRoundAsync(table, nextHash, cancellationToken).ConfigureAwait(false);
        Record(section, finalize);
        section.RewardRoot = table.RewardRoot.ToString();
        await EnforceAsync(section, opening.RoundId, exclusions, cancellationToken).ConfigureAwait(false);
        await ClaimAllAsync(section, table, accepted.Select(a => a.Member).ToList(), cancellationToken).ConfigureAwait(false);
        section.GlobalModelHash = nextHash.ToString();
        section.Validation.FederatedRmse = validation.Model.Rmse;
        section.Validation.FederatedMae = validation.Model.Mae;
        section.Validation.FederatedNrmse = validation.Model.Nrmse;
        section.Seconds = clock.Elapsed.TotalSeconds;
        Global = next;

        foreach (var score in memberScores)
        {
            var name = _members.First(m => m.Address == score.Member).Name;
            _progress.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-16} score {score.ScoreValue,8:F4}  reward {TokenAmount.Format(score.Reward)}"));
        }

        _progress.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"Round {roundId}: finalized with model {Short(nextHash)} and reward root {Short(table.RewardRoot)} (tx {Short(finalize.TxHash)}, gas {finalize.GasUsed}); validation RMSE {validation.Model.Rmse:F2} kW federated vs {section.Validation.SeasonalNaiveRmse:F2} kW seasonal naive; {section.Seconds:F1} s"));
        return section;
    }

    /// <summary>Pooled error sums of a model on every member's data of one split, with the seasonal-naive baseline.</summary>
    public Task<(ErrorSums Model, ErrorSums SeasonalNaive, IReadOnlyList<(RemoteMember Member, ErrorSums Model, ErrorSums SeasonalNaive)> PerMember)> EvaluateEverywhereAsync(
        long round, ModelCheckpoint model, EvaluationSplit split, CancellationToken cancellationToken) =>
        EvaluateAsync([.. _active], round, model, split, cancellationToken);

    private async Task<(ErrorSums Model, ErrorSums SeasonalNaive, IReadOnlyList<(RemoteMember Member, ErrorSums Model, ErrorSums SeasonalNaive)> PerMember)> EvaluateAsync(
        IReadOnlyList<RemoteMember> evaluators, long round, ModelCheckpoint model, EvaluationSplit split, CancellationToken cancellationToken)
    {
        var candidate = new CandidateModel("model", model.ToBytes());
        var results = await Task.WhenAll(evaluators.Select(async m =>
        {
            var result = await m.Client.EvaluateAsync(round, [candidate], split, _options.EvaluateTimeout, cancellationToken).ConfigureAwait(false);
            return (Member: m, Model: result.Candidates[0], SeasonalNaive: result.SeasonalNaive);
        })).ConfigureAwait(false);

        var total = new ErrorSums("model", 0, 0, 0, 0);
        var naive = new ErrorSums("seasonal-naive", 0, 0, 0, 0);
        foreach (var result in results)
        {
            total = total.Plus(result.Model);
            naive = naive.Plus(result.SeasonalNaive);
        }

        return (total, naive, results);
    }

    private async Task<(RemoteMember Member, TrainedUpdate? Update, string? Failure)> TrainOneAsync(
        RemoteMember member, TrainAssignment assignment, CancellationToken cancellationToken)
    {
        try
        {
            var update = await member.Client.TrainAsync(assignment, _options.TrainTimeout, cancellationToken).ConfigureAwait(false);
            return (member, update, null);
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
        var commitment = await _ledger.Rounds.GetCommitmentAsync((ulong)roundId, member.Address).ConfigureAwait(false);
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
        var commitment = await _ledger.Rounds.GetCommitmentAsync((ulong)roundId, member.Address).ConfigureAwait(false);
        return commitment.IsCommitted
            ? (ExclusionReason.NotDelivered, $"committed {commitment.UpdateHash} but delivered nothing: {failure}")
            : (ExclusionReason.MissedDeadline, failure);
    }

    private async Task EnforceAsync(RoundSection section, ulong roundId, IReadOnlyList<MemberExclusion> exclusions, CancellationToken cancellationToken)
    {
        if (exclusions.Count == 0)
        {
            return;
        }

        var enforce = await _ledger.Rounds.EnforceExclusionsAsync(roundId, exclusions, cancellationToken).ConfigureAwait(false);
        Record(section, enforce);
    }

    private async Task ClaimAllAsync(RoundSection section, RoundScoreTable table, IReadOnlyList<RemoteMember> scored, CancellationToken cancellationToken)
    {
        var claims = await Task.WhenAll(scored.Select(async member =>
        {
            var leaf = table.Tree.GetScore(member.Address);
            if (leaf.Reward.IsZero)
            {
                return (member, (ClaimReceipt?)null, (string?)null);
            }

            try
            {
                var claim = new RewardClaim((long)table.RoundId, leaf.Score, leaf.Reward, table.Tree.GetProof(member.Address).ToList());
                return (member, await member.Client.ClaimAsync(claim, _options.EvaluateTimeout, cancellationToken).ConfigureAwait(false), null);
            }
            catch (RpcException e) when (!cancellationToken.IsCancellationRequested)
            {
                return (member, null, $"{e.StatusCode}: {e.Status.Detail}");
            }
        })).ConfigureAwait(false);

        foreach (var (member, receipt, failure) in claims)
        {
            var address = member.Address.ToString();
            if (receipt is not null)
            {
                section.ClaimTxHashes[address] = receipt.TxHash.ToString();
                section.Gas.Members[address] = section.Gas.Members.GetValueOrDefault(address) + receipt.GasUsed;
            }
            else if (failure is not null)
            {
                // The leaf stays claimable on chain; the member can claim it later.
                section.UnclaimedRewards[address] = failure;
                _progress.WriteLine($"  {member.Name,-16} did not claim its reward yet: {failure}");
            }
        }
    }

    private static void Record(RoundSection section, LedgerTransaction transaction)
    {
        section.TxHashes.Add(transaction.TxHash.ToString());
        section.GasUsed += (long)transaction.GasUsed;
        section.Gas.Coordinator += (long)transaction.GasUsed;
    }

    /// <summary>Pooled validation MSE of each candidate model over the evaluators' data, in batches of whole candidate lists.</summary>
    private async Task<IReadOnlyList<double>> PooledMseAsync(IReadOnlyList<RemoteMember> evaluators, long roundId, IReadOnlyList<float[]> models, CancellationToken cancellationToken)
    {
        const int batch = 64;
        var losses = new List<double>(models.Count);
        for (var start = 0; start < models.Count; start += batch)
        {
            var candidates = models.Skip(start).Take(batch)
                .Select((parameters, i) => new CandidateModel($"c{start + i}", new ModelCheckpoint(Global.Architecture, parameters).ToBytes()))
                .ToList();
            var results = await Task.WhenAll(evaluators.Select(m => m.Client.EvaluateAsync(roundId, candidates, EvaluationSplit.Validation, _options.EvaluateTimeout, cancellationToken))).ConfigureAwait(false);
            for (var c = 0; c < candidates.Count; c++)
            {
                var pooled = results[0].Candidates[c];
                for (var m = 1; m < results.Length; m++)
                {
                    pooled = pooled.Plus(results[m].Candidates[c]);
                }

                losses.Add(pooled.Mse);
            }
        }

        return losses;
    }

    private static string Short(Hash32 hash) => hash.ToString()[..10] + "…";

}
