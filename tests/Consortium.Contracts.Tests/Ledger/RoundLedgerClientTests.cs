using System.Numerics;
using Consortium.Contracts.Chain;
using Consortium.Contracts.Ledger;

namespace Consortium.Contracts.Tests.Ledger;

[Collection(AnvilCollection.Name)]
public sealed class RoundLedgerClientTests(AnvilFixture anvil)
{
    private static readonly Hash32 GlobalModel = Keccak.Hash("global model v1"u8);
    private static readonly Hash32 NewModel = Keccak.Hash("global model v2"u8);

    private static DateTimeOffset InAnHour => DateTimeOffset.UtcNow.AddHours(1);

    [Fact]
    public async Task RoundIdsStartAtOneAndIncreaseByOne()
    {
        var coordinator = await anvil.DeployAsync();
        Assert.Equal(0UL, await coordinator.Rounds.GetLatestRoundIdAsync());

        var first = await coordinator.Rounds.OpenRoundAsync(GlobalModel, InAnHour);
        var second = await coordinator.Rounds.OpenRoundAsync(NewModel, InAnHour);

        Assert.Equal(1UL, first.RoundId);
        Assert.Equal(2UL, second.RoundId);
        Assert.Equal(2UL, await coordinator.Rounds.GetLatestRoundIdAsync());
    }

    [Fact]
    public async Task OpenedRoundRecordsTheGlobalModelHashAndDeadline()
    {
        var coordinator = await anvil.DeployAsync();
        var deadline = DateTimeOffset.FromUnixTimeSeconds(InAnHour.ToUnixTimeSeconds());

        var opening = await coordinator.Rounds.OpenRoundAsync(GlobalModel, deadline);

        var round = await coordinator.Rounds.GetRoundAsync(opening.RoundId);
        Assert.Equal(RoundStatus.Open, round.Status);
        Assert.Equal(GlobalModel, round.GlobalModelHash);
        Assert.True(round.NewModelHash.IsZero);
        Assert.Equal(deadline, round.Deadline);
        Assert.Equal(opening.Transaction.BlockNumber, round.OpenedAtBlock);
        Assert.Null(round.FinalizedAtBlock);
        var opened = Assert.Single(await coordinator.Rounds.GetRoundOpenedEventsAsync(opening.RoundId));
        Assert.Equal(GlobalModel, opened.GlobalModelHash);
        Assert.Equal(deadline, opened.Deadline);
        Assert.Equal(opening.Transaction.TxHash, opened.TxHash);
    }

    [Fact]
    public async Task RegisteredMemberCommitsItsUpdateHashAndTheLedgerRecordsIt()
    {
        var (coordinator, members) = await anvil.DeployWithMembersAsync(1);
        var opening = await coordinator.Rounds.OpenRoundAsync(GlobalModel, InAnHour);
        var update = Keccak.Hash("member update"u8);

        var commit = await members[0].Rounds.CommitUpdateAsync(opening.RoundId, update);

        var commitment = await coordinator.Rounds.GetCommitmentAsync(opening.RoundId, members[0].Account!.Value);
        Assert.True(commitment.IsCommitted);
        Assert.Equal(update, commitment.UpdateHash);
        Assert.Equal(commit.BlockNumber, commitment.CommittedAtBlock);
        Assert.False(commitment.Scored);
        Assert.Equal(1, (await coordinator.Rounds.GetRoundAsync(opening.RoundId)).CommitCount);
        var committed = Assert.Single(await coordinator.Rounds.GetUpdateCommittedEventsAsync(opening.RoundId));
        Assert.Equal(members[0].Account, committed.Member);
        Assert.Equal(update, committed.UpdateHash);
        Assert.Equal(commit.TxHash, committed.TxHash);
    }

    [Fact]
    public async Task NonMemberCommitRevertsWithRoundsNotMemberNamingTheSender()
    {
        var coordinator = await anvil.DeployAsync();
        var outsider = (await anvil.CreateAccountsAsync(coordinator.Addresses, 1))[0];
        var opening = await coordinator.Rounds.OpenRoundAsync(GlobalModel, InAnHour);

        var revert = await Assert.ThrowsAsync<LedgerRevertedException>(
            () => outsider.Rounds.CommitUpdateAsync(opening.RoundId, Keccak.Hash("intruder"u8)));

        Assert.Equal("Rounds_NotMember", revert.ErrorName);
        Assert.Equal(outsider.Account!.Value, revert.GetArgument<ChainAddress>("account"));
        Assert.Equal($"Rounds_NotMember({outsider.Account.Value})", revert.Signature);
        Assert.Equal(0, (await coordinator.Rounds.GetRoundAsync(opening.RoundId)).CommitCount);
    }

    [Fact]
    public async Task SecondCommitBySameMemberInARoundRevertsWithRoundsAlreadyCommitted()
    {
        var (coordinator, members) = await anvil.DeployWithMembersAsync(1);
        var opening = await coordinator.Rounds.OpenRoundAsync(GlobalModel, InAnHour);
        var first = Keccak.Hash("first update"u8);
        await members[0].Rounds.CommitUpdateAsync(opening.RoundId, first);

        var revert = await Assert.ThrowsAsync<LedgerRevertedException>(
            () => members[0].Rounds.CommitUpdateAsync(opening.RoundId, Keccak.Hash("second update"u8)));

        Assert.Equal("Rounds_AlreadyCommitted", revert.ErrorName);
        Assert.Equal(new BigInteger(opening.RoundId), revert.GetArgument<BigInteger>("roundId"));
        Assert.Equal(members[0].Account!.Value, revert.GetArgument<ChainAddress>("member"));
        Assert.Equal(first, (await coordinator.Rounds.GetCommitmentAsync(opening.RoundId, members[0].Account!.Value)).UpdateHash);
    }

    [Fact]
    public async Task MemberMayCommitOnceInEachOfTwoRounds()
    {
        var (coordinator, members) = await anvil.DeployWithMembersAsync(1);
        var round1 = await coordinator.Rounds.OpenRoundAsync(GlobalModel, InAnHour);
        var round2 = await coordinator.Rounds.OpenRoundAsync(NewModel, InAnHour);

        await members[0].Rounds.CommitUpdateAsync(round1.RoundId, Keccak.Hash("update 1"u8));
        await members[0].Rounds.CommitUpdateAsync(round2.RoundId, Keccak.Hash("update 2"u8));

        var mine = await coordinator.Rounds.GetUpdateCommittedEventsAsync(member: members[0].Account);
        Assert.Equal([round1.RoundId, round2.RoundId], mine.Select(e => e.RoundId));
    }

    [Fact]
    public async Task CommitToUnknownRoundRevertsWithRoundsUnknownRound()
    {
        var (coordinator, members) = await anvil.DeployWithMembersAsync(1);
        await coordinator.Rounds.OpenRoundAsync(GlobalModel, InAnHour);

        var revert = await Assert.ThrowsAsync<LedgerRevertedException>(
            () => members[0].Rounds.CommitUpdateAsync(42, Keccak.Hash("update"u8)));

        Assert.Equal("Rounds_UnknownRound", revert.ErrorName);
        Assert.Equal(new BigInteger(42), revert.GetArgument<BigInteger>("roundId"));
    }

    [Fact]
    public async Task ReadingUnknownRoundRevertsWithRoundsUnknownRound()
    {
        var coordinator = await anvil.DeployAsync();

        var revert = await Assert.ThrowsAsync<LedgerRevertedException>(() => coordinator.Rounds.GetRoundAsync(7));

        Assert.Equal("Rounds_UnknownRound(7)", revert.Signature);
    }

    [Fact]
    public async Task FinalizeRecordsTheNewModelEmitsRoundFinalizedAndPaysExactlyTheRewards()
    {
        var (coordinator, members) = await anvil.DeployWithMembersAsync(3);
        var opening = await coordinator.Rounds.OpenRoundAsync(GlobalModel, InAnHour);
        await Task.WhenAll(members.Select((m, i) => m.Rounds.CommitUpdateAsync(opening.RoundId, Keccak.Hash([(byte)i]))));
        var scores = new[]
        {
            new MemberScore(members[0].Account!.Value, 600_000, RewardTokenClient.ToUnits(6m)),
            new MemberScore(members[1].Account!.Value, 450_000, RewardTokenClient.ToUnits(4.5m)),
            new MemberScore(members[2].Account!.Value, -50_000, BigInteger.Zero),
        };
        var before = await Task.WhenAll(scores.Select(s => coordinator.Token.BalanceOfAsync(s.Member)));

        var finalize = await coordinator.Rounds.FinalizeRoundAsync(opening.RoundId, NewModel, scores);

        for (var i = 0; i < scores.Length; i++)
        {
            Assert.Equal(before[i] + scores[i].Reward, await coordinator.Token.BalanceOfAsync(scores[i].Member));
        }

        Assert.Equal(RewardTokenClient.ToUnits(10.5m), await coordinator.Token.TotalSupplyAsync());
        var finalized = Assert.Single(await coordinator.Rounds.GetRoundFinalizedEventsAsync(opening.RoundId));
        Assert.Equal(NewModel, finalized.NewModelHash);
        Assert.Equal(3, finalized.ScoredMembers);
        Assert.Equal(RewardTokenClient.ToUnits(10.5m), finalized.TotalReward);
        Assert.Equal(finalize.TxHash, finalized.TxHash);
        Assert.Equal(finalize.BlockNumber, finalized.BlockNumber);
        var round = await coordinator.Rounds.GetRoundAsync(opening.RoundId);
        Assert.Equal(RoundStatus.Finalized, round.Status);
        Assert.Equal(NewModel, round.NewModelHash);
        Assert.Equal(finalize.BlockNumber, round.FinalizedAtBlock);
        var penalised = await coordinator.Rounds.GetCommitmentAsync(opening.RoundId, members[2].Account!.Value);
        Assert.True(penalised.Scored);
        Assert.Equal(-50_000, penalised.Score);
        Assert.Equal(BigInteger.Zero, penalised.Reward);
    }

    [Fact]
    public async Task RoundHistoryReplaysOpeningCommitsScoresAndFinalizationInChainOrder()
    {
        var (coordinator, members) = await anvil.DeployWithMembersAsync(2);
        var opening = await coordinator.Rounds.OpenRoundAsync(GlobalModel, InAnHour);
        await members[0].Rounds.CommitUpdateAsync(opening.RoundId, Keccak.Hash("a"u8));
        await members[1].Rounds.CommitUpdateAsync(opening.RoundId, Keccak.Hash("b"u8));
        await coordinator.Rounds.FinalizeRoundAsync(opening.RoundId, NewModel,
        [
            new MemberScore(members[1].Account!.Value, 700_000, 7),
            new MemberScore(members[0].Account!.Value, 300_000, 3),
        ]);
        await coordinator.Rounds.OpenRoundAsync(NewModel, InAnHour);

        var history = await coordinator.Rounds.GetRoundHistoryAsync(opening.RoundId);

        Assert.Equal(GlobalModel, history.Opened.GlobalModelHash);
        Assert.Equal([members[0].Account!.Value, members[1].Account!.Value], history.Commits.Select(c => c.Member));
        Assert.Equal([Keccak.Hash("a"u8), Keccak.Hash("b"u8)], history.Commits.Select(c => c.UpdateHash));
        Assert.Equal([members[1].Account!.Value, members[0].Account!.Value], history.Scores.Select(s => s.Member));
        Assert.Equal([700_000L, 300_000L], history.Scores.Select(s => s.Score));
        Assert.Equal([new BigInteger(7), new BigInteger(3)], history.Scores.Select(s => s.Reward));
        Assert.Equal(NewModel, history.Finalized!.NewModelHash);
    }

    [Fact]
    public async Task OnlyTheCoordinatorMayOpenARound()
    {
        var (_, members) = await anvil.DeployWithMembersAsync(1);

        var revert = await Assert.ThrowsAsync<LedgerRevertedException>(
            () => members[0].Rounds.OpenRoundAsync(GlobalModel, InAnHour));

        Assert.Equal("Rounds_NotCoordinator", revert.ErrorName);
        Assert.Equal(members[0].Account!.Value, revert.GetArgument<ChainAddress>("caller"));
    }

    [Fact]
    public async Task OnlyTheCoordinatorMayFinalizeARound()
    {
        var (coordinator, members) = await anvil.DeployWithMembersAsync(1);
        var opening = await coordinator.Rounds.OpenRoundAsync(GlobalModel, InAnHour);
        var self = members[0].Account!.Value;
        await members[0].Rounds.CommitUpdateAsync(opening.RoundId, Keccak.Hash("update"u8));

        var revert = await Assert.ThrowsAsync<LedgerRevertedException>(
            () => members[0].Rounds.FinalizeRoundAsync(opening.RoundId, NewModel, [new MemberScore(self, 1_000_000, 1_000)]));

        Assert.Equal("Rounds_NotCoordinator", revert.ErrorName);
        Assert.Equal(RoundStatus.Open, (await coordinator.Rounds.GetRoundAsync(opening.RoundId)).Status);
        Assert.Equal(BigInteger.Zero, await coordinator.Token.BalanceOfAsync(self));
    }

    [Fact]
    public async Task FinalizeCannotRewardAMemberThatDidNotCommitAndPaysNobody()
    {
        var (coordinator, members) = await anvil.DeployWithMembersAsync(2);
        var opening = await coordinator.Rounds.OpenRoundAsync(GlobalModel, InAnHour);
        await members[0].Rounds.CommitUpdateAsync(opening.RoundId, Keccak.Hash("update"u8));

        var revert = await Assert.ThrowsAsync<LedgerRevertedException>(() => coordinator.Rounds.FinalizeRoundAsync(opening.RoundId, NewModel,
        [
            new MemberScore(members[0].Account!.Value, 500_000, 5),
            new MemberScore(members[1].Account!.Value, 500_000, 5),
        ]));

        Assert.Equal("Rounds_NotCommitted", revert.ErrorName);
        Assert.Equal(members[1].Account!.Value, revert.GetArgument<ChainAddress>("member"));
        Assert.Equal(BigInteger.Zero, await coordinator.Token.TotalSupplyAsync());
    }

    [Fact]
    public async Task FinalizeRejectsTheSameMemberScoredTwice()
    {
        var (coordinator, members) = await anvil.DeployWithMembersAsync(1);
        var opening = await coordinator.Rounds.OpenRoundAsync(GlobalModel, InAnHour);
        var member = members[0].Account!.Value;
        await members[0].Rounds.CommitUpdateAsync(opening.RoundId, Keccak.Hash("update"u8));

        var revert = await Assert.ThrowsAsync<LedgerRevertedException>(() => coordinator.Rounds.FinalizeRoundAsync(
            opening.RoundId, NewModel, [new MemberScore(member, 1, 1), new MemberScore(member, 1, 1)]));

        Assert.Equal("Rounds_AlreadyScored", revert.ErrorName);
    }

    [Fact]
    public async Task FinalizedRoundRefusesCommitsAndASecondFinalization()
    {
        var (coordinator, members) = await anvil.DeployWithMembersAsync(2);
        var opening = await coordinator.Rounds.OpenRoundAsync(GlobalModel, InAnHour);
        await members[0].Rounds.CommitUpdateAsync(opening.RoundId, Keccak.Hash("on time"u8));
        await coordinator.Rounds.FinalizeRoundAsync(opening.RoundId, NewModel, [new MemberScore(members[0].Account!.Value, 1, 1)]);

        var lateCommit = await Assert.ThrowsAsync<LedgerRevertedException>(
            () => members[1].Rounds.CommitUpdateAsync(opening.RoundId, Keccak.Hash("late"u8)));
        var refinalize = await Assert.ThrowsAsync<LedgerRevertedException>(
            () => coordinator.Rounds.FinalizeRoundAsync(opening.RoundId, GlobalModel, []));

        Assert.Equal($"Rounds_RoundClosed({opening.RoundId})", lateCommit.Signature);
        Assert.Equal("Rounds_RoundClosed", refinalize.ErrorName);
    }

    [Fact]
    public async Task OpeningWithADeadlineInThePastReverts()
    {
        var coordinator = await anvil.DeployAsync();

        var revert = await Assert.ThrowsAsync<LedgerRevertedException>(
            () => coordinator.Rounds.OpenRoundAsync(GlobalModel, DateTimeOffset.UtcNow.AddMinutes(-5)));

        Assert.Equal("Rounds_DeadlineNotInFuture", revert.ErrorName);
    }

    [Fact]
    public async Task OpeningOnTheZeroHashReverts()
    {
        var coordinator = await anvil.DeployAsync();

        var revert = await Assert.ThrowsAsync<LedgerRevertedException>(
            () => coordinator.Rounds.OpenRoundAsync(Hash32.Zero, InAnHour));

        Assert.Equal("Rounds_ZeroHash", revert.ErrorName);
    }

    [Fact]
    public async Task CommitAfterTheDeadlineRevertsWithRoundsDeadlinePassed()
    {
        // Moving the clock would disturb the shared chain, so this test runs its own.
        await using var chain = await AnvilChain.StartAsync();
        var coordinatorConnection = ChainConnection.WithSigner(chain.RpcUrl, chain.DevAccounts[0]);
        var addresses = await ConsortiumDeployment.DeployAsync(coordinatorConnection);
        var coordinator = new ConsortiumLedger(coordinatorConnection, addresses);
        var member = new ConsortiumLedger(chain.RpcUrl, chain.DevAccounts[1].PrivateKey, addresses);
        await coordinator.Registry.RegisterMemberAsync(member.Account!.Value, "Late operator");
        var opening = await coordinator.Rounds.OpenRoundAsync(GlobalModel, DateTimeOffset.UtcNow.AddMinutes(10));

        await chain.IncreaseTimeAsync(TimeSpan.FromMinutes(11));
        var revert = await Assert.ThrowsAsync<LedgerRevertedException>(
            () => member.Rounds.CommitUpdateAsync(opening.RoundId, Keccak.Hash("late"u8)));

        Assert.Equal("Rounds_DeadlinePassed", revert.ErrorName);
        Assert.Equal(new BigInteger(opening.RoundId), revert.GetArgument<BigInteger>("roundId"));
    }

    [Fact]
    public async Task TwentyMembersCommittingInParallelAreAllRecorded()
    {
        var (coordinator, members) = await anvil.DeployWithMembersAsync(20);
        var opening = await coordinator.Rounds.OpenRoundAsync(GlobalModel, InAnHour);

        await Task.WhenAll(members.Select((m, i) => m.Rounds.CommitUpdateAsync(opening.RoundId, Keccak.Hash([(byte)i, 1]))));

        Assert.Equal(20, (await coordinator.Rounds.GetRoundAsync(opening.RoundId)).CommitCount);
        var committed = await coordinator.Rounds.GetUpdateCommittedEventsAsync(opening.RoundId);
        Assert.Equal(members.Select(m => m.Account!.Value).ToHashSet(), committed.Select(c => c.Member).ToHashSet());
    }

    [Fact]
    public async Task OneAccountSendingManyTransactionsConcurrentlyKeepsItsNoncesInOrder()
    {
        var coordinator = await anvil.DeployAsync();

        var openings = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => coordinator.Rounds.OpenRoundAsync(Keccak.Hash([(byte)i]), InAnHour)));

        Assert.Equal(Enumerable.Range(1, 8).Select(i => (ulong)i), openings.Select(o => o.RoundId).Order());
        Assert.Equal(8UL, await coordinator.Rounds.GetLatestRoundIdAsync());
    }

    [Fact]
    public async Task ARejectedTransactionDoesNotBlockTheAccountsNextOne()
    {
        var (coordinator, members) = await anvil.DeployWithMembersAsync(1);
        var opening = await coordinator.Rounds.OpenRoundAsync(GlobalModel, InAnHour);
        await Assert.ThrowsAsync<LedgerRevertedException>(() => members[0].Rounds.CommitUpdateAsync(99, Keccak.Hash("x"u8)));

        var commit = await members[0].Rounds.CommitUpdateAsync(opening.RoundId, Keccak.Hash("x"u8));

        Assert.True(commit.GasUsed > 0);
    }

    [Fact]
    public async Task TransferredCoordinatorRoleMovesTheRightToOpenRounds()
    {
        var (coordinator, members) = await anvil.DeployWithMembersAsync(1);
        var successor = members[0];

        await coordinator.Rounds.TransferCoordinatorAsync(successor.Account!.Value);

        Assert.Equal(successor.Account, await coordinator.Rounds.GetCoordinatorAsync());
        Assert.Equal(1UL, (await successor.Rounds.OpenRoundAsync(GlobalModel, InAnHour)).RoundId);
        var revert = await Assert.ThrowsAsync<LedgerRevertedException>(() => coordinator.Rounds.OpenRoundAsync(GlobalModel, InAnHour));
        Assert.Equal(coordinator.Account!.Value, revert.GetArgument<ChainAddress>("caller"));
    }
}
