using System.Numerics;
using Consortium.Contracts.Chain;
using Consortium.Contracts.Ledger;
using static Consortium.Contracts.Tests.LedgerScenario;

namespace Consortium.Contracts.Tests.Ledger;

[Collection(AnvilCollection.Name)]
public sealed class RoundLedgerClientTests(AnvilFixture anvil)
{
    [Fact]
    public async Task RoundIdsStartAtOneAndIncreaseByOne()
    {
        var coordinator = await anvil.DeployAsync();
        Assert.Equal(0UL, await coordinator.Rounds.GetLatestRoundIdAsync());

        var first = await OpenAsync(coordinator);
        var second = await coordinator.Rounds.OpenRoundAsync(FederatedTask.LoadForecast, NewModel, InAnHour, InTwoHours);

        Assert.Equal(1UL, first.RoundId);
        Assert.Equal(2UL, second.RoundId);
        Assert.Equal(2UL, await coordinator.Rounds.GetLatestRoundIdAsync());
    }

    [Fact]
    public async Task ARoundOpenedSecureSaysSoInItsStateAndItsEvent()
    {
        var coordinator = await anvil.DeployAsync();

        var plain = await coordinator.Rounds.OpenRoundAsync(FederatedTask.LoadForecast, GlobalModel, InAnHour, InTwoHours);
        var secure = await coordinator.Rounds.OpenRoundAsync(FederatedTask.LoadForecast, NewModel, InAnHour, InTwoHours, secureAggregation: true);

        Assert.False((await coordinator.Rounds.GetRoundAsync(plain.RoundId)).SecureAggregation);
        Assert.True((await coordinator.Rounds.GetRoundAsync(secure.RoundId)).SecureAggregation);
        Assert.False(Assert.Single(await coordinator.Rounds.GetRoundOpenedEventsAsync(plain.RoundId)).SecureAggregation);
        Assert.True(Assert.Single(await coordinator.Rounds.GetRoundOpenedEventsAsync(secure.RoundId)).SecureAggregation);
    }

    [Fact]
    public async Task EachRoundCarriesItsTaskInItsStateAndItsIndexedEvent()
    {
        var coordinator = await anvil.DeployAsync();

        var forecast = await coordinator.Rounds.OpenRoundAsync(FederatedTask.LoadForecast, GlobalModel, InAnHour, InTwoHours);
        var battery = await coordinator.Rounds.OpenRoundAsync(FederatedTask.BatteryHealth, NewModel, InAnHour, InTwoHours);

        Assert.Equal(FederatedTask.LoadForecast, (await coordinator.Rounds.GetRoundAsync(forecast.RoundId)).Task);
        Assert.Equal(FederatedTask.BatteryHealth, (await coordinator.Rounds.GetRoundAsync(battery.RoundId)).Task);
        Assert.Equal(FederatedTask.BatteryHealth, Assert.Single(await coordinator.Rounds.GetRoundOpenedEventsAsync(battery.RoundId)).Task);
        Assert.Equal(forecast.RoundId + 1, battery.RoundId);
    }

    [Fact]
    public async Task OpeningARoundOfTaskZeroReverts()
    {
        var coordinator = await anvil.DeployAsync();

        var revert = await Assert.ThrowsAsync<LedgerRevertedException>(
            () => coordinator.Rounds.OpenRoundAsync((FederatedTask)0, GlobalModel, InAnHour, InTwoHours));

        Assert.Equal("RoundLedger_UnknownTask", revert.ErrorName);
    }

    [Fact]
    public async Task OpenedRoundRecordsTheGlobalModelHashAndBothDeadlines()
    {
        var coordinator = await anvil.DeployAsync();
        var commitDeadline = DateTimeOffset.FromUnixTimeSeconds(InAnHour.ToUnixTimeSeconds());
        var finalizeDeadline = commitDeadline.AddHours(1);

        var opening = await coordinator.Rounds.OpenRoundAsync(FederatedTask.LoadForecast, GlobalModel, commitDeadline, finalizeDeadline);

        var round = await coordinator.Rounds.GetRoundAsync(opening.RoundId);
        Assert.Equal(RoundStatus.Open, round.Status);
        Assert.Equal(GlobalModel, round.GlobalModelHash);
        Assert.True(round.NewModelHash.IsZero);
        Assert.Equal(commitDeadline, round.CommitDeadline);
        Assert.Equal(finalizeDeadline, round.FinalizeDeadline);
        Assert.Equal(opening.Transaction.BlockNumber, round.OpenedAtBlock);
        Assert.Null(round.FinalizedAtBlock);
        var opened = Assert.Single(await coordinator.Rounds.GetRoundOpenedEventsAsync(opening.RoundId));
        Assert.Equal(GlobalModel, opened.GlobalModelHash);
        Assert.Equal(commitDeadline, opened.CommitDeadline);
        Assert.Equal(finalizeDeadline, opened.FinalizeDeadline);
        Assert.Equal(opening.Transaction.TxHash, opened.TxHash);
    }

    [Fact]
    public async Task MemberCommitsItsUpdateHashAndTheLedgerRecordsIt()
    {
        var (coordinator, members) = await anvil.DeployWithMembersAsync(1);
        var opening = await OpenAsync(coordinator);
        var update = Keccak.Hash("member update"u8);

        var commit = await members[0].Rounds.CommitUpdateAsync(opening.RoundId, update);

        var commitment = await coordinator.Rounds.GetCommitmentAsync(opening.RoundId, AddressOf(members[0]));
        Assert.True(commitment.IsCommitted);
        Assert.Equal(update, commitment.UpdateHash);
        Assert.False(commitment.Claimed);
        Assert.Equal(1, (await coordinator.Rounds.GetRoundAsync(opening.RoundId)).CommitCount);
        var committed = Assert.Single(await coordinator.Rounds.GetUpdateCommittedEventsAsync(opening.RoundId));
        Assert.Equal(members[0].Account, committed.Member);
        Assert.Equal(update, committed.UpdateHash);
        Assert.Equal(commit.TxHash, committed.TxHash);
        Assert.Equal(commit.BlockNumber, committed.BlockNumber);
    }

    [Fact]
    public async Task NonMemberCommitRevertsWithRoundLedgerNotMemberNamingTheSender()
    {
        var coordinator = await anvil.DeployAsync();
        var outsider = (await anvil.CreateAccountsAsync(coordinator.Addresses, 1))[0];
        var opening = await OpenAsync(coordinator);

        var revert = await Assert.ThrowsAsync<LedgerRevertedException>(
            () => outsider.Rounds.CommitUpdateAsync(opening.RoundId, Keccak.Hash("intruder"u8)));

        Assert.Equal("RoundLedger_NotMember", revert.ErrorName);
        Assert.Equal(AddressOf(outsider), revert.GetArgument<ChainAddress>("account"));
        Assert.Equal($"RoundLedger_NotMember({outsider.Account})", revert.Signature);
        Assert.Equal(0, (await coordinator.Rounds.GetRoundAsync(opening.RoundId)).CommitCount);
    }

    [Fact]
    public async Task TheCoordinatorAndAuditorsDoNotContributeUpdates()
    {
        var auditorAccount = ChainAccount.Generate();
        var coordinator = await anvil.DeployAsync(setup => setup with
        {
            Founders = [.. setup.Founders, new FoundingMember(auditorAccount.Address, "Auditor", MemberRole.Auditor)],
        });
        await coordinator.Connection.SendEtherAsync(auditorAccount.Address, BigInteger.Pow(10, 18));
        var auditor = anvil.Connect(auditorAccount, coordinator.Addresses);
        var opening = await OpenAsync(coordinator);

        var byCoordinator = await Assert.ThrowsAsync<LedgerRevertedException>(
            () => coordinator.Rounds.CommitUpdateAsync(opening.RoundId, Keccak.Hash("coordinator"u8)));
        var byAuditor = await Assert.ThrowsAsync<LedgerRevertedException>(
            () => auditor.Rounds.CommitUpdateAsync(opening.RoundId, Keccak.Hash("auditor"u8)));

        Assert.Equal($"RoundLedger_NotContributor({coordinator.Account}, {(int)MemberRole.Coordinator})", byCoordinator.Signature);
        Assert.Equal($"RoundLedger_NotContributor({auditor.Account}, {(int)MemberRole.Auditor})", byAuditor.Signature);
    }

    [Fact]
    public async Task SecondCommitBySameMemberInARoundRevertsWithRoundLedgerAlreadyCommitted()
    {
        var (coordinator, members) = await anvil.DeployWithMembersAsync(1);
        var opening = await OpenAsync(coordinator);
        var first = Keccak.Hash("first update"u8);
        await members[0].Rounds.CommitUpdateAsync(opening.RoundId, first);

        var revert = await Assert.ThrowsAsync<LedgerRevertedException>(
            () => members[0].Rounds.CommitUpdateAsync(opening.RoundId, Keccak.Hash("second update"u8)));

        Assert.Equal("RoundLedger_AlreadyCommitted", revert.ErrorName);
        Assert.Equal(new BigInteger(opening.RoundId), revert.GetArgument<BigInteger>("roundId"));
        Assert.Equal(AddressOf(members[0]), revert.GetArgument<ChainAddress>("member"));
        Assert.Equal(first, (await coordinator.Rounds.GetCommitmentAsync(opening.RoundId, AddressOf(members[0]))).UpdateHash);
    }

    [Fact]
    public async Task CommittingTheZeroHashReverts()
    {
        var (coordinator, members) = await anvil.DeployWithMembersAsync(1);
        var opening = await OpenAsync(coordinator);

        var revert = await Assert.ThrowsAsync<LedgerRevertedException>(() => members[0].Rounds.CommitUpdateAsync(opening.RoundId, Hash32.Zero));

        Assert.Equal("CoordinatedLedger_ZeroHash", revert.ErrorName);
    }

    [Fact]
    public async Task MemberMayCommitOnceInEachOfTwoRounds()
    {
        var (coordinator, members) = await anvil.DeployWithMembersAsync(1);
        var round1 = await OpenAsync(coordinator);
        var round2 = await coordinator.Rounds.OpenRoundAsync(FederatedTask.LoadForecast, NewModel, InAnHour, InTwoHours);

        await members[0].Rounds.CommitUpdateAsync(round1.RoundId, Keccak.Hash("update 1"u8));
        await members[0].Rounds.CommitUpdateAsync(round2.RoundId, Keccak.Hash("update 2"u8));

        var mine = await coordinator.Rounds.GetUpdateCommittedEventsAsync(member: members[0].Account);
        Assert.Equal([round1.RoundId, round2.RoundId], mine.Select(e => e.RoundId));
    }

    [Fact]
    public async Task CommitToAnUnknownRoundRevertsWithUnknownEntry()
    {
        var (coordinator, members) = await anvil.DeployWithMembersAsync(1);
        await OpenAsync(coordinator);

        var revert = await Assert.ThrowsAsync<LedgerRevertedException>(
            () => members[0].Rounds.CommitUpdateAsync(42, Keccak.Hash("update"u8)));

        Assert.Equal("CoordinatedLedger_UnknownEntry", revert.ErrorName);
        Assert.Equal(new BigInteger(42), revert.GetArgument<BigInteger>("id"));
    }

    [Fact]
    public async Task ReadingAnUnknownRoundRevertsWithUnknownEntry()
    {
        var coordinator = await anvil.DeployAsync();

        var revert = await Assert.ThrowsAsync<LedgerRevertedException>(() => coordinator.Rounds.GetRoundAsync(7));

        Assert.Equal("CoordinatedLedger_UnknownEntry(7)", revert.Signature);
    }

    [Fact]
    public async Task EveryStepOnARoundNeverOpenedRevertsWithUnknownEntry()
    {
        var (coordinator, members) = await anvil.DeployWithMembersAsync(1);
        var table = RoundScoreTable.Create(5, [new MemberScore(AddressOf(members[0]), 1, 1)], []);

        var reverts = new[]
        {
            await Assert.ThrowsAsync<LedgerRevertedException>(() => coordinator.Rounds.FinalizeRoundAsync(table, NewModel)),
            await Assert.ThrowsAsync<LedgerRevertedException>(() => members[0].Rounds.ClaimRewardAsync(table, AddressOf(members[0]))),
            await Assert.ThrowsAsync<LedgerRevertedException>(() => coordinator.Rounds.EnforceExclusionsAsync(5, [])),
            await Assert.ThrowsAsync<LedgerRevertedException>(() => coordinator.Rounds.AbandonRoundAsync(5)),
            await Assert.ThrowsAsync<LedgerRevertedException>(() => coordinator.Rounds.GetCommitmentAsync(5, AddressOf(members[0]))),
        };

        Assert.All(reverts, revert => Assert.Equal("CoordinatedLedger_UnknownEntry(5)", revert.Signature));
    }

    [Fact]
    public async Task FinalizeCommitsToTheTableMintsThePoolToTheLedgerAndPaysNobodyYet()
    {
        var (coordinator, members) = await anvil.DeployWithMembersAsync(3);
        var supplyBefore = await coordinator.Token.TotalSupplyAsync();

        var table = await RunRoundAsync(coordinator, members);

        var round = await coordinator.Rounds.GetRoundAsync(table.RoundId);
        Assert.True(table.Matches(round));
        Assert.Equal(RoundStatus.Finalized, round.Status);
        Assert.Equal(NewModel, round.NewModelHash);
        Assert.Equal(TokenAmount.FromTokens(6m), round.RewardPool);
        Assert.Equal(BigInteger.Zero, round.RewardClaimed);
        Assert.Equal(supplyBefore + round.RewardPool, await coordinator.Token.TotalSupplyAsync());
        Assert.Equal(round.RewardPool, await coordinator.Token.BalanceOfAsync(coordinator.Addresses.Rounds));
        var finalized = Assert.Single(await coordinator.Rounds.GetRoundFinalizedEventsAsync(table.RoundId));
        Assert.Equal(NewModel, finalized.NewModelHash);
        Assert.Equal(table.RewardRoot, finalized.RewardRoot);
        Assert.Equal(table.ScoreTableHash, finalized.ScoreTableHash);
        Assert.Equal(table.RewardPool, finalized.RewardPool);
        Assert.Equal(3, finalized.ScoredMembers);
        Assert.Equal(0, finalized.ExcludedMembers);
        Assert.Equal(round.FinalizedAtBlock, finalized.BlockNumber);
    }

    [Fact]
    public async Task EachMemberClaimsExactlyItsRewardAndItsReputationGrows()
    {
        var (coordinator, members) = await anvil.DeployWithMembersAsync(3);
        var table = await RunRoundAsync(coordinator, members);

        foreach (var member in members)
        {
            await member.Rounds.ClaimRewardAsync(table, AddressOf(member));
        }

        foreach (var score in table.Scores)
        {
            Assert.Equal(score.Reward, await coordinator.Token.BalanceOfAsync(score.Member));
            var reputation = await coordinator.Registry.GetReputationAsync(score.Member);
            Assert.Equal(1, reputation.RoundsContributed);
            Assert.Equal(new BigInteger(score.Score), reputation.TotalScore);
            Assert.True((await coordinator.Rounds.GetCommitmentAsync(table.RoundId, score.Member)).Claimed);
        }

        var round = await coordinator.Rounds.GetRoundAsync(table.RoundId);
        Assert.Equal(round.RewardPool, round.RewardClaimed);
        Assert.Equal(BigInteger.Zero, await coordinator.Token.BalanceOfAsync(coordinator.Addresses.Rounds));
        var claims = await coordinator.Rounds.GetRewardClaimedEventsAsync(table.RoundId);
        Assert.Equal(table.Scores.Select(s => (s.Member, s.Score, s.Reward)).ToHashSet(), claims.Select(c => (c.Member, c.Score, c.Reward)).ToHashSet());
    }

    [Fact]
    public async Task AnyoneMaySubmitAMembersClaimAndTheTokensGoToTheMember()
    {
        var (coordinator, members) = await anvil.DeployWithMembersAsync(2);
        var table = await RunRoundAsync(coordinator, members);
        var beneficiary = AddressOf(members[1]);

        await coordinator.Rounds.ClaimRewardAsync(table, beneficiary);

        Assert.Equal(table.Tree.GetScore(beneficiary).Reward, await coordinator.Token.BalanceOfAsync(beneficiary));
    }

    [Fact]
    public async Task ASecondClaimRevertsWithRoundLedgerAlreadyClaimed()
    {
        var (coordinator, members) = await anvil.DeployWithMembersAsync(2);
        var table = await RunRoundAsync(coordinator, members);
        await members[0].Rounds.ClaimRewardAsync(table, AddressOf(members[0]));

        var revert = await Assert.ThrowsAsync<LedgerRevertedException>(() => members[0].Rounds.ClaimRewardAsync(table, AddressOf(members[0])));

        Assert.Equal($"RoundLedger_AlreadyClaimed({table.RoundId}, {members[0].Account})", revert.Signature);
        Assert.Equal(table.Tree.GetScore(AddressOf(members[0])).Reward, await coordinator.Token.BalanceOfAsync(AddressOf(members[0])));
    }

    [Fact]
    public async Task AClaimForMoreThanTheTreeHoldsRevertsWithRoundLedgerInvalidProof()
    {
        var (coordinator, members) = await anvil.DeployWithMembersAsync(3);
        var table = await RunRoundAsync(coordinator, members);
        var honest = table.Tree.GetScore(AddressOf(members[0]));

        var inflated = await Assert.ThrowsAsync<LedgerRevertedException>(() => members[0].Rounds.ClaimRewardAsync(
            table.RoundId, honest with { Reward = honest.Reward * 2 }, table.GetProof(honest.Member)));
        var borrowed = await Assert.ThrowsAsync<LedgerRevertedException>(() => members[0].Rounds.ClaimRewardAsync(
            table.RoundId, honest, table.GetProof(AddressOf(members[1]))));

        Assert.Equal($"RoundLedger_InvalidProof({table.RoundId}, {honest.Member})", inflated.Signature);
        Assert.Equal("RoundLedger_InvalidProof", borrowed.ErrorName);
    }

    [Fact]
    public async Task AMemberThatDidNotCommitCannotClaimEvenWithALeaf()
    {
        var (coordinator, members) = await anvil.DeployWithMembersAsync(2);
        var opening = await OpenAsync(coordinator);
        await members[0].Rounds.CommitUpdateAsync(opening.RoundId, Keccak.Hash("update"u8));
        var table = RoundScoreTable.Create(opening.RoundId,
            [new MemberScore(AddressOf(members[0]), 1, 5), new MemberScore(AddressOf(members[1]), 1, 5)], []);
        await coordinator.Rounds.FinalizeRoundAsync(table, NewModel);

        var revert = await Assert.ThrowsAsync<LedgerRevertedException>(() => members[1].Rounds.ClaimRewardAsync(table, AddressOf(members[1])));

        Assert.Equal($"RoundLedger_NotCommitted({table.RoundId}, {members[1].Account})", revert.Signature);
    }

    [Fact]
    public async Task ClaimsBeyondThePoolRevertWithRoundLedgerPoolExceeded()
    {
        var (coordinator, members) = await anvil.DeployWithMembersAsync(2);
        var opening = await OpenAsync(coordinator);
        await Task.WhenAll(members.Select(m => m.Rounds.CommitUpdateAsync(opening.RoundId, UpdateOf(m, opening.RoundId))));
        var table = RoundScoreTable.Create(opening.RoundId,
            [new MemberScore(AddressOf(members[0]), 1, 70), new MemberScore(AddressOf(members[1]), 1, 50)], []);

        // A coordinator that commits to a pool smaller than its table's rewards cannot make the ledger pay more than the pool.
        await RoundsClient(coordinator).FinalizeRoundAsync(
            opening.RoundId, NewModel, table.RewardRoot, table.ScoreTableHash, 70, table.Scores.Count, [], CancellationToken.None);
        await members[0].Rounds.ClaimRewardAsync(table, AddressOf(members[0]));
        var revert = await Assert.ThrowsAsync<LedgerRevertedException>(() => members[1].Rounds.ClaimRewardAsync(table, AddressOf(members[1])));

        Assert.Equal($"RoundLedger_PoolExceeded({opening.RoundId}, 70, 120)", revert.Signature);
        Assert.Equal(BigInteger.Zero, await coordinator.Token.BalanceOfAsync(coordinator.Addresses.Rounds));
    }

    [Fact]
    public async Task ClaimsOfPastRoundsStayPossible()
    {
        var (coordinator, members) = await anvil.DeployWithMembersAsync(2);
        var first = await RunRoundAsync(coordinator, members);
        var second = await RunRoundAsync(coordinator, members);

        await members[0].Rounds.ClaimRewardAsync(second, AddressOf(members[0]));
        await members[0].Rounds.ClaimRewardAsync(first, AddressOf(members[0]));

        var expected = first.Tree.GetScore(AddressOf(members[0])).Reward + second.Tree.GetScore(AddressOf(members[0])).Reward;
        Assert.Equal(expected, await coordinator.Token.BalanceOfAsync(AddressOf(members[0])));
        Assert.Equal(2, (await coordinator.Registry.GetReputationAsync(AddressOf(members[0]))).RoundsContributed);
    }

    [Fact]
    public async Task ClaimingAnOpenRoundRevertsWithRoundLedgerNotFinalized()
    {
        var (coordinator, members) = await anvil.DeployWithMembersAsync(1);
        var opening = await OpenAsync(coordinator);
        await members[0].Rounds.CommitUpdateAsync(opening.RoundId, Keccak.Hash("u"u8));
        var table = RoundScoreTable.Create(opening.RoundId, [new MemberScore(AddressOf(members[0]), 1, 1)], []);

        var revert = await Assert.ThrowsAsync<LedgerRevertedException>(() => members[0].Rounds.ClaimRewardAsync(table, AddressOf(members[0])));

        Assert.Equal($"RoundLedger_NotFinalized({opening.RoundId})", revert.Signature);
    }

    [Fact]
    public async Task NegativeScoresAreRecordedInTheReputation()
    {
        var (coordinator, members) = await anvil.DeployWithMembersAsync(1);
        var opening = await OpenAsync(coordinator);
        await members[0].Rounds.CommitUpdateAsync(opening.RoundId, Keccak.Hash("harmful"u8));
        var table = RoundScoreTable.Create(opening.RoundId, [new MemberScore(AddressOf(members[0]), -50_000, 0)], []);
        await coordinator.Rounds.FinalizeRoundAsync(table, NewModel);

        await coordinator.Rounds.ClaimRewardAsync(table, AddressOf(members[0]));

        Assert.Equal(new BigInteger(-50_000), (await coordinator.Registry.GetReputationAsync(AddressOf(members[0]))).TotalScore);
        Assert.Equal(BigInteger.Zero, await coordinator.Token.BalanceOfAsync(AddressOf(members[0])));
    }

    [Fact]
    public async Task RoundBelowQuorumClosesWithAnEmptyTableAndNoPool()
    {
        var coordinator = await anvil.DeployAsync();
        var opening = await OpenAsync(coordinator);
        var supply = await coordinator.Token.TotalSupplyAsync();

        await coordinator.Rounds.FinalizeRoundAsync(RoundScoreTable.Create(opening.RoundId, [], []), GlobalModel);

        var round = await coordinator.Rounds.GetRoundAsync(opening.RoundId);
        Assert.Equal(RoundStatus.Finalized, round.Status);
        Assert.Equal(GlobalModel, round.NewModelHash);
        Assert.True(round.RewardRoot.IsZero);
        Assert.Equal(supply, await coordinator.Token.TotalSupplyAsync());
    }

    [Fact]
    public async Task RoundHistoryReplaysOpeningCommitsFinalizationExclusionsAndClaims()
    {
        var (coordinator, members) = await anvil.DeployWithMembersAsync(3);
        var opening = await OpenAsync(coordinator);
        await members[0].Rounds.CommitUpdateAsync(opening.RoundId, Keccak.Hash("a"u8));
        await members[1].Rounds.CommitUpdateAsync(opening.RoundId, Keccak.Hash("b"u8));
        var table = RoundScoreTable.Create(
            opening.RoundId,
            [new MemberScore(AddressOf(members[1]), 700_000, 7), new MemberScore(AddressOf(members[0]), 300_000, 3)],
            [new MemberExclusion(AddressOf(members[2]), ExclusionReason.MissedDeadline)]);
        await coordinator.Rounds.FinalizeRoundAsync(table, NewModel);
        await coordinator.Rounds.ClaimRewardAsync(table, AddressOf(members[1]));
        await coordinator.Rounds.OpenRoundAsync(FederatedTask.LoadForecast, NewModel, InAnHour, InTwoHours);

        var history = await coordinator.Rounds.GetRoundHistoryAsync(opening.RoundId);

        Assert.Equal(GlobalModel, history.Opened.GlobalModelHash);
        Assert.Equal([AddressOf(members[0]), AddressOf(members[1])], history.Commits.Select(c => c.Member));
        Assert.Equal(NewModel, history.Finalized!.NewModelHash);
        Assert.Equal(table.RewardRoot, history.Finalized.RewardRoot);
        Assert.Equal([new MemberExclusion(AddressOf(members[2]), ExclusionReason.MissedDeadline)], history.Exclusions);
        var claim = Assert.Single(history.Claims);
        Assert.Equal((AddressOf(members[1]), 700_000L, new BigInteger(7)), (claim.Member, claim.Score, claim.Reward));
    }

    [Fact]
    public async Task OnlyTheCoordinatorMayOpenARound()
    {
        var (_, members) = await anvil.DeployWithMembersAsync(1);

        var revert = await Assert.ThrowsAsync<LedgerRevertedException>(() => OpenAsync(members[0]));

        Assert.Equal("CoordinatedLedger_NotCoordinator", revert.ErrorName);
        Assert.Equal(AddressOf(members[0]), revert.GetArgument<ChainAddress>("caller"));
    }

    [Fact]
    public async Task OnlyTheCoordinatorMayFinalizeARound()
    {
        var (coordinator, members) = await anvil.DeployWithMembersAsync(1);
        var opening = await OpenAsync(coordinator);
        var self = AddressOf(members[0]);
        await members[0].Rounds.CommitUpdateAsync(opening.RoundId, Keccak.Hash("update"u8));

        var revert = await Assert.ThrowsAsync<LedgerRevertedException>(() => members[0].Rounds.FinalizeRoundAsync(
            RoundScoreTable.Create(opening.RoundId, [new MemberScore(self, 1_000_000, 1_000)], []), NewModel));

        Assert.Equal("CoordinatedLedger_NotCoordinator", revert.ErrorName);
        Assert.Equal(RoundStatus.Open, (await coordinator.Rounds.GetRoundAsync(opening.RoundId)).Status);
    }

    [Fact]
    public async Task FinalizedRoundRefusesCommitsAndASecondFinalization()
    {
        var (coordinator, members) = await anvil.DeployWithMembersAsync(2);
        var opening = await OpenAsync(coordinator);
        await members[0].Rounds.CommitUpdateAsync(opening.RoundId, Keccak.Hash("on time"u8));
        await coordinator.Rounds.FinalizeRoundAsync(RoundScoreTable.Create(opening.RoundId, [new MemberScore(AddressOf(members[0]), 1, 1)], []), NewModel);

        var lateCommit = await Assert.ThrowsAsync<LedgerRevertedException>(
            () => members[1].Rounds.CommitUpdateAsync(opening.RoundId, Keccak.Hash("late"u8)));
        var refinalize = await Assert.ThrowsAsync<LedgerRevertedException>(
            () => coordinator.Rounds.FinalizeRoundAsync(RoundScoreTable.Create(opening.RoundId, [], []), GlobalModel));

        Assert.Equal($"CoordinatedLedger_EntryClosed({opening.RoundId})", lateCommit.Signature);
        Assert.Equal("CoordinatedLedger_EntryClosed", refinalize.ErrorName);
    }

    [Fact]
    public async Task FinalizeRejectsAPoolWithoutARootAndTheZeroModelHash()
    {
        var (coordinator, members) = await anvil.DeployWithMembersAsync(1);
        var opening = await OpenAsync(coordinator);
        await members[0].Rounds.CommitUpdateAsync(opening.RoundId, Keccak.Hash("u"u8));
        var table = RoundScoreTable.Create(opening.RoundId, [new MemberScore(AddressOf(members[0]), 1, 1)], []);

        var zeroModel = await Assert.ThrowsAsync<LedgerRevertedException>(() => coordinator.Rounds.FinalizeRoundAsync(table, Hash32.Zero));
        var poolWithoutRoot = await Assert.ThrowsAsync<LedgerRevertedException>(() => RoundsClient(coordinator).FinalizeRoundAsync(
            opening.RoundId, NewModel, Hash32.Zero, table.ScoreTableHash, table.RewardPool, 1, [], CancellationToken.None));

        Assert.Equal("CoordinatedLedger_ZeroHash", zeroModel.ErrorName);
        Assert.Equal("CoordinatedLedger_ZeroHash", poolWithoutRoot.ErrorName);
    }

    [Fact]
    public async Task OpeningWithADeadlineInThePastReverts()
    {
        var coordinator = await anvil.DeployAsync();

        var revert = await Assert.ThrowsAsync<LedgerRevertedException>(
            () => coordinator.Rounds.OpenRoundAsync(FederatedTask.LoadForecast, GlobalModel, DateTimeOffset.UtcNow.AddMinutes(-5), InAnHour));

        Assert.Equal("CoordinatedLedger_DeadlineNotInFuture", revert.ErrorName);
    }

    [Fact]
    public async Task OpeningWithAFinalizeDeadlineBeforeTheCommitDeadlineReverts()
    {
        var coordinator = await anvil.DeployAsync();

        var revert = await Assert.ThrowsAsync<LedgerRevertedException>(
            () => coordinator.Rounds.OpenRoundAsync(FederatedTask.LoadForecast, GlobalModel, InTwoHours, InAnHour));

        Assert.Equal("CoordinatedLedger_InvalidDeadlines", revert.ErrorName);
    }

    [Fact]
    public async Task OpeningOnTheZeroHashReverts()
    {
        var coordinator = await anvil.DeployAsync();

        var revert = await Assert.ThrowsAsync<LedgerRevertedException>(
            () => coordinator.Rounds.OpenRoundAsync(FederatedTask.LoadForecast, Hash32.Zero, InAnHour, InTwoHours));

        Assert.Equal("CoordinatedLedger_ZeroHash", revert.ErrorName);
    }

    [Fact]
    public async Task DeadlinesAreEnforcedByBlockTimeForCommitsFinalizationAndAbandonment()
    {
        // Moving the clock would disturb the shared chain, so this test runs its own.
        await using var chain = await AnvilChain.StartAsync();
        var connection = ChainConnection.WithSigner(chain.RpcUrl, chain.DevAccounts[0]);
        var member = ChainConnection.WithSigner(chain.RpcUrl, chain.DevAccounts[1]);
        var addresses = await ConsortiumDeployment.DeployAsync(connection, new ConsortiumSetup(
        [
            new FoundingMember(chain.DevAccounts[0].Address, "Coordinator", MemberRole.Coordinator),
            new FoundingMember(chain.DevAccounts[1].Address, "Late operator", MemberRole.Operator),
        ]));
        var coordinator = new ConsortiumLedger(connection, addresses);
        var late = new ConsortiumLedger(member, addresses);
        var opening = await coordinator.Rounds.OpenRoundAsync(FederatedTask.LoadForecast, GlobalModel, DateTimeOffset.UtcNow.AddMinutes(10), DateTimeOffset.UtcNow.AddMinutes(20));
        var early = await Assert.ThrowsAsync<LedgerRevertedException>(() => late.Rounds.AbandonRoundAsync(opening.RoundId));

        await chain.IncreaseTimeAsync(TimeSpan.FromMinutes(11));
        var lateCommit = await Assert.ThrowsAsync<LedgerRevertedException>(
            () => late.Rounds.CommitUpdateAsync(opening.RoundId, Keccak.Hash("late"u8)));
        await chain.IncreaseTimeAsync(TimeSpan.FromMinutes(10));
        var lateFinalize = await Assert.ThrowsAsync<LedgerRevertedException>(
            () => coordinator.Rounds.FinalizeRoundAsync(RoundScoreTable.Create(opening.RoundId, [], []), NewModel));
        await late.Rounds.AbandonRoundAsync(opening.RoundId);
        var again = await Assert.ThrowsAsync<LedgerRevertedException>(() => late.Rounds.AbandonRoundAsync(opening.RoundId));

        Assert.Equal($"CoordinatedLedger_EntryClosed({opening.RoundId})", again.Signature);
        Assert.Equal("RoundLedger_FinalizeDeadlineNotPassed", early.ErrorName);
        Assert.Equal("RoundLedger_DeadlinePassed", lateCommit.ErrorName);
        Assert.Equal(new BigInteger(opening.RoundId), lateCommit.GetArgument<BigInteger>("roundId"));
        Assert.Equal("RoundLedger_FinalizeDeadlinePassed", lateFinalize.ErrorName);
        Assert.Equal(RoundStatus.Abandoned, (await coordinator.Rounds.GetRoundAsync(opening.RoundId)).Status);
    }

    [Fact]
    public async Task TwentyMembersCommittingInParallelAreAllRecorded()
    {
        var (coordinator, members) = await anvil.DeployWithMembersAsync(20);
        var opening = await OpenAsync(coordinator);

        await Task.WhenAll(members.Select(m => m.Rounds.CommitUpdateAsync(opening.RoundId, UpdateOf(m, opening.RoundId))));

        Assert.Equal(20, (await coordinator.Rounds.GetRoundAsync(opening.RoundId)).CommitCount);
        var committed = await coordinator.Rounds.GetUpdateCommittedEventsAsync(opening.RoundId);
        Assert.Equal(members.Select(AddressOf).ToHashSet(), committed.Select(c => c.Member).ToHashSet());
    }

    [Fact]
    public async Task OneAccountSendingManyTransactionsConcurrentlyKeepsItsNoncesInOrder()
    {
        var coordinator = await anvil.DeployAsync();

        var openings = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => coordinator.Rounds.OpenRoundAsync(FederatedTask.LoadForecast, Keccak.Hash([(byte)i]), InAnHour, InTwoHours)));

        Assert.Equal(Enumerable.Range(1, 8).Select(i => (ulong)i), openings.Select(o => o.RoundId).Order());
        Assert.Equal(8UL, await coordinator.Rounds.GetLatestRoundIdAsync());
    }

    [Fact]
    public async Task ARejectedTransactionDoesNotBlockTheAccountsNextOne()
    {
        var (coordinator, members) = await anvil.DeployWithMembersAsync(1);
        var opening = await OpenAsync(coordinator);
        await Assert.ThrowsAsync<LedgerRevertedException>(() => members[0].Rounds.CommitUpdateAsync(99, Keccak.Hash("x"u8)));

        var commit = await members[0].Rounds.CommitUpdateAsync(opening.RoundId, Keccak.Hash("x"u8));

        Assert.True(commit.GasUsed > 0);
    }
}
