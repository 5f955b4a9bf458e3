using System.Numerics;
using Consortium.Contracts.Bindings;
using Consortium.Contracts.Ledger;
using static Consortium.Contracts.Tests.LedgerScenario;

namespace Consortium.Contracts.Tests.Ledger;

/// <summary>Exclusions committed at finalization and the immediate slashes they cost once enforced (a malicious update
/// costs nothing here: see <see cref="AccusationTests"/>).</summary>
[Collection(AnvilCollection.Name)]
public sealed class ExclusionTests(AnvilFixture anvil)
{
    [Fact]
    public async Task NonDeliveryLosesItsShareAtOnceWhileMaliciousAndAMissedDeadlineLoseNothingWithoutAnAccusation()
    {
        var (coordinator, members) = await anvil.DeployWithMembersAsync(4, setup => setup with { MaliciousSlashBps = 5_000, NonDeliverySlashBps = 1_000 });
        var stake = await coordinator.Registry.GetMinStakeAsync();
        var opening = await OpenAsync(coordinator);
        foreach (var member in members.Take(3))
        {
            await member.Rounds.CommitUpdateAsync(opening.RoundId, UpdateOf(member, opening.RoundId));
        }

        var exclusions = new[]
        {
            new MemberExclusion(AddressOf(members[0]), ExclusionReason.Malicious),
            new MemberExclusion(AddressOf(members[1]), ExclusionReason.NotDelivered),
            new MemberExclusion(AddressOf(members[2]), ExclusionReason.InvalidUpdate),
            new MemberExclusion(AddressOf(members[3]), ExclusionReason.MissedDeadline),
        };
        var table = RoundScoreTable.Create(opening.RoundId, [], exclusions);
        var totalBefore = await coordinator.Registry.GetTotalStakedAsync();
        var supplyBefore = await coordinator.Token.TotalSupplyAsync();
        await coordinator.Rounds.FinalizeRoundAsync(table, GlobalModel);

        await members[3].Rounds.EnforceExclusionsAsync(opening.RoundId, exclusions.Reverse().ToArray());

        var expectedLoss = new[] { BigInteger.Zero, stake / 10, stake / 10, BigInteger.Zero };
        for (var i = 0; i < members.Count; i++)
        {
            var record = await coordinator.Registry.GetMemberAsync(AddressOf(members[i]));
            Assert.Equal(stake - expectedLoss[i], record.Stake);
        }

        var burned = expectedLoss.Aggregate(BigInteger.Zero, (a, b) => a + b);
        Assert.Equal(totalBefore - burned, await coordinator.Registry.GetTotalStakedAsync());
        Assert.Equal(supplyBefore - burned, await coordinator.Token.TotalSupplyAsync());
        var malicious = await coordinator.Registry.GetReputationAsync(AddressOf(members[0]));
        Assert.Equal((0, BigInteger.Zero), (malicious.SlashCount, malicious.SlashedAmount));
        Assert.Equal(0, (await coordinator.Registry.GetReputationAsync(AddressOf(members[3]))).SlashCount);
        var slashes = await coordinator.Registry.GetMemberSlashedEventsAsync();
        Assert.Equal(2, slashes.Count);
        Assert.All(slashes, slash => Assert.Equal((coordinator.Addresses.Rounds, opening.RoundId), (slash.Ledger, slash.Reference)));
        Assert.True((await coordinator.Rounds.GetRoundAsync(opening.RoundId)).ExclusionsEnforced);
        var excluded = Assert.Single(await coordinator.Rounds.GetMembersExcludedEventsAsync(opening.RoundId));
        Assert.Equal(RoundScoreTable.Sorted(exclusions), excluded.Exclusions);
    }

    [Fact]
    public async Task ExclusionsAreEnforcedOnlyOnceAndOnlyAsFinalized()
    {
        var (coordinator, members) = await anvil.DeployWithMembersAsync(2);
        var opening = await OpenAsync(coordinator);
        await members[0].Rounds.CommitUpdateAsync(opening.RoundId, UpdateOf(members[0], opening.RoundId));
        var exclusions = new[] { new MemberExclusion(AddressOf(members[0]), ExclusionReason.NotDelivered) };
        await coordinator.Rounds.FinalizeRoundAsync(RoundScoreTable.Create(opening.RoundId, [], exclusions), GlobalModel);

        var altered = await Assert.ThrowsAsync<LedgerRevertedException>(() => coordinator.Rounds.EnforceExclusionsAsync(
            opening.RoundId, [new MemberExclusion(AddressOf(members[0]), ExclusionReason.Malicious)]));
        await coordinator.Rounds.EnforceExclusionsAsync(opening.RoundId, exclusions);
        var again = await Assert.ThrowsAsync<LedgerRevertedException>(() => coordinator.Rounds.EnforceExclusionsAsync(opening.RoundId, exclusions));

        Assert.Equal($"RoundLedger_ExclusionsMismatch({opening.RoundId})", altered.Signature);
        Assert.Equal($"RoundLedger_ExclusionsAlreadyEnforced({opening.RoundId})", again.Signature);
    }

    [Fact]
    public async Task ARoundWithoutExclusionsHasNothingToEnforce()
    {
        var (coordinator, members) = await anvil.DeployWithMembersAsync(1);
        var table = await RunRoundAsync(coordinator, members);

        var revert = await Assert.ThrowsAsync<LedgerRevertedException>(() => coordinator.Rounds.EnforceExclusionsAsync(table.RoundId, []));

        Assert.Equal("RoundLedger_ExclusionsMismatch", revert.ErrorName);
    }

    [Fact]
    public async Task AnOpenRoundsExclusionsCannotBeEnforced()
    {
        var (coordinator, members) = await anvil.DeployWithMembersAsync(1);
        var opening = await OpenAsync(coordinator);

        var revert = await Assert.ThrowsAsync<LedgerRevertedException>(() => coordinator.Rounds.EnforceExclusionsAsync(
            opening.RoundId, [new MemberExclusion(AddressOf(members[0]), ExclusionReason.MissedDeadline)]));

        Assert.Equal($"RoundLedger_NotFinalized({opening.RoundId})", revert.Signature);
    }

    [Fact]
    public async Task AReasonContradictingTheCommitIsRefusedAtFinalization()
    {
        var (coordinator, members) = await anvil.DeployWithMembersAsync(2);
        var opening = await OpenAsync(coordinator);
        await members[0].Rounds.CommitUpdateAsync(opening.RoundId, UpdateOf(members[0], opening.RoundId));

        var missedButCommitted = await Assert.ThrowsAsync<LedgerRevertedException>(() => coordinator.Rounds.FinalizeRoundAsync(
            RoundScoreTable.Create(opening.RoundId, [], [new MemberExclusion(AddressOf(members[0]), ExclusionReason.MissedDeadline)]), GlobalModel));
        var maliciousWithoutCommit = await Assert.ThrowsAsync<LedgerRevertedException>(() => coordinator.Rounds.FinalizeRoundAsync(
            RoundScoreTable.Create(opening.RoundId, [], [new MemberExclusion(AddressOf(members[1]), ExclusionReason.Malicious)]), GlobalModel));

        Assert.Equal($"RoundLedger_InvalidExclusion({opening.RoundId}, {members[0].Account}, {(int)ExclusionReason.MissedDeadline})", missedButCommitted.Signature);
        Assert.Equal($"RoundLedger_InvalidExclusion({opening.RoundId}, {members[1].Account}, {(int)ExclusionReason.Malicious})", maliciousWithoutCommit.Signature);
    }

    [Fact]
    public async Task UnsortedOrDuplicatedExclusionsAreRefused()
    {
        var (coordinator, members) = await anvil.DeployWithMembersAsync(2);
        var opening = await OpenAsync(coordinator);
        var sorted = RoundScoreTable.Sorted(members.Select(m => new MemberExclusion(AddressOf(m), ExclusionReason.MissedDeadline)));

        var unsorted = await Assert.ThrowsAsync<LedgerRevertedException>(() => RoundsClient(coordinator).FinalizeRoundAsync(
            opening.RoundId, GlobalModel, Hash32.Zero, Hash32.Zero, 0, 0, [sorted[1], sorted[0]], CancellationToken.None));
        var duplicated = await Assert.ThrowsAsync<LedgerRevertedException>(() => RoundsClient(coordinator).FinalizeRoundAsync(
            opening.RoundId, GlobalModel, Hash32.Zero, Hash32.Zero, 0, 0, [sorted[0], sorted[0]], CancellationToken.None));

        Assert.Equal("RoundLedger_ExclusionsNotSorted(1)", unsorted.Signature);
        Assert.Equal("RoundLedger_ExclusionsNotSorted(1)", duplicated.Signature);
    }

    [Fact]
    public async Task ExclusionsWithoutAReasonOrWithMismatchedReasonsAreRefused()
    {
        var (coordinator, members) = await anvil.DeployWithMembersAsync(1);
        var opening = await OpenAsync(coordinator);
        var member = AddressOf(members[0]).ToString();
        Task Finalize(List<BigInteger> reasons) => coordinator.Connection.SendAsync(
            coordinator.Addresses.Rounds,
            new FinalizeRoundFunction
            {
                RoundId = opening.RoundId,
                NewModelHash = GlobalModel.ToArray(),
                RewardRoot = Hash32.Zero.ToArray(),
                ScoreTableHash = Hash32.Zero.ToArray(),
                ExcludedMembers = [member],
                Reasons = reasons,
            },
            CancellationToken.None);

        var mismatch = await Assert.ThrowsAsync<LedgerRevertedException>(() => Finalize([]));
        var none = await Assert.ThrowsAsync<LedgerRevertedException>(() => Finalize([(int)ExclusionReason.None]));

        Assert.Equal("RoundLedger_LengthMismatch(1, 0)", mismatch.Signature);
        Assert.Equal($"RoundLedger_InvalidExclusion({opening.RoundId}, {members[0].Account}, 0)", none.Signature);
        Assert.Equal(RoundStatus.Open, (await coordinator.Rounds.GetRoundAsync(opening.RoundId)).Status);
    }

    [Fact]
    public async Task ASlashedMemberBelowTheMinimumStakeCannotCommitUntilItTopsUp()
    {
        var (coordinator, members) = await anvil.DeployWithMembersAsync(1);
        var member = members[0];
        var opening = await OpenAsync(coordinator);
        await member.Rounds.CommitUpdateAsync(opening.RoundId, UpdateOf(member, opening.RoundId));
        var exclusions = new[] { new MemberExclusion(AddressOf(member), ExclusionReason.NotDelivered) };
        await coordinator.Rounds.FinalizeRoundAsync(RoundScoreTable.Create(opening.RoundId, [], exclusions), GlobalModel);
        await coordinator.Rounds.EnforceExclusionsAsync(opening.RoundId, exclusions);
        var next = await OpenAsync(coordinator);
        var stake = (await coordinator.Registry.GetMemberAsync(AddressOf(member))).Stake;
        var minStake = await coordinator.Registry.GetMinStakeAsync();

        var refused = await Assert.ThrowsAsync<LedgerRevertedException>(() => member.Rounds.CommitUpdateAsync(next.RoundId, UpdateOf(member, next.RoundId)));
        await coordinator.Token.TransferAsync(AddressOf(member), minStake - stake);
        await member.Registry.TopUpStakeAsync(minStake - stake);
        await member.Rounds.CommitUpdateAsync(next.RoundId, UpdateOf(member, next.RoundId));

        Assert.Equal($"RoundLedger_StakeBelowMinimum({member.Account}, {stake}, {minStake})", refused.Signature);
        Assert.Equal(minStake, (await coordinator.Registry.GetMemberAsync(AddressOf(member))).Stake);
    }
}
