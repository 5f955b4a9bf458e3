using Consortium.Contracts;
using Consortium.Contracts.Ledger;
using Consortium.Fl.Contribution;
using Consortium.Fl.Models;
using Consortium.Network.Federation;
using Consortium.Node.Federation.Member;
using Consortium.Node.Tests.Federation.Ledger;

namespace Consortium.Node.Tests.Federation.Member;

/// <summary>
/// An operator's member node called directly, on an in-memory round ledger: it trains only on the model the round was
/// opened with on chain, commits exactly what it returns, and claims only a reward its proof leads to.
/// </summary>
public sealed class LoadForecastMemberTests : IAsyncLifetime
{
    private InMemoryConsortium _consortium = null!;

    private FederatedMember Member => _consortium.Operators[0];

    public async Task InitializeAsync() => _consortium = await InMemoryConsortium.StartAsync(operators: 1);

    public async Task DisposeAsync() => await _consortium.DisposeAsync();

    [Fact]
    public async Task TrainsOnTheRoundsModelAndCommitsTheHashOfTheUpdateItReturns()
    {
        var model = Model(seed: 1);
        var roundId = await OpenRoundAsync(FederatedTask.LoadForecast, model);

        var update = await Member.TrainAsync(new TrainAssignment((long)roundId, model, Keccak.Hash(model), 1, 7), CancellationToken.None);

        Assert.Equal(Keccak.Hash(update.Update), update.UpdateHash);
        var commitment = await _consortium.CoordinatorRounds.GetCommitmentAsync(roundId, Member.Address);
        Assert.Equal(update.UpdateHash, commitment.UpdateHash);
        var commits = await _consortium.CoordinatorRounds.GetUpdateCommittedEventsAsync(roundId);
        Assert.Equal(update.CommitTxHash, Assert.Single(commits).TxHash);
        Assert.Equal(update.Update, _consortium.OperatorStores[0].GetArtifact(update.UpdateHash));
        Assert.True(update.TrainSamples > 0);
        Assert.NotEqual(ModelCheckpoint.FromBytes(model).Parameters, ModelCheckpoint.FromBytes(update.Update).Parameters);
    }

    [Fact]
    public async Task RefusesToTrainOnAModelWhoseHashIsNotTheOneTheRoundWasOpenedWithOnChain()
    {
        var roundId = await OpenRoundAsync(FederatedTask.LoadForecast, Model(seed: 1));
        var other = Model(seed: 2);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            Member.TrainAsync(new TrainAssignment((long)roundId, other, Keccak.Hash(other), 1, 7), CancellationToken.None));

        Assert.Contains("opened on chain with model", error.Message);
        Assert.False((await _consortium.CoordinatorRounds.GetCommitmentAsync(roundId, Member.Address)).IsCommitted);
        Assert.Null(_consortium.OperatorStores[0].GetMemberRound((long)roundId));
    }

    [Fact]
    public async Task RefusesToTrainTheLoadForecastInARoundTheChainOpenedForAnotherTask()
    {
        var model = Model(seed: 1);
        var roundId = await OpenRoundAsync(FederatedTask.BatteryHealth, model);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            Member.TrainAsync(new TrainAssignment((long)roundId, model, Keccak.Hash(model), 1, 7), CancellationToken.None));

        Assert.Contains($"Round {roundId} trains task BatteryHealth on chain", error.Message);
        Assert.False((await _consortium.CoordinatorRounds.GetCommitmentAsync(roundId, Member.Address)).IsCommitted);
    }

    [Fact]
    public async Task RefusesModelBytesThatDoNotHashToTheHashSentWithThem()
    {
        var model = Model(seed: 1);
        var roundId = await OpenRoundAsync(FederatedTask.LoadForecast, model);
        var tampered = Model(seed: 2);

        await Assert.ThrowsAsync<ArgumentException>(() =>
            Member.TrainAsync(new TrainAssignment((long)roundId, tampered, Keccak.Hash(model), 1, 7), CancellationToken.None));

        Assert.False((await _consortium.CoordinatorRounds.GetCommitmentAsync(roundId, Member.Address)).IsCommitted);
    }

    [Fact]
    public async Task RefusesToTrainForARoundThatIsNoLongerOpen()
    {
        var model = Model(seed: 1);
        var roundId = await OpenRoundAsync(FederatedTask.LoadForecast, model);
        await _consortium.CoordinatorRounds.FinalizeRoundAsync(RoundScoreTable.Create(roundId, [], []), Keccak.Hash(model));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            Member.TrainAsync(new TrainAssignment((long)roundId, model, Keccak.Hash(model), 1, 7), CancellationToken.None));

        Assert.Contains("Finalized", error.Message);
    }

    [Fact]
    public async Task ACommitAfterTheChainsCommitDeadlineIsRevertedAndNothingIsCommitted()
    {
        var model = Model(seed: 1);
        var now = _consortium.Chain.Now;
        var roundId = (await _consortium.CoordinatorRounds.OpenRoundAsync(FederatedTask.LoadForecast, Keccak.Hash(model), now.AddMinutes(1), now.AddHours(1))).RoundId;
        _consortium.Chain.AdvanceTime(TimeSpan.FromMinutes(2));

        var revert = await Assert.ThrowsAsync<LedgerRevertedException>(() =>
            Member.TrainAsync(new TrainAssignment((long)roundId, model, Keccak.Hash(model), 1, 7), CancellationToken.None));

        Assert.Equal("RoundLedger_DeadlinePassed", revert.ErrorName);
        Assert.False((await _consortium.CoordinatorRounds.GetCommitmentAsync(roundId, Member.Address)).IsCommitted);
    }

    [Fact]
    public async Task ClaimsItsRewardWithTheProofOfItsLeaf()
    {
        var (roundId, table) = await FinalizedRoundAsync();
        var leaf = table.Tree.GetScore(Member.Address);

        var receipt = await Member.ClaimAsync(new RewardClaim((long)roundId, leaf.Score, leaf.Reward, [.. table.GetProof(Member.Address)]), CancellationToken.None);

        Assert.Equal(leaf.Reward, await _consortium.Token.BalanceOfAsync(Member.Address));
        Assert.True((await _consortium.CoordinatorRounds.GetCommitmentAsync(roundId, Member.Address)).Claimed);
        var claimed = Assert.Single(await _consortium.CoordinatorRounds.GetRewardClaimedEventsAsync(roundId));
        Assert.Equal((Member.Address, leaf.Score, leaf.Reward, receipt.TxHash), (claimed.Member, claimed.Score, claimed.Reward, claimed.TxHash));
        Assert.Equal(1, (await _consortium.Registry.GetReputationAsync(Member.Address)).RoundsContributed);
    }

    [Fact]
    public async Task RefusesAClaimWhoseProofDoesNotLeadToTheRewardRootOnChain()
    {
        var (roundId, table) = await FinalizedRoundAsync();
        var leaf = table.Tree.GetScore(Member.Address);
        var someoneElses = table.GetProof(Other);
        var inflated = leaf.Reward * 2;

        await Assert.ThrowsAsync<ArgumentException>(() =>
            Member.ClaimAsync(new RewardClaim((long)roundId, leaf.Score, leaf.Reward, [.. someoneElses]), CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() =>
            Member.ClaimAsync(new RewardClaim((long)roundId, leaf.Score, inflated, [.. table.GetProof(Member.Address)]), CancellationToken.None));

        // Nothing reached the chain; sent past the member's check, the ledger refuses the proof as the contract does.
        Assert.Equal(0, await _consortium.Token.BalanceOfAsync(Member.Address));
        Assert.Empty(await _consortium.CoordinatorRounds.GetRewardClaimedEventsAsync(roundId));
        var revert = await Assert.ThrowsAsync<LedgerRevertedException>(() =>
            _consortium.Chain.RoundsAs(Member.Address).ClaimRewardAsync(roundId, leaf with { Reward = inflated }, table.GetProof(Member.Address)));
        Assert.Equal("RoundLedger_InvalidProof", revert.ErrorName);
        Assert.False((await _consortium.CoordinatorRounds.GetCommitmentAsync(roundId, Member.Address)).Claimed);
    }

    [Fact]
    public async Task RefusesAClaimForARoundNotYetFinalized()
    {
        var model = Model(seed: 1);
        var roundId = await OpenRoundAsync(FederatedTask.LoadForecast, model);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            Member.ClaimAsync(new RewardClaim((long)roundId, 1, 1, [Hash32.Zero]), CancellationToken.None));

        Assert.Contains("not finalized", error.Message);
    }

    [Fact]
    public async Task EvaluatesOnlyCoalitionsItRebuildsFromUpdatesCommittedOnChainAndTheRoundsModel()
    {
        var model = Model(seed: 1);
        var roundId = await OpenRoundAsync(FederatedTask.LoadForecast, model);
        var trained = await Member.TrainAsync(new TrainAssignment((long)roundId, model, Keccak.Hash(model), 1, 7), CancellationToken.None);
        RoundUpdate[] Committed(byte[]? bytes = null, long? samples = null) => [new(Member.Address, bytes ?? trained.Update, samples ?? trained.TrainSamples)];
        EvaluationRequest Ask(RoundUpdate[] updates, string rule = "mean", params int[][] coalitions) =>
            new((long)roundId, EvaluationSplit.Validation, [], updates, [.. coalitions.Select((c, i) => new CoalitionCandidate($"c{i}", c))], rule);

        var scored = await Member.EvaluateAsync(Ask(Committed(), "mean", [], [0]), CancellationToken.None);
        var start = await Member.EvaluateAsync(EvaluationRequest.ForModels((long)roundId, [new CandidateModel("start", model)], EvaluationSplit.Validation), CancellationToken.None);
        var forged = await Refused(Ask(Committed(Model(seed: 99)), "mean", [0]));
        var stranger = await Refused(Ask([new RoundUpdate(Other, Model(seed: 5), 10)], "mean", [0]));
        var reweighted = await Refused(Ask(Committed(samples: trained.TrainSamples + 1), "mean", [0]));
        var otherRule = await Refused(Ask(Committed(), "median", [0]));
        var arbitrary = await Refused(EvaluationRequest.ForModels((long)roundId, [new CandidateModel("probe", Model(seed: 42))], EvaluationSplit.Validation));
        var repeated = await Member.EvaluateAsync(Ask(Committed(), "mean", [0], [0]), CancellationToken.None);

        Assert.Equal(["c0", "c1"], scored.Candidates.Select(c => c.Label));
        Assert.Equal(start.Candidates[0].SumSquaredError, scored.Candidates[0].SumSquaredError);
        Assert.True(scored.Candidates[1].SumSquaredError < scored.Candidates[0].SumSquaredError, "the trained update should forecast better than the untrained start");
        Assert.Equal(scored.Candidates[1].SumSquaredError, repeated.Candidates[0].SumSquaredError);
        Assert.Contains($"the update of {Member.Address} hashes to {Keccak.Hash(Model(seed: 99))}, not to {trained.UpdateHash}, the update it committed in round {roundId}", forged.Message);
        Assert.Contains($"{Other} committed no update in round {roundId}", stranger.Message);
        Assert.Contains($"was weighted by {trained.TrainSamples} training samples earlier in round {roundId}", reweighted.Message);
        Assert.Contains($"round {roundId}'s coalitions were combined with 'mean'", otherRule.Message);
        Assert.Contains("a model the chain does not record for round", arbitrary.Message);
        Assert.Equal(scored.Candidates[1].SumSquaredError, repeated.Candidates[1].SumSquaredError);
    }

    [Fact]
    public async Task EvaluatesOnlyForARoundItContributedTo()
    {
        var model = Model(seed: 1);
        var roundId = await OpenRoundAsync(FederatedTask.LoadForecast, model);
        EvaluationRequest Start(long round) => new(round, EvaluationSplit.Validation, [], [], [new CoalitionCandidate("start", [])], "mean");

        var beforeTraining = await Refused(Start((long)roundId));
        var trained = await Member.TrainAsync(new TrainAssignment((long)roundId, model, Keccak.Hash(model), 1, 7), CancellationToken.None);
        var open = await Member.EvaluateAsync(Start((long)roundId), CancellationToken.None);
        var unknown = await Assert.ThrowsAsync<ArgumentException>(() => Member.EvaluateAsync(Start(0), CancellationToken.None));
        await _consortium.CoordinatorRounds.FinalizeRoundAsync(RoundScoreTable.Create(roundId, [], []), Keccak.Hash(trained.Update));
        var closed = await Assert.ThrowsAsync<InvalidOperationException>(() => Member.EvaluateAsync(Start((long)roundId), CancellationToken.None));

        Assert.Contains($"committed no update in round {roundId}", beforeTraining.Message);
        Assert.Equal("start", Assert.Single(open.Candidates).Label);
        Assert.Contains("round must be a round on chain", unknown.Message);
        Assert.Contains("evaluates coalitions only for an open round", closed.Message);
    }

    [Fact]
    public async Task CountsEachDistinctCandidateOnceAgainstTheRoundsBudgetAcrossRestarts()
    {
        // Ten contributors: the budget (412, what sampled Shapley needs) is below the 1,024 coalitions there are.
        const int contributors = 10;
        var chain = InMemoryChain.WithOperators(contributors);
        var account = InMemoryChain.Account(1).Address;
        FederatedMember Open() => FederatedMember.ForLoadForecast(
            "ten", _consortium.OperatorStores[0], chain.RoundsAs(account), account, Microsoft.Extensions.Logging.Abstractions.NullLogger<FederatedMember>.Instance, windowStride: 24);
        using var member = Open();
        var model = Model(seed: 1);
        var now = chain.Now;
        var roundId = (await chain.RoundsAs(InMemoryChain.Account(0).Address).OpenRoundAsync(FederatedTask.LoadForecast, Keccak.Hash(model), now.AddMinutes(10), now.AddHours(1))).RoundId;
        var trained = await member.TrainAsync(new TrainAssignment((long)roundId, model, Keccak.Hash(model), 1, 7), CancellationToken.None);
        var updates = new List<RoundUpdate> { new(account, trained.Update, trained.TrainSamples) };
        for (var i = 2; i <= contributors; i++)
        {
            var bytes = Model((ulong)(100 + i));
            await chain.RoundsAs(InMemoryChain.Account(i).Address).CommitUpdateAsync(roundId, Keccak.Hash(bytes));
            updates.Add(new RoundUpdate(InMemoryChain.Account(i).Address, bytes, 50));
        }

        EvaluationRequest Ask(int from, int count) =>
            new((long)roundId, EvaluationSplit.Validation, [], updates, [.. Enumerable.Range(from, count).Select(mask => new CoalitionCandidate($"c{mask}", CoalitionModels.Members((ulong)mask)))], "mean");
        var budget = FederatedMember.EvaluationBudget(contributors);

        var first = await member.EvaluateAsync(Ask(0, 8), CancellationToken.None);
        var again = await member.EvaluateAsync(Ask(0, 8), CancellationToken.None);
        var tooMany = await Assert.ThrowsAsync<UnauthorizedAccessException>(() => member.EvaluateAsync(Ask(8, budget - 7), CancellationToken.None));
        using var restarted = Open();
        var afterRestart = await Assert.ThrowsAsync<UnauthorizedAccessException>(() => restarted.EvaluateAsync(Ask(8, budget - 7), CancellationToken.None));
        var repeatedAfterRestart = await restarted.EvaluateAsync(Ask(0, 8), CancellationToken.None);

        Assert.Equal(412, budget);
        Assert.Equal(first.Candidates.Select(c => c.SumSquaredError), again.Candidates.Select(c => c.SumSquaredError));
        Assert.Contains($"has evaluated 8 candidates in round {roundId}; {budget - 7} more would pass the {budget} that scoring {contributors} updates needs", tooMany.Message);
        Assert.Contains($"has evaluated 8 candidates in round {roundId}", afterRestart.Message);
        Assert.Equal(first.Candidates.Select(c => c.SumSquaredError), repeatedAfterRestart.Candidates.Select(c => c.SumSquaredError));
    }

    [Fact]
    public async Task EvaluatesAFinalizedRoundsResultRecordedOnChainAndNoOtherModel()
    {
        var model = Model(seed: 1);
        var roundId = await OpenRoundAsync(FederatedTask.LoadForecast, model);
        var trained = await Member.TrainAsync(new TrainAssignment((long)roundId, model, Keccak.Hash(model), 1, 7), CancellationToken.None);
        await _consortium.CoordinatorRounds.FinalizeRoundAsync(RoundScoreTable.Create(roundId, [], []), Keccak.Hash(trained.Update));
        EvaluationRequest Whole(byte[] candidate) => EvaluationRequest.ForModels((long)roundId, [new CandidateModel("result", candidate)], EvaluationSplit.Validation);

        var result = await Member.EvaluateAsync(Whole(trained.Update), CancellationToken.None);
        var other = await Refused(Whole(Model(seed: 3)));

        Assert.Equal("result", Assert.Single(result.Candidates).Label);
        Assert.Contains("a model the chain does not record for round", other.Message);
    }

    [Fact]
    public async Task TheChainNotTheCoordinatorSaysWhetherAnUpdateMayLeaveInTheClear()
    {
        var model = Model(seed: 1);
        var now = _consortium.Chain.Now;
        var secure = (await _consortium.CoordinatorRounds.OpenRoundAsync(FederatedTask.LoadForecast, Keccak.Hash(model), now.AddMinutes(10), now.AddHours(1), secureAggregation: true)).RoundId;
        var plain = await OpenRoundAsync(FederatedTask.LoadForecast, model);

        var downgraded = await Assert.ThrowsAsync<UnauthorizedAccessException>(() =>
            Member.TrainAsync(new TrainAssignment((long)secure, model, Keccak.Hash(model), 1, 7), CancellationToken.None));
        var upgraded = await Assert.ThrowsAsync<UnauthorizedAccessException>(() =>
            Member.TrainAsync(new TrainAssignment((long)plain, model, Keccak.Hash(model), 1, 7, SecureAggregation: true, ClipNorm: 5), CancellationToken.None));
        var masked = await Member.TrainAsync(new TrainAssignment((long)secure, model, Keccak.Hash(model), 1, 7, SecureAggregation: true, ClipNorm: 5), CancellationToken.None);

        Assert.Contains($"Round {secure} was opened secure on chain", downgraded.Message);
        Assert.Contains($"Round {plain} was opened plain on chain", upgraded.Message);
        Assert.Empty(masked.Update);
        Assert.Equal(masked.UpdateHash, (await _consortium.CoordinatorRounds.GetCommitmentAsync(secure, Member.Address)).UpdateHash);
    }

    [Fact]
    public async Task ANodeServingPeersNeverEvaluatesItsTestSplit()
    {
        var served = FederatedMember.ForLoadForecast(
            "served", _consortium.OperatorStores[0], _consortium.Chain.RoundsAs(Member.Address), Member.Address,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<FederatedMember>.Instance, windowStride: 24);

        var refusal = await Assert.ThrowsAsync<UnauthorizedAccessException>(() =>
            served.EvaluateAsync(EvaluationRequest.ForModels(0, [new CandidateModel("global", Model(seed: 1))], EvaluationSplit.Test), CancellationToken.None));

        Assert.Contains("never evaluates models on its test split at a peer's request", refusal.Message);
        Assert.Equal([8, 72, 412], new[] { 2, 6, 10 }.Select(FederatedMember.EvaluationBudget));
    }

    private Task<UnauthorizedAccessException> Refused(EvaluationRequest request) =>
        Assert.ThrowsAsync<UnauthorizedAccessException>(() => Member.EvaluateAsync(request, CancellationToken.None));

    /// <summary>An address scored beside the member, so that the member's proof is not empty.</summary>
    private static ChainAddress Other => InMemoryChain.Account(9).Address;

    private static byte[] Model(ulong seed) =>
        new ModelCheckpoint(LoadForecastArchitecture.Default, LoadForecastArchitecture.Default.InitialParameters(seed)).ToBytes();

    private async Task<ulong> OpenRoundAsync(FederatedTask task, byte[] model)
    {
        var now = _consortium.Chain.Now;
        return (await _consortium.CoordinatorRounds.OpenRoundAsync(task, Keccak.Hash(model), now.AddMinutes(10), now.AddHours(1))).RoundId;
    }

    /// <summary>A round the member committed in, finalized with a reward for it and one for <see cref="Other"/>.</summary>
    private async Task<(ulong RoundId, RoundScoreTable Table)> FinalizedRoundAsync()
    {
        var model = Model(seed: 1);
        var roundId = await OpenRoundAsync(FederatedTask.LoadForecast, model);
        await _consortium.Chain.RoundsAs(Member.Address).CommitUpdateAsync(roundId, Keccak.Hash([1, 2, 3]));
        var table = RoundScoreTable.Create(
            roundId,
            [new MemberScore(Member.Address, 600_000, TokenAmount.FromTokens(6m)), new MemberScore(Other, 400_000, TokenAmount.FromTokens(4m))],
            []);
        await _consortium.CoordinatorRounds.FinalizeRoundAsync(table, Keccak.Hash(Model(seed: 3)));
        return (roundId, table);
    }
}
