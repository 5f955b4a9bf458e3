using System.Globalization;
using System.Text.Json;
using Consortium.Contracts.Ledger;
using Consortium.Fl.Aggregation;
using Consortium.Fl.Contribution;
using Consortium.Fl.Models;
using Consortium.Fl.Strategies;
using Consortium.Network.Federation;
using Consortium.Node.Store;

namespace Consortium.Node.Federation.Member;

/// <summary>
/// Decides which models a member evaluates on its private data, so that evaluation is not a query oracle for whoever
/// calls it. On the validation split a member evaluates only
/// <list type="bullet">
/// <item>coalitions of the round's updates, which it rebuilds itself (<see cref="CoalitionModels"/>) from update bytes
/// whose keccak-256 equals what their senders committed on chain, while the round is open and the member committed to
/// it;</item>
/// <item>whole models the chain records for a round it committed to: the round's starting model, or its result once
/// finalized;</item>
/// </list>
/// within <see cref="FederatedMember.EvaluationBudget"/> distinct candidates per round. The rule and the weights of the
/// first coalition request of a round are kept, and a later request of the same round that changes them is refused, so a
/// caller cannot sweep weights to build models of its own choosing; a candidate asked for again (a coordinator that
/// restarted mid-round scores again) is the same model, answered without counting twice. What a round fixed and counted
/// is kept in the member's store, so a restart grants nothing new. The test split only where the owner allowed it (the
/// demo reading its own stores).
/// </summary>
internal sealed class EvaluationGate(string name, NodeStore store, IRoundLedger rounds, Func<bool> allowTestSplit)
{
    private readonly SemaphoreSlim _terms = new(1, 1);

    /// <summary>The models to evaluate, in the order of <see cref="EvaluationRequest.Labels"/>.</summary>
    /// <exception cref="UnauthorizedAccessException">The request asks for something this member does not evaluate.</exception>
    /// <exception cref="ArgumentException">The request is malformed.</exception>
    /// <exception cref="InvalidOperationException">The round is not in a state that allows it.</exception>
    public async Task<IReadOnlyList<(string Label, ModelCheckpoint Model)>> AdmitAsync(EvaluationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Split == EvaluationSplit.Test)
        {
            if (!allowTestSplit())
            {
                throw new UnauthorizedAccessException($"{name} never evaluates models on its test split at a peer's request");
            }

            if (request.Coalitions.Count > 0)
            {
                throw new ArgumentException("coalitions are scored on validation data, not on the test split");
            }

            return [.. request.Models.Select(m => (m.Label, Parse(m)))];
        }

        if (request.Round <= 0)
        {
            throw new ArgumentException($"round must be a round on chain, got {request.Round}");
        }

        var round = request.Round;
        var state = await rounds.GetRoundAsync((ulong)round).ConfigureAwait(false);
        var record = store.GetMemberRound(round)
            ?? throw new UnauthorizedAccessException($"{name} committed no update in round {round}; it evaluates only for rounds it contributed to.");
        await _terms.WaitAsync().ConfigureAwait(false);
        try
        {
            var terms = LoadTerms(round);
            var admitted = new List<(string Label, ModelCheckpoint Model)>(request.Count);
            var keys = new List<string>(request.Count);
            foreach (var candidate in request.Models)
            {
                admitted.Add((candidate.Label, RecordedModel(candidate, state)));
                keys.Add("model " + Keccak.Hash(candidate.Model));
            }

            if (request.Coalitions.Count > 0)
            {
                if (state.Status != RoundStatus.Open)
                {
                    throw new InvalidOperationException($"Round {round} is {state.Status} on chain; {name} evaluates coalitions only for an open round.");
                }

                var global = store.GetArtifact(record.GlobalModelHash) is { } bytes
                    ? ModelCheckpoint.FromBytes(bytes)
                    : throw new InvalidOperationException($"{name} no longer holds round {round}'s starting model {record.GlobalModelHash}.");
                var updates = await CommittedUpdatesAsync(request, global, terms).ConfigureAwait(false);
                var aggregator = Rule(request.Aggregation).CreateAggregator();
                foreach (var coalition in request.Coalitions)
                {
                    var parameters = CoalitionModels.Combine(aggregator, global.Parameters, updates, coalition.Members);
                    admitted.Add((coalition.Label, new ModelCheckpoint(global.Architecture, parameters)));
                    keys.Add("coalition " + string.Join(',', coalition.Members.Select(i => updates[i].MemberId).Order(StringComparer.Ordinal)));
                }
            }

            Charge(round, terms, keys, state.CommitCount);
            store.PutValue(TermsKey(round), JsonSerializer.SerializeToUtf8Bytes(terms));
            return admitted;
        }
        finally
        {
            _terms.Release();
        }
    }

    /// <summary>A whole model, admitted only when its hash is one the chain records for the round.</summary>
    private ModelCheckpoint RecordedModel(CandidateModel candidate, RoundState state)
    {
        var hash = Keccak.Hash(candidate.Model);
        var recorded = state.Status switch
        {
            RoundStatus.Open => hash == state.GlobalModelHash,
            RoundStatus.Finalized => hash == state.GlobalModelHash || hash == state.NewModelHash,
            _ => throw new InvalidOperationException($"Round {state.RoundId} is {state.Status} on chain; {name} evaluates nothing for it."),
        };
        if (!recorded)
        {
            throw new UnauthorizedAccessException(
                $"candidate '{candidate.Label}' hashes to {hash}, a model the chain does not record for round {state.RoundId}; " +
                $"{name} evaluates only coalitions of the round's committed updates and the models on chain");
        }

        return Parse(candidate);
    }

    /// <summary>The request's updates, each checked against its sender's commitment on chain (once per round) and against the weights of earlier requests.</summary>
    private async Task<IReadOnlyList<MemberUpdate>> CommittedUpdatesAsync(EvaluationRequest request, ModelCheckpoint global, EvaluationTerms terms)
    {
        var round = request.Round;
        var rule = Rule(request.Aggregation).ToString();
        if (terms.Aggregation is { } pinned && pinned != rule)
        {
            throw new UnauthorizedAccessException($"round {round}'s coalitions were combined with '{pinned}'; {name} does not evaluate them combined with '{rule}' as well");
        }

        terms.Aggregation = rule;
        var updates = new List<MemberUpdate>(request.Updates.Count);
        var seen = new HashSet<ChainAddress>();
        foreach (var update in request.Updates)
        {
            var who = update.Member.ToString();
            if (!seen.Add(update.Member))
            {
                throw new ArgumentException($"the update of {who} appears twice");
            }

            if (update.TrainSamples <= 0)
            {
                throw new ArgumentException($"the update of {who} is weighted by {update.TrainSamples} training samples");
            }

            var hash = Keccak.Hash(update.Update);
            if (terms.Updates.TryGetValue(who, out var known))
            {
                if (known.Hash != hash.ToString())
                {
                    throw new UnauthorizedAccessException($"the update of {who} hashes to {hash}, not to {known.Hash}, the update it committed in round {round}");
                }

                if (known.TrainSamples != update.TrainSamples)
                {
                    throw new UnauthorizedAccessException(
                        $"the update of {who} was weighted by {known.TrainSamples} training samples earlier in round {round}; {name} does not evaluate it weighted by {update.TrainSamples}");
                }
            }
            else
            {
                var commitment = await rounds.GetCommitmentAsync((ulong)round, update.Member).ConfigureAwait(false);
                if (!commitment.IsCommitted)
                {
                    throw new UnauthorizedAccessException($"{who} committed no update in round {round}");
                }

                if (commitment.UpdateHash != hash)
                {
                    throw new UnauthorizedAccessException($"the update of {who} hashes to {hash}, but {who} committed {commitment.UpdateHash} in round {round}");
                }

                terms.Updates[who] = new CommittedTerms(hash.ToString(), update.TrainSamples);
            }

            var model = Parse(new CandidateModel(who, update.Update));
            if (model.Architecture != global.Architecture)
            {
                throw new ArgumentException($"the update of {who} has architecture {model.Architecture}; round {round}'s model is {global.Architecture}");
            }

            var bad = ParameterAggregation.IndexOfNonFinite(model.Parameters);
            if (bad >= 0)
            {
                throw new ArgumentException($"the update of {who} has parameter {bad} = {model.Parameters[bad].ToString(CultureInfo.InvariantCulture)}, not a finite number");
            }

            updates.Add(new MemberUpdate(who, model.Parameters, update.TrainSamples));
        }

        return updates;
    }

    /// <summary>Counts the candidates not evaluated in the round before against its budget, or refuses them all.</summary>
    private void Charge(long round, EvaluationTerms terms, IReadOnlyList<string> keys, int commits)
    {
        var budget = FederatedMember.EvaluationBudget(commits);
        var fresh = keys.Distinct(StringComparer.Ordinal).Where(k => !terms.Evaluated.Contains(k)).ToList();
        if (terms.Evaluated.Count + fresh.Count > budget)
        {
            throw new UnauthorizedAccessException(
                $"{name} has evaluated {terms.Evaluated.Count} candidates in round {round}; {fresh.Count} more would pass the {budget} that scoring {commits} updates needs");
        }

        terms.Evaluated.UnionWith(fresh);
    }

    private EvaluationTerms LoadTerms(long round) =>
        store.GetValue(TermsKey(round)) is { } saved ? JsonSerializer.Deserialize<EvaluationTerms>(saved) ?? new EvaluationTerms() : new EvaluationTerms();

    private static string TermsKey(long round) => $"evaluation-terms/{round}";

    private static AggregationRule Rule(string text)
    {
        try
        {
            return AggregationRule.Parse(string.IsNullOrWhiteSpace(text) ? "mean" : text);
        }
        catch (FormatException e)
        {
            throw new ArgumentException($"aggregation: {e.Message}", e);
        }
    }

    private static ModelCheckpoint Parse(CandidateModel candidate)
    {
        try
        {
            return ModelCheckpoint.FromBytes(candidate.Model);
        }
        catch (ModelFormatException e)
        {
            throw new ArgumentException($"Candidate '{candidate.Label}' is not a valid model: {e.Message}", e);
        }
    }

    /// <summary>What a round's first coalition request fixed (the rule, each update's hash and weight) and the candidates evaluated so far.</summary>
    private sealed class EvaluationTerms
    {
        public string? Aggregation { get; set; }

        public Dictionary<string, CommittedTerms> Updates { get; set; } = new(StringComparer.Ordinal);

        public HashSet<string> Evaluated { get; set; } = new(StringComparer.Ordinal);
    }

    private sealed record CommittedTerms(string Hash, long TrainSamples);
}
