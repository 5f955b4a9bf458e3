using System.Globalization;
using System.Numerics;
using Consortium.Contracts;
using Consortium.Contracts.Ledger;
using Consortium.Fl.Contribution;
using Consortium.Fl.Evaluation;
using Consortium.Fl.Forecasting;
using Consortium.Fl.Models;
using Consortium.Fl.Strategies;
using Consortium.Network.Dispatch;
using Consortium.Node.DispatchEvents;
using Consortium.Node.Federation.Member;
using Consortium.Node.GridParty;
using Consortium.Node.Reporting;
using Consortium.Node.Store;

namespace Consortium.Node.Audit;

/// <summary>
/// Checks every claim of a demo report against the chain: contract code, model and update hashes in
/// the round events and commitments, the score table against the finalized reward root (every leaf's
/// Merkle proof), claims and token balances. With the run's data directory it also recomputes what
/// the artifacts determine: the hashes of the stored models, each round's aggregate from the stored
/// updates, and, from the operators' own stores, the Shapley scores.
/// </summary>
public sealed class ReportVerifier(ConsortiumLedger ledger, DemoReport report, string? dataDir, TextWriter progress)
{
    private readonly List<AuditFinding> _findings = [];

    /// <summary>Runs every check and returns what did not match (empty when everything did).</summary>
    public async Task<IReadOnlyList<AuditFinding>> VerifyAsync(CancellationToken cancellationToken)
    {
        await VerifyChainAsync().ConfigureAwait(false);
        await VerifyOperatorsAsync().ConfigureAwait(false);
        foreach (var round in report.Rounds)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await VerifyRoundAsync(round).ConfigureAwait(false);
        }

        if (report.Dispatch is { } dispatch)
        {
            await VerifyDispatchAsync(dispatch).ConfigureAwait(false);
        }

        if (dataDir is not null)
        {
            VerifyArtifacts(cancellationToken);
        }

        return _findings;
    }

    private void Mismatch(string subject, string problem) => _findings.Add(new AuditFinding(subject, problem));

    private async Task VerifyChainAsync()
    {
        var chainId = await ledger.Connection.GetChainIdAsync().ConfigureAwait(false);
        if (chainId != report.Chain.ChainId)
        {
            Mismatch("chain id", $"the report says {report.Chain.ChainId}, the chain at {ledger.Connection.RpcUrl} is {chainId}");
        }

        foreach (var (name, address) in new[]
        {
            ("registry", ledger.Addresses.Registry), ("rounds", ledger.Addresses.Rounds),
            ("token", ledger.Addresses.Token), ("dispatch", ledger.Addresses.Dispatch),
        })
        {
            if (!await ledger.Connection.HasCodeAsync(address).ConfigureAwait(false))
            {
                Mismatch($"{name} contract", $"no code at {address}");
            }
        }

        progress.WriteLine($"Chain {chainId} at {ledger.Connection.RpcUrl}: contract code checked.");
    }

    private async Task VerifyOperatorsAsync()
    {
        foreach (var op in report.Operators)
        {
            var subject = $"operator {op.Name}";
            if (!ChainAddress.TryParse(op.Address, out var address))
            {
                Mismatch(subject, $"'{op.Address}' is not an address");
                continue;
            }

            var name = await ledger.Registry.GetMemberNameAsync(address).ConfigureAwait(false);
            if (name != op.Name)
            {
                Mismatch(subject, $"the registry names {address} '{name}'");
            }

            var before = BigInteger.Parse(op.TokenBalanceBefore, CultureInfo.InvariantCulture);
            var after = BigInteger.Parse(op.TokenBalanceAfter, CultureInfo.InvariantCulture);
            var rewards = report.Rounds.Aggregate(BigInteger.Zero, (sum, r) => sum + (r.Rewards.TryGetValue(op.Address, out var v) ? BigInteger.Parse(v, CultureInfo.InvariantCulture) : 0))
                + BigInteger.Max(BigInteger.Zero, report.DispatchSettlement(op.Address));
            if (after != before + rewards)
            {
                Mismatch($"{subject} balance", $"the report's balance after ({after}) is not its balance before ({before}) plus its rewards ({rewards})");
            }

            var onChain = await ledger.Token.BalanceOfAsync(address).ConfigureAwait(false);
            if (onChain != after)
            {
                Mismatch($"{subject} balance", $"the report says {after} token units, the chain holds {onChain}");
            }
        }

        progress.WriteLine($"{report.Operators.Count} operators: registry names and token balances checked.");
    }

    /// <summary>The dispatch event: opened for the reported request, settled, and every operator's hashes and settlement as reported.</summary>
    private async Task VerifyDispatchAsync(DispatchSection dispatch)
    {
        var subject = $"dispatch event {dispatch.EventId}";
        DispatchState state;
        try
        {
            state = await ledger.Dispatch.GetDispatchAsync(dispatch.EventId).ConfigureAwait(false);
        }
        catch (LedgerRevertedException)
        {
            Mismatch(subject, "the chain has no such dispatch event");
            return;
        }

        if (state.RequestHash.ToString() != dispatch.RequestHash)
        {
            Mismatch($"{subject} request", $"the report says {dispatch.RequestHash}, the chain opened it for {state.RequestHash}");
        }

        VerifySignedRequest(dispatch, subject);

        if (state.Status != DispatchStatus.Settled)
        {
            Mismatch(subject, $"the chain has it {state.Status}, not settled");
        }

        var rule = new DispatchSettlementRule(
            BigInteger.Parse(dispatch.RewardWeiPerKwh, CultureInfo.InvariantCulture),
            BigInteger.Parse(dispatch.PenaltyWeiPerKwh, CultureInfo.InvariantCulture),
            dispatch.RelativeTolerance,
            dispatch.AbsoluteToleranceKwh);

        if (state.AllocationCount != dispatch.PerOperator.Count || state.DeliveryCount != dispatch.PerOperator.Count)
        {
            Mismatch(subject, $"the chain counts {state.AllocationCount} allocations and {state.DeliveryCount} deliveries, the report lists {dispatch.PerOperator.Count} operators");
        }

        foreach (var op in dispatch.PerOperator)
        {
            if (!ChainAddress.TryParse(op.Address, out var address))
            {
                Mismatch($"{subject} operator {op.Name}", $"'{op.Address}' is not an address");
                continue;
            }

            var record = await ledger.Dispatch.GetOperatorDispatchAsync(dispatch.EventId, address).ConfigureAwait(false);
            if (record.AllocationHash.ToString() != op.AllocationHash)
            {
                Mismatch($"{subject} allocation of {op.Name}", $"the report says {op.AllocationHash}, the chain holds {record.AllocationHash}");
            }

            if (record.DeliveryHash.ToString() != op.DeliveryHash)
            {
                Mismatch($"{subject} delivery of {op.Name}", $"the report says {op.DeliveryHash}, the chain holds {record.DeliveryHash}");
            }

            if (!record.Settled || record.Settlement.ToString(CultureInfo.InvariantCulture) != op.SettlementWei)
            {
                Mismatch($"{subject} settlement of {op.Name}", $"the report says {op.SettlementWei}, the chain settled {record.Settlement} (settled: {record.Settled})");
            }

            if (DispatchDigest.Delivery(dispatch.EventId, Hash32.Parse(dispatch.RequestHash), op.MeteredKwhPerStep) != record.DeliveryHash)
            {
                Mismatch($"{subject} delivery of {op.Name}", $"the reported metered values do not hash to the delivery {record.DeliveryHash} on chain");
            }

            if (op.AllocatedKwPerStep.Length != op.MeteredKwhPerStep.Length
                || rule.Settle(op.AllocatedKwPerStep, op.MeteredKwhPerStep).AmountWei != record.Settlement)
            {
                Mismatch($"{subject} settlement of {op.Name}", $"the reported allocation and metering under the reported rule do not give the {record.Settlement} settled on chain");
            }
        }

        progress.WriteLine($"Dispatch event {dispatch.EventId}: request (signed by {dispatch.GridParty}, hash recomputed from the signed document), {dispatch.PerOperator.Count} allocations, deliveries (recomputed from the metered values) and settlements (recomputed under the reported rule) checked.");
    }

    /// <summary>
    /// The grid party's signed request in the report: it parses (every field, and the signature recovers to its grid
    /// party), its canonical hash is the reported request hash, and its target is the reported target.
    /// </summary>
    private void VerifySignedRequest(DispatchSection dispatch, string subject)
    {
        SignedFlexibilityRequest signed;
        try
        {
            signed = FlexibilityRequestCodec.Parse(dispatch.SignedRequest);
        }
        catch (FlexibilityRequestException e)
        {
            Mismatch($"{subject} request", $"the report's signed request does not parse: {e.Message}");
            return;
        }

        if (signed.RequestHash.ToString() != dispatch.RequestHash)
        {
            Mismatch($"{subject} request", $"the signed request hashes to {signed.RequestHash}, the report says {dispatch.RequestHash}");
        }

        if (signed.Signer.ToString() != dispatch.GridParty || signed.Request.RequestId != dispatch.RequestId)
        {
            Mismatch($"{subject} request", $"the signed request is {signed.Request.RequestId} from {signed.Signer}, the report says {dispatch.RequestId} from {dispatch.GridParty}");
        }

        if (signed.Request.HorizonSteps != dispatch.Intervals || !signed.Request.TargetKw.AsSpan().SequenceEqual(dispatch.TargetKw))
        {
            Mismatch($"{subject} request", "the report's target is not the target of the signed request");
        }
    }

    private async Task VerifyRoundAsync(RoundSection round)
    {
        var id = (ulong)round.Round;
        var subject = $"round {round.Round}";
        var state = await ledger.Rounds.GetRoundAsync(id).ConfigureAwait(false);
        if (state.Status == RoundStatus.None)
        {
            Mismatch(subject, "the chain has no such round");
            return;
        }

        var history = await ledger.Rounds.GetRoundHistoryAsync(id).ConfigureAwait(false);
        if (history.Opened.GlobalModelHash.ToString() != round.OpenedModelHash)
        {
            Mismatch($"{subject} opening model", $"the report says {round.OpenedModelHash}, RoundOpened says {history.Opened.GlobalModelHash}");
        }

        if (history.Finalized is not { } finalized)
        {
            Mismatch(subject, "the chain has no RoundFinalized event for it");
            return;
        }

        if (finalized.NewModelHash.ToString() != round.GlobalModelHash)
        {
            Mismatch($"{subject} new model", $"the report says {round.GlobalModelHash}, RoundFinalized says {finalized.NewModelHash}");
        }

        foreach (var (member, hash) in round.UpdateHashes)
        {
            var commitment = await ledger.Rounds.GetCommitmentAsync(id, ChainAddress.Parse(member)).ConfigureAwait(false);
            if (commitment.UpdateHash.ToString() != hash)
            {
                Mismatch($"{subject} update of {member}", $"the report says {hash}, the chain holds {commitment.UpdateHash}");
            }
        }

        RoundScoreTable table;
        try
        {
            table = ReportedTable(round);
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            Mismatch($"{subject} score table", e.Message);
            return;
        }

        if (!table.Matches(state))
        {
            Mismatch($"{subject} score table", $"the report's scores, rewards and exclusions give reward root {table.RewardRoot} (pool {table.RewardPool}), the chain finalized {state.RewardRoot} (pool {state.RewardPool})");
        }

        foreach (var score in table.Scores)
        {
            var proof = table.Tree.GetProof(score.Member);
            if (!RewardMerkleTree.Verify(state.RewardRoot, RewardMerkleTree.LeafHash(id, score), proof))
            {
                Mismatch($"{subject} leaf of {score.Member}", "its Merkle proof does not reach the reward root on chain");
            }
        }

        foreach (var claim in history.Claims)
        {
            var reported = table.Scores.FirstOrDefault(s => s.Member == claim.Member);
            if (reported is null || reported.Score != claim.Score || reported.Reward != claim.Reward)
            {
                Mismatch($"{subject} claim of {claim.Member}", $"claimed score {claim.Score} and reward {claim.Reward}, the report says {reported?.Score} and {reported?.Reward}");
            }
        }
    }

    private static RoundScoreTable ReportedTable(RoundSection round)
    {
        var scores = round.Scores.Select(kv => new MemberScore(
            ChainAddress.Parse(kv.Key),
            (long)Math.Round(kv.Value * ContributionScore.Scale),
            round.Rewards.TryGetValue(kv.Key, out var reward) ? BigInteger.Parse(reward, CultureInfo.InvariantCulture) : throw new FormatException($"the report gives {kv.Key} a score but no reward"))).ToList();
        var exclusions = round.Excluded.Select(kv => new MemberExclusion(ChainAddress.Parse(kv.Key), ParseReason(kv.Value))).ToList();
        return RoundScoreTable.Create((ulong)round.Round, scores, exclusions);
    }

    private static ExclusionReason ParseReason(string text)
    {
        var head = text.Split(':', 2)[0].Trim();
        return Enum.TryParse<ExclusionReason>(head, out var reason) && reason != ExclusionReason.None
            ? reason
            : throw new FormatException($"exclusion reason '{head}' is not one the ledger knows");
    }

    private void VerifyArtifacts(CancellationToken cancellationToken)
    {
        var coordinatorPath = Path.Combine(dataDir!, "coordinator", "node.db");
        if (!File.Exists(coordinatorPath))
        {
            Mismatch("artifacts", $"no coordinator store at {coordinatorPath}");
            return;
        }

        using var coordinator = new NodeStore(coordinatorPath);
        var stride = report.Settings.TryGetValue("windowStride", out var s) ? Convert.ToInt32(s.ToString(), CultureInfo.InvariantCulture) : 1;
        var evaluators = OpenOperators(stride);
        var strategy = ReportedStrategy();
        foreach (var round in report.Rounds)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var subject = $"round {round.Round} artifacts";
            var opened = Load(coordinator, round.OpenedModelHash, subject, "opening model");
            var finalized = Load(coordinator, round.GlobalModelHash, subject, "new model");
            if (opened is null || finalized is null)
            {
                continue;
            }

            var global = ModelCheckpoint.FromBytes(opened);
            var updates = new List<MemberUpdate>();
            foreach (var (member, hash) in round.UpdateHashes)
            {
                var bytes = Load(coordinator, hash, subject, $"update of {member}");
                var op = report.Operators.FirstOrDefault(o => o.Address == member);
                if (bytes is null || op is null)
                {
                    continue;
                }

                updates.Add(new MemberUpdate(member, ModelCheckpoint.FromBytes(bytes).Parameters, op.TrainSamples));
            }

            if (updates.Count != round.UpdateHashes.Count || !round.QuorumReached)
            {
                continue;
            }

            if (evaluators is not null)
            {
                VerifyScores(round, strategy, global, updates, evaluators, cancellationToken);
            }

            // Aggregate (not preview): a strategy with server state moves it on round by round, as the coordinator's did.
            var recomputed = new ModelCheckpoint(global.Architecture, strategy.Aggregate(global.Parameters, updates)).ToBytes();
            if (Keccak.Hash(recomputed).ToString() != round.GlobalModelHash)
            {
                Mismatch(subject, $"aggregating the stored updates gives model {Keccak.Hash(recomputed)}, the round finalized {round.GlobalModelHash}");
            }
        }

        progress.WriteLine($"Artifacts in {dataDir}: model hashes and aggregates recomputed{(evaluators is null ? string.Empty : ", Shapley scores recomputed from the operators' stores")}.");
    }

    private void VerifyScores(RoundSection round, AggregationStrategy strategy, ModelCheckpoint global, List<MemberUpdate> updates, Dictionary<string, ForecastSplit> evaluators, CancellationToken cancellationToken)
    {
        var splits = updates.Select(u => evaluators.GetValueOrDefault(u.MemberId)).ToList();
        if (splits.Any(split => split is null))
        {
            return;
        }

        var method = report.Settings.TryGetValue("scoring", out var m) && m.ToString() == "leave-one-out" ? ScoringMethod.LeaveOneOut : ScoringMethod.Shapley;
        var (scores, _, _) = ContributionScoring.ScoreAsync(
            method,
            strategy,
            global.Parameters,
            updates,
            (models, _) => Task.FromResult<IReadOnlyList<double>>(models.Select(parameters =>
            {
                var model = new ModelCheckpoint(global.Architecture, parameters);
                var pooled = ForecastErrors.Empty;
                foreach (var split in splits)
                {
                    pooled += ForecastEvaluator.Evaluate(model, split!.Validation, cancellationToken);
                }

                return pooled.SumSquaredErrorKw2 / pooled.Count;
            }).ToList()),
            new ShapleyOptions(),
            Hash32.Parse(round.OpenedModelHash),
            round.Round,
            cancellationToken).GetAwaiter().GetResult();
        for (var i = 0; i < updates.Count; i++)
        {
            var recomputed = scores[i];
            var reported = round.Scores.TryGetValue(updates[i].MemberId, out var value) ? (long)Math.Round(value * ContributionScore.Scale) : long.MinValue;
            if (recomputed != reported)
            {
                Mismatch($"round {round.Round} score of {updates[i].MemberId}", $"recomputed from the artifacts and the operators' data: {recomputed}, the report says {reported}");
            }
        }
    }

    private AggregationStrategy ReportedStrategy()
    {
        var kind = report.Settings.TryGetValue("strategy", out var k) ? k.ToString() ?? "fedavg" : "fedavg";
        var rule = report.Settings.TryGetValue("aggregator", out var a) ? a.ToString() ?? "mean" : "mean";
        return new StrategyConfiguration(StrategyConfiguration.ParseKind(kind), Fl.Aggregation.AggregationRule.Parse(rule)).Create();
    }

    private Dictionary<string, ForecastSplit>? OpenOperators(int stride)
    {
        var splits = new Dictionary<string, ForecastSplit>(StringComparer.Ordinal);
        foreach (var op in report.Operators)
        {
            var path = Path.Combine(dataDir!, op.Name, "node.db");
            if (!File.Exists(path))
            {
                return null;
            }

            using var store = new NodeStore(path);
            splits[op.Address] = OperatorSeries.Split(OperatorSeries.Load(store, op.Name), stride);
        }

        return splits;
    }

    private byte[]? Load(NodeStore store, string hashText, string subject, string what)
    {
        if (!Hash32.TryParse(hashText, out var hash))
        {
            Mismatch(subject, $"{what} hash '{hashText}' is not a 32-byte hash");
            return null;
        }

        var bytes = store.GetArtifact(hash);
        if (bytes is null)
        {
            Mismatch(subject, $"{what} {hash} is not in the coordinator's store");
            return null;
        }

        if (Keccak.Hash(bytes) != hash)
        {
            Mismatch(subject, $"the bytes stored as {what} {hash} hash to {Keccak.Hash(bytes)}");
            return null;
        }

        return bytes;
    }
}
