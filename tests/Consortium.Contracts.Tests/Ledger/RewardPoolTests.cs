using System.Numerics;
using Consortium.Contracts.Ledger;
using static Consortium.Contracts.Tests.LedgerScenario;

namespace Consortium.Contracts.Tests.Ledger;

/// <summary>
/// The reward pool per round is a governance parameter: members change it by proposal and vote, a round may pay at most
/// the pool in force when it was opened, and the coordinator cannot declare more.
/// </summary>
[Collection(AnvilCollection.Name)]
public sealed class RewardPoolTests(AnvilFixture anvil)
{
    private static readonly BigInteger Ten = TokenAmount.FromTokens(10m);
    private static readonly BigInteger Twenty = TokenAmount.FromTokens(20m);

    [Fact]
    public async Task AFinalizationDeclaringMoreThanTheRoundsPoolIsRefused()
    {
        var (coordinator, members) = await anvil.DeployWithMembersAsync(2, setup => setup with { RewardPoolPerRound = Ten });
        var opening = await OpenAsync(coordinator);
        await Task.WhenAll(members.Select(m => m.Rounds.CommitUpdateAsync(opening.RoundId, UpdateOf(m, opening.RoundId))));
        var greedy = RoundScoreTable.Create(
            opening.RoundId, members.Select(m => new MemberScore(AddressOf(m), 500_000, TokenAmount.FromTokens(5.5m))).ToArray(), []);

        var refused = await Assert.ThrowsAsync<LedgerRevertedException>(() => coordinator.Rounds.FinalizeRoundAsync(greedy, NewModel));
        var fair = RoundScoreTable.Create(opening.RoundId, members.Select(m => new MemberScore(AddressOf(m), 500_000, TokenAmount.FromTokens(5m))).ToArray(), []);
        await coordinator.Rounds.FinalizeRoundAsync(fair, NewModel);

        Assert.Equal($"RoundLedger_RewardPoolAboveCap({opening.RoundId}, {TokenAmount.FromTokens(11m)}, {Ten})", refused.Signature);
        var round = await coordinator.Rounds.GetRoundAsync(opening.RoundId);
        Assert.Equal((Ten, Ten), (round.RewardCap, round.RewardPool));
    }

    [Fact]
    public async Task MembersChangeThePoolByVoteAndTheChangeAppliesOnlyToRoundsOpenedAfterIt()
    {
        var (coordinator, members) = await anvil.DeployWithMembersAsync(3, setup => setup with { RewardPoolPerRound = Ten });
        var before = await OpenAsync(coordinator);

        var proposal = await members[0].Registry.ProposeRewardPoolAsync(Twenty);
        var required = (await coordinator.Registry.GetProposalAsync(proposal.ProposalId)).RequiredVotes;
        Assert.Equal(Ten, await coordinator.Registry.GetRewardPoolPerRoundAsync());
        foreach (var voter in members.Take(required))
        {
            await voter.Registry.VoteAsync(proposal.ProposalId);
        }

        var after = await OpenAsync(coordinator);
        var tooMuchForTheOldRound = await Assert.ThrowsAsync<LedgerRevertedException>(
            () => RoundsClient(coordinator).FinalizeRoundAsync(before.RoundId, NewModel, Keccak.Hash("root"u8), Hash32.Zero, Twenty, 1, [], CancellationToken.None));

        Assert.Equal(Twenty, await coordinator.Registry.GetRewardPoolPerRoundAsync());
        Assert.Equal(Twenty, await coordinator.Registry.GetProposedRewardPoolAsync(proposal.ProposalId));
        var executed = await coordinator.Registry.GetProposalAsync(proposal.ProposalId);
        Assert.Equal((ProposalKind.RewardPool, ProposalStatus.Executed, AddressOf(members[0])), (executed.Kind, executed.Status, executed.Subject));
        Assert.Equal(Ten, (await coordinator.Rounds.GetRoundAsync(before.RoundId)).RewardCap);
        Assert.Equal(Twenty, (await coordinator.Rounds.GetRoundAsync(after.RoundId)).RewardCap);
        Assert.Equal($"RoundLedger_RewardPoolAboveCap({before.RoundId}, {Twenty}, {Ten})", tooMuchForTheOldRound.Signature);
    }

    [Fact]
    public async Task APoolProposalMustChangeThePoolFitIn96BitsAndComeFromAMember()
    {
        var (coordinator, members) = await anvil.DeployWithMembersAsync(1, setup => setup with { RewardPoolPerRound = Ten });
        var outsider = (await anvil.CreateAccountsAsync(coordinator.Addresses, 1))[0];

        var unchanged = await Assert.ThrowsAsync<LedgerRevertedException>(() => members[0].Registry.ProposeRewardPoolAsync(Ten));
        var tooLarge = await Assert.ThrowsAsync<LedgerRevertedException>(() => members[0].Registry.ProposeRewardPoolAsync(BigInteger.One << 96));
        var notMember = await Assert.ThrowsAsync<LedgerRevertedException>(() => outsider.Registry.ProposeRewardPoolAsync(Twenty));

        Assert.Equal($"MemberRegistry_RewardPoolUnchanged({Ten})", unchanged.Signature);
        Assert.Equal($"SafeCastOverflowedUintDowncast(96, {BigInteger.One << 96})", tooLarge.Signature);
        Assert.Equal($"MemberRegistry_NotMember({outsider.Account})", notMember.Signature);
    }

    [Fact]
    public async Task ARejectedPoolProposalLeavesThePoolAsItWas()
    {
        var (coordinator, members) = await anvil.DeployWithMembersAsync(2, setup => setup with { RewardPoolPerRound = Ten });
        var proposal = await members[0].Registry.ProposeRewardPoolAsync(Twenty);

        await coordinator.Registry.RejectAsync(proposal.ProposalId);
        await members[1].Registry.RejectAsync(proposal.ProposalId);

        Assert.Equal(ProposalStatus.Rejected, (await coordinator.Registry.GetProposalAsync(proposal.ProposalId)).Status);
        Assert.Equal(Ten, await coordinator.Registry.GetRewardPoolPerRoundAsync());
    }

    [Fact]
    public async Task AReversalVoteCanOnlyBeOpenedByTheRoundLedger()
    {
        var (coordinator, members) = await anvil.DeployWithMembersAsync(1);

        var revert = await Assert.ThrowsAsync<LedgerRevertedException>(() => coordinator.Connection.SendAsync(
            coordinator.Addresses.Registry,
            new Consortium.Contracts.Bindings.OpenReversalVoteFunction { Accused = AddressOf(members[0]).ToString(), RoundId = 1, VotingEndsAt = 1 },
            CancellationToken.None));

        Assert.Equal($"MemberRegistry_NotLedger({coordinator.Account})", revert.Signature);
    }
}
