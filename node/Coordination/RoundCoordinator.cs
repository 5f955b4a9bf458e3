using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using Consortium.Contracts;
using Consortium.Contracts.Ledger;
using Consortium.Fl.Models;
using Consortium.Fl.Strategies;
using Consortium.Network.Federation;
using Consortium.Node.Reporting;
using Consortium.Node.Store;
using Grpc.Core;

namespace Consortium.Node.Coordination;

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
    private readonly IReadOnlyList<ConsortiumMember> _members;
    private readonly List<ConsortiumMember> _active;
    private readonly CoordinatorOptions _options;
    private readonly AggregationStrategy _strategy;
    private readonly TextWriter _progress;

    /// <summary>Creates a coordinator over registered members, starting from <paramref name="initial"/>.</summary>
    public RoundCoordinator(
        ConsortiumLedger ledger,
        NodeStore store,
        IReadOnlyList<ConsortiumMember> members,
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
    }

    /// <summary>Members still answering; one whose node went away is left out of later rounds.</summary>
    public IReadOnlyList<ConsortiumMember> ActiveMembers => _active;

    /// <summary>The current global model.</summary>
    public ModelCheckpoint Global { get; private set; }

    /// <summary>Runs one round end to end and returns what it recorded.</summary>
    public async Task<RoundSection> RunRoundAsync(int index, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var globalBytes = Global.ToBytes();
        var globalHash = new Hash32(_store.PutArtifact("global-model", index, globalBytes));
        var opening = await _ledger.Rounds.OpenRoundAsync(globalHash, DateTimeOffset.UtcNow + _options.RoundDeadline, cancellationToken).ConfigureAwait(false);
        var roundId = (long)opening.RoundId;
        var section = new RoundSection { Round = roundId, OpenedModelHash = globalHash.ToString() };
        section.TxHashes.Add(opening.Transaction.TxHash.ToString());
        section.GasUsed += (long)opening.Transaction.GasUsed;
        _progress.WriteLine($"Round {roundId}: opened with model {Short(globalHash)} (tx {Short(opening.Transaction.TxHash)}); training within {_options.TrainTimeout.TotalSeconds:F0} s...");

        var sampled = MemberSampling.Choose([.. _active], _options.SampleFraction, _options.Quorum, _options.Seed, roundId);
        section.Sampled = sampled.Select(m => m.Address.ToString()).ToList();
        var assignment = new TrainAssignment(roundId, globalBytes, globalHash.ToArray(), _options.LocalEpochs, _options.Seed + roundId);
        var trained = await Task.WhenAll(sampled.Select(m => TrainOneAsync(m, assignment, cancellationToken))).ConfigureAwait(false);

        var accepted = new List<(ConsortiumMember Member, TrainedUpdate Update, ModelCheckpoint Model)>();
        foreach (var (member, update, failure) in trained)
        {
            var reason = failure ?? await CheckUpdateAsync(member, roundId, update!).ConfigureAwait(false);
            if (reason is not null)
            {
                section.Excluded[member.Address.ToString()] = reason;
                _progress.WriteLine($"  {member.Name,-16} excluded: {reason}");
                continue;
            }

            var model = ModelCheckpoint.FromBytes(update!.Update);
            _store.PutArtifact("update", roundId, update.Update);
            accepted.Add((member, update, model));
            section.UpdateHashes[member.Address.ToString()] = ModelDigest.ToHex(update.UpdateHash);
            section.CommitTxHashes[member.Address.ToString()] = update.CommitTxHash;
            section.Validation.LocalOnlyRmse[member.Address.ToString()] = update.LocalOnlyValidationRmse;
            _progress.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"  {member.Name,-16} {update.TrainSamples,6} windows in {update.TrainSeconds,5:F1} s, update {ModelDigest.ToHex(update.UpdateHash)[..10]}… committed (gas {update.CommitGasUsed}); local-only val RMSE {update.LocalOnlyValidationRmse:F2} kW"));
        }

        if (accepted.Count < _options.Quorum)
        {
            // Too few valid updates to move the model: close the round with the model unchanged and nobody scored.
            var unchanged = await _ledger.Rounds.FinalizeRoundAsync(opening.RoundId, globalHash, [], cancellationToken).ConfigureAwait(false);
            section.TxHashes.Add(unchanged.TxHash.ToString());
            section.GasUsed += (long)unchanged.GasUsed;
            section.GlobalModelHash = globalHash.ToString();
            section.QuorumReached = false;
            section.Seconds = clock.Elapsed.TotalSeconds;
            _progress.WriteLine($"Round {roundId}: {accepted.Count} valid update(s), quorum is {_options.Quorum}; closed with the model unchanged (tx {Short(unchanged.TxHash)}).");
            return section;
        }

        // Scoring needs every candidate judged on the same data: the members that delivered this round.
        var evaluators = accepted.Select(a => a.Member).ToList();
        var updates = accepted.Select(a => new MemberUpdate(a.Member.Address.ToString(), a.Model.Parameters, a.Update.TrainSamples)).ToList();
        var pooled = new List<ErrorSums>();
        var contributions = await LeaveOneOutContribution.ScoreAsync(
            _strategy,
            Global.Parameters,
            updates,
            async (parameters, ct) =>
            {
                var sums = await EvaluateAsync(evaluators, roundId, new ModelCheckpoint(Global.Architecture, parameters), EvaluationSplit.Validation, ct).ConfigureAwait(false);
                pooled.Add(sums.Model);
                if (pooled.Count == 1)
                {
                    section.Validation.SeasonalNaiveRmse = sums.SeasonalNaive.Rmse;
                }

                return sums.Model.Mse;
            },
            cancellationToken).ConfigureAwait(false);

        var next = new ModelCheckpoint(Global.Architecture, _strategy.Aggregate(Global.Parameters, updates));
        var nextBytes = next.ToBytes();
        var nextHash = new Hash32(_store.PutArtifact("global-model", roundId + 1, nextBytes));

        // Scores are relative: the pooled validation MSE the round's model loses without the member, per unit of its MSE.
        var scores = contributions.Members
            .Select(c => (long)Math.Round(c.Score / contributions.LossWithAll * MemberScore.Scale))
            .ToList();
        var rewards = RewardSplit.Share(_options.RewardPerRound, scores);
        var memberScores = new List<MemberScore>(accepted.Count);
        for (var i = 0; i < accepted.Count; i++)
        {
            var address = accepted[i].Member.Address;
            memberScores.Add(new MemberScore(address, scores[i], rewards[i]));
            section.Scores[address.ToString()] = (double)scores[i] / MemberScore.Scale;
            section.Rewards[address.ToString()] = rewards[i].ToString(CultureInfo.InvariantCulture);
        }

        var finalize = await _ledger.Rounds.FinalizeRoundAsync(opening.RoundId, nextHash, memberScores, cancellationToken).ConfigureAwait(false);
        section.TxHashes.Add(finalize.TxHash.ToString());
        section.GasUsed += (long)finalize.GasUsed;
        section.GlobalModelHash = nextHash.ToString();
        section.Validation.FederatedRmse = pooled[0].Rmse;
        section.Validation.FederatedMae = pooled[0].Mae;
        section.Validation.FederatedNrmse = pooled[0].Nrmse;
        section.Seconds = clock.Elapsed.TotalSeconds;
        Global = next;

        foreach (var score in memberScores)
        {
            var name = _members.First(m => m.Address == score.Member).Name;
            _progress.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-16} score {score.ScoreValue,8:F4}  reward {TokenText(score.Reward)}"));
        }

        _progress.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"Round {roundId}: finalized with model {Short(nextHash)} (tx {Short(finalize.TxHash)}, gas {finalize.GasUsed}); validation RMSE {pooled[0].Rmse:F2} kW federated vs {section.Validation.SeasonalNaiveRmse:F2} kW seasonal naive; {section.Seconds:F1} s"));
        return section;
    }

    /// <summary>Pooled error sums of a model on every member's data of one split, with the seasonal-naive baseline.</summary>
    public Task<(ErrorSums Model, ErrorSums SeasonalNaive, IReadOnlyList<(ConsortiumMember Member, ErrorSums Model, ErrorSums SeasonalNaive)> PerMember)> EvaluateEverywhereAsync(
        long round, ModelCheckpoint model, EvaluationSplit split, CancellationToken cancellationToken) =>
        EvaluateAsync([.. _active], round, model, split, cancellationToken);

    private async Task<(ErrorSums Model, ErrorSums SeasonalNaive, IReadOnlyList<(ConsortiumMember Member, ErrorSums Model, ErrorSums SeasonalNaive)> PerMember)> EvaluateAsync(
        IReadOnlyList<ConsortiumMember> evaluators, long round, ModelCheckpoint model, EvaluationSplit split, CancellationToken cancellationToken)
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

    private async Task<(ConsortiumMember Member, TrainedUpdate? Update, string? Failure)> TrainOneAsync(
        ConsortiumMember member, TrainAssignment assignment, CancellationToken cancellationToken)
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

    private async Task<string?> CheckUpdateAsync(ConsortiumMember member, long roundId, TrainedUpdate update)
    {
        var commitment = await _ledger.Rounds.GetCommitmentAsync((ulong)roundId, member.Address).ConfigureAwait(false);
        var hash = new Hash32(update.UpdateHash);
        if (!commitment.IsCommitted)
        {
            return $"no update hash committed on chain for round {roundId}";
        }

        if (commitment.UpdateHash != hash)
        {
            return $"update hashes to {hash} but {commitment.UpdateHash} was committed on chain";
        }

        try
        {
            var model = ModelCheckpoint.FromBytes(update.Update);
            if (model.Architecture != Global.Architecture)
            {
                return $"update has architecture {model.Architecture}, the round's model is {Global.Architecture}";
            }
        }
        catch (ModelFormatException e)
        {
            return $"update is not a valid model: {e.Message}";
        }

        if (update.TrainSamples <= 0)
        {
            return $"update claims {update.TrainSamples} training samples";
        }

        return null;
    }

    private static string Short(Hash32 hash) => hash.ToString()[..10] + "…";

    private static string TokenText(BigInteger units) =>
        ((decimal)units / 1_000_000_000_000_000_000m).ToString("F6", CultureInfo.InvariantCulture) + " CRT";
}
