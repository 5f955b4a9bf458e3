using System.Numerics;
using Consortium.Contracts.Chain;
using Consortium.Contracts.Ledger;
using static Consortium.Contracts.Tests.LedgerScenario;

namespace Consortium.Contracts.Tests.Ledger;

[Collection(AnvilCollection.Name)]
public sealed class MemberRegistryClientTests(AnvilFixture anvil)
{
    [Fact]
    public async Task FoundersAreActiveMembersStakedWithTheirFoundingAllocation()
    {
        var (coordinator, members) = await anvil.DeployWithMembersAsync(2);
        var minStake = await coordinator.Registry.GetMinStakeAsync();

        var record = await coordinator.Registry.GetMemberAsync(AddressOf(members[0]));
        var registered = await coordinator.Registry.GetMemberRegisteredEventsAsync();

        Assert.Equal((MemberRole.Operator, MemberStatus.Active, minStake), (record.Role, record.Status, record.Stake));
        Assert.Equal(MemberRole.Coordinator, (await coordinator.Registry.GetMemberAsync(AddressOf(coordinator))).Role);
        Assert.Equal(AddressOf(coordinator), await coordinator.Registry.GetCoordinatorAsync());
        Assert.Equal("Operator 1", await coordinator.Registry.GetMemberNameAsync(AddressOf(members[0])));
        Assert.Equal([AddressOf(coordinator), .. members.Select(AddressOf)], registered.Select(e => e.Member));
        Assert.Equal(3 * minStake, await coordinator.Registry.GetTotalStakedAsync());
        Assert.Equal(3 * minStake, await coordinator.Token.BalanceOfAsync(coordinator.Addresses.Registry));
        var numbers = await Task.WhenAll(registered.Select(async e => (await coordinator.Registry.GetMemberAsync(e.Member)).Number));
        Assert.Equal(new uint[] { 1, 2, 3 }, numbers);
        Assert.NotNull((await coordinator.Registry.GetReputationAsync(AddressOf(members[0]))).MemberSince);
    }

    [Fact]
    public async Task AnApplicantIsAdmittedWhenTheThresholdOfMembersApproves()
    {
        var (coordinator, members) = await anvil.DeployWithMembersAsync(3, setup => setup with { AdmissionThresholdBps = 5_001 });
        var applicant = (await anvil.CreateAccountsAsync(coordinator.Addresses, 1))[0];
        var minStake = await coordinator.Registry.GetMinStakeAsync();
        await coordinator.Token.TransferAsync(AddressOf(applicant), minStake);

        var application = await applicant.Registry.ApplyForMembershipAsync("Stagecoach EV", MemberRole.Automaker);
        var pending = await coordinator.Registry.GetProposalAsync(application.ProposalId);
        await members[0].Registry.VoteAsync(application.ProposalId);
        var halfway = await coordinator.Registry.IsMemberAsync(AddressOf(applicant));
        await members[1].Registry.VoteAsync(application.ProposalId);

        Assert.Equal((ProposalKind.Admission, ProposalStatus.Pending, 3, minStake), (pending.Kind, pending.Status, pending.RequiredVotes, pending.Escrow));
        Assert.False(halfway);
        Assert.Equal(minStake, await coordinator.Registry.GetTotalEscrowedAsync());
        await coordinator.Registry.VoteAsync(application.ProposalId);
        Assert.True(await coordinator.Registry.IsMemberAsync(AddressOf(applicant)));
        var record = await coordinator.Registry.GetMemberAsync(AddressOf(applicant));
        Assert.Equal((MemberRole.Automaker, minStake, 5u), (record.Role, record.Stake, record.Number));
        Assert.Equal(ProposalStatus.Executed, (await coordinator.Registry.GetProposalAsync(application.ProposalId)).Status);
        Assert.Equal(BigInteger.Zero, await coordinator.Registry.GetTotalEscrowedAsync());
        Assert.Equal(5 * minStake, await coordinator.Registry.GetTotalStakedAsync());
        Assert.Equal("Stagecoach EV", await coordinator.Registry.GetMemberNameAsync(AddressOf(applicant)));
    }

    [Fact]
    public async Task ACoordinatorFoundingAloneAdmitsByItsOwnVote()
    {
        var coordinator = await anvil.DeployAsync();
        var applicant = (await anvil.CreateAccountsAsync(coordinator.Addresses, 1))[0];
        await coordinator.Token.TransferAsync(AddressOf(applicant), await coordinator.Registry.GetMinStakeAsync());
        var application = await applicant.Registry.ApplyForMembershipAsync("Dundee", MemberRole.Operator);

        await coordinator.Registry.VoteAsync(application.ProposalId);

        Assert.True(await coordinator.Registry.IsMemberAsync(AddressOf(applicant)));
        var opening = await OpenAsync(coordinator);
        await applicant.Rounds.CommitUpdateAsync(opening.RoundId, UpdateOf(applicant, opening.RoundId));
    }

    [Fact]
    public async Task VotingRevertsForNonMembersTwiceAndOnClosedOrUnknownProposals()
    {
        var (coordinator, members) = await anvil.DeployWithMembersAsync(3);
        var accounts = await anvil.CreateAccountsAsync(coordinator.Addresses, 2);
        var (applicant, outsider) = (accounts[0], accounts[1]);
        await coordinator.Token.TransferAsync(AddressOf(applicant), await coordinator.Registry.GetMinStakeAsync());
        var application = await applicant.Registry.ApplyForMembershipAsync("Applicant", MemberRole.Operator);
        await members[0].Registry.VoteAsync(application.ProposalId);

        var byOutsider = await Assert.ThrowsAsync<LedgerRevertedException>(() => outsider.Registry.VoteAsync(application.ProposalId));
        var twice = await Assert.ThrowsAsync<LedgerRevertedException>(() => members[0].Registry.VoteAsync(application.ProposalId));
        var unknown = await Assert.ThrowsAsync<LedgerRevertedException>(() => members[0].Registry.VoteAsync(99));
        await applicant.Registry.WithdrawApplicationAsync(application.ProposalId);
        var closed = await Assert.ThrowsAsync<LedgerRevertedException>(() => members[1].Registry.VoteAsync(application.ProposalId));

        Assert.Equal($"MemberRegistry_NotMember({outsider.Account})", byOutsider.Signature);
        Assert.Equal($"MemberRegistry_AlreadyVoted({application.ProposalId}, {members[0].Account})", twice.Signature);
        Assert.Equal("MemberRegistry_UnknownProposal(99)", unknown.Signature);
        Assert.Equal($"MemberRegistry_ProposalNotPending({application.ProposalId})", closed.Signature);
        Assert.True(await coordinator.Registry.HasVotedAsync(application.ProposalId, AddressOf(members[0])));
    }

    [Fact]
    public async Task AWithdrawnApplicationReturnsTheEscrowedStake()
    {
        var coordinator = await anvil.DeployAsync();
        var accounts = await anvil.CreateAccountsAsync(coordinator.Addresses, 2);
        var minStake = await coordinator.Registry.GetMinStakeAsync();
        await coordinator.Token.TransferAsync(AddressOf(accounts[0]), minStake);
        var application = await accounts[0].Registry.ApplyForMembershipAsync("Applicant", MemberRole.Operator);

        var byOther = await Assert.ThrowsAsync<LedgerRevertedException>(() => accounts[1].Registry.WithdrawApplicationAsync(application.ProposalId));
        await accounts[0].Registry.WithdrawApplicationAsync(application.ProposalId);

        Assert.Equal("MemberRegistry_NotApplicant", byOther.ErrorName);
        Assert.Equal(minStake, await coordinator.Token.BalanceOfAsync(AddressOf(accounts[0])));
        Assert.Equal(ProposalStatus.Withdrawn, (await coordinator.Registry.GetProposalAsync(application.ProposalId)).Status);
        Assert.Equal(BigInteger.Zero, await coordinator.Registry.GetTotalEscrowedAsync());
    }

    [Fact]
    public async Task AnApplicationIsDefeatedOnceTooFewMembersAreLeftToCarryItAndItsEscrowGoesBack()
    {
        // Four active members at 5,001 bps need three approvals: the second rejection leaves two who could approve.
        var (coordinator, members) = await anvil.DeployWithMembersAsync(3, setup => setup with { AdmissionThresholdBps = 5_001 });
        var applicant = (await anvil.CreateAccountsAsync(coordinator.Addresses, 1))[0];
        var minStake = await coordinator.Registry.GetMinStakeAsync();
        await coordinator.Token.TransferAsync(AddressOf(applicant), minStake);
        var application = await applicant.Registry.ApplyForMembershipAsync("Unwelcome", MemberRole.Operator);

        await members[0].Registry.VoteAsync(application.ProposalId);
        await members[1].Registry.RejectAsync(application.ProposalId);
        var afterOne = await coordinator.Registry.GetProposalAsync(application.ProposalId);
        var twice = await Assert.ThrowsAsync<LedgerRevertedException>(() => members[1].Registry.RejectAsync(application.ProposalId));
        var approvedThenRejected = await Assert.ThrowsAsync<LedgerRevertedException>(() => members[0].Registry.RejectAsync(application.ProposalId));
        var byApplicant = await Assert.ThrowsAsync<LedgerRevertedException>(() => applicant.Registry.RejectAsync(application.ProposalId));
        await members[2].Registry.RejectAsync(application.ProposalId);
        var defeated = await coordinator.Registry.GetProposalAsync(application.ProposalId);
        var closed = await Assert.ThrowsAsync<LedgerRevertedException>(() => coordinator.Registry.VoteAsync(application.ProposalId));

        Assert.Equal((ProposalStatus.Pending, 1, 1, 4, 3), (afterOne.Status, afterOne.Approvals, afterOne.Rejections, afterOne.Electorate, afterOne.RequiredVotes));
        Assert.Equal($"MemberRegistry_AlreadyVoted({application.ProposalId}, {members[1].Account})", twice.Signature);
        Assert.Equal("MemberRegistry_AlreadyVoted", approvedThenRejected.ErrorName);
        Assert.Equal($"MemberRegistry_NotMember({applicant.Account})", byApplicant.Signature);
        Assert.Equal((ProposalStatus.Rejected, 2, BigInteger.Zero), (defeated.Status, defeated.Rejections, defeated.Escrow));
        Assert.Equal($"MemberRegistry_ProposalNotPending({application.ProposalId})", closed.Signature);
        Assert.Equal(minStake, await coordinator.Token.BalanceOfAsync(AddressOf(applicant)));
        Assert.Equal(BigInteger.Zero, await coordinator.Registry.GetTotalEscrowedAsync());
        Assert.False(await coordinator.Registry.IsMemberAsync(AddressOf(applicant)));
        var again = await applicant.Registry.ApplyForMembershipAsync("Unwelcome", MemberRole.Operator);
        Assert.NotEqual(application.ProposalId, again.ProposalId);
    }

    [Fact]
    public async Task ACoordinatorRotationCanBeRejectedToo()
    {
        var (coordinator, members) = await anvil.DeployWithMembersAsync(1);
        var rotation = await members[0].Registry.ProposeCoordinatorAsync(AddressOf(members[0]));

        await coordinator.Registry.RejectAsync(rotation.ProposalId);

        Assert.Equal(ProposalStatus.Rejected, (await coordinator.Registry.GetProposalAsync(rotation.ProposalId)).Status);
        Assert.Equal(AddressOf(coordinator), await coordinator.Registry.GetCoordinatorAsync());
    }

    [Fact]
    public async Task MembersAndApplicantsPublishTheirNodeContactAndStrangersCannot()
    {
        var (coordinator, members) = await anvil.DeployWithMembersAsync(1);
        var accounts = await anvil.CreateAccountsAsync(coordinator.Addresses, 2);
        var (applicant, stranger) = (accounts[0], accounts[1]);
        await coordinator.Token.TransferAsync(AddressOf(applicant), await coordinator.Registry.GetMinStakeAsync());
        await applicant.Registry.ApplyForMembershipAsync("Applicant", MemberRole.Operator);
        var first = Hash32.Parse("0x" + new string('a', 64));
        var rotated = Hash32.Parse("0x" + new string('b', 64));

        var before = await coordinator.Registry.GetNodeContactAsync(AddressOf(members[0]));
        await members[0].Registry.SetNodeContactAsync("10.20.0.2:7001", first);
        await members[0].Registry.SetNodeContactAsync("10.20.0.2:7002", rotated);
        var taken = await Assert.ThrowsAsync<LedgerRevertedException>(() => applicant.Registry.SetNodeContactAsync("applicant.example:7001", first));
        await applicant.Registry.SetNodeContactAsync("applicant.example:7001", Hash32.Parse("0x" + new string('c', 64)));
        var byStranger = await Assert.ThrowsAsync<LedgerRevertedException>(() => stranger.Registry.SetNodeContactAsync("x:1", first));
        var empty = await Assert.ThrowsAsync<LedgerRevertedException>(() => members[0].Registry.SetNodeContactAsync("", first));
        var tooLong = await Assert.ThrowsAsync<LedgerRevertedException>(() => members[0].Registry.SetNodeContactAsync(new string('h', 256), first));
        var zero = await Assert.ThrowsAsync<LedgerRevertedException>(() => members[0].Registry.SetNodeContactAsync("x:1", Hash32.Zero));

        Assert.False(before.IsPublished);
        Assert.Equal(new NodeContact(AddressOf(members[0]), "10.20.0.2:7002", rotated), await coordinator.Registry.GetNodeContactAsync(AddressOf(members[0])));
        Assert.Equal("applicant.example:7001", (await coordinator.Registry.GetNodeContactAsync(AddressOf(applicant))).Endpoint);
        Assert.Equal($"MemberRegistry_NotMember({stranger.Account})", byStranger.Signature);
        Assert.Equal("MemberRegistry_InvalidContact", empty.ErrorName);
        Assert.Equal(BigInteger.Zero, empty.GetArgument<BigInteger>("endpointLength"));
        Assert.Equal(new BigInteger(256), tooLong.GetArgument<BigInteger>("endpointLength"));
        Assert.Equal("MemberRegistry_InvalidContact", zero.ErrorName);
        Assert.Equal($"MemberRegistry_FingerprintTaken({first}, {members[0].Account})", taken.Signature);
        Assert.Equal(AddressOf(members[0]), await coordinator.Registry.GetFingerprintHolderAsync(first));
        Assert.Null(await coordinator.Registry.GetFingerprintHolderAsync(Hash32.Parse("0x" + new string('d', 64))));
    }

    [Fact]
    public async Task ApplicationsAreRefusedForMembersPendingApplicantsEmptyNamesAndTheCoordinatorRole()
    {
        var (coordinator, members) = await anvil.DeployWithMembersAsync(1);
        var applicant = (await anvil.CreateAccountsAsync(coordinator.Addresses, 1))[0];
        await coordinator.Token.TransferAsync(AddressOf(applicant), 2 * await coordinator.Registry.GetMinStakeAsync());
        var application = await applicant.Registry.ApplyForMembershipAsync("Applicant", MemberRole.Operator);

        var member = await Assert.ThrowsAsync<LedgerRevertedException>(() => members[0].Registry.ApplyForMembershipAsync("Again", MemberRole.Operator));
        var pending = await Assert.ThrowsAsync<LedgerRevertedException>(() => applicant.Registry.ApplyForMembershipAsync("Again", MemberRole.Operator));
        var emptyName = await Assert.ThrowsAsync<LedgerRevertedException>(() => coordinator.Registry.ApplyForMembershipAsync("", MemberRole.Operator));
        var coordinatorRole = await Assert.ThrowsAsync<LedgerRevertedException>(() => applicant.Registry.ApplyForMembershipAsync("Boss", MemberRole.Coordinator));

        Assert.Equal($"MemberRegistry_AlreadyMember({members[0].Account})", member.Signature);
        Assert.Equal($"MemberRegistry_ApplicationPending({applicant.Account}, {application.ProposalId})", pending.Signature);
        Assert.Equal("MemberRegistry_EmptyName", emptyName.ErrorName);
        Assert.Equal($"MemberRegistry_InvalidRole({(int)MemberRole.Coordinator})", coordinatorRole.Signature);
    }

    [Fact]
    public async Task AnApplicantMayEscrowMoreThanTheMinimumStakeButNotLess()
    {
        var coordinator = await anvil.DeployAsync();
        var accounts = await anvil.CreateAccountsAsync(coordinator.Addresses, 2);
        var minStake = await coordinator.Registry.GetMinStakeAsync();
        await coordinator.Token.TransferAsync(AddressOf(accounts[0]), 3 * minStake);
        await coordinator.Token.TransferAsync(AddressOf(accounts[1]), minStake);

        var generous = await accounts[0].Registry.ApplyForMembershipAsync("Generous", MemberRole.Operator, 3 * minStake);
        var pending = await coordinator.Registry.GetPendingApplicationAsync(AddressOf(accounts[0]));
        var stingy = await Assert.ThrowsAsync<LedgerRevertedException>(() => accounts[1].Registry.ApplyForMembershipAsync("Stingy", MemberRole.Operator, minStake - 1));
        await coordinator.Registry.VoteAsync(generous.ProposalId);

        Assert.Equal(generous.ProposalId, pending);
        Assert.Equal("Generous", await coordinator.Registry.GetApplicantNameAsync(generous.ProposalId));
        Assert.Null(await coordinator.Registry.GetPendingApplicationAsync(AddressOf(accounts[0])));
        Assert.Null(await coordinator.Registry.GetPendingApplicationAsync(AddressOf(accounts[1])));
        Assert.Equal($"MemberRegistry_StakeTooLow({minStake - 1}, {minStake})", stingy.Signature);
        Assert.Equal(3 * minStake, (await coordinator.Registry.GetMemberAsync(AddressOf(accounts[0]))).Stake);
    }

    [Fact]
    public async Task AnApplicantWithoutTheStakeCannotApply()
    {
        var coordinator = await anvil.DeployAsync();
        var applicant = (await anvil.CreateAccountsAsync(coordinator.Addresses, 1))[0];

        var revert = await Assert.ThrowsAsync<LedgerRevertedException>(() => applicant.Registry.ApplyForMembershipAsync("Broke", MemberRole.Operator));

        Assert.Equal("ERC20InsufficientBalance", revert.ErrorName);
    }

    [Fact]
    public async Task TheCoordinatorRoleIsRotatedByVoteAndMovesTheRightToRunRounds()
    {
        var (coordinator, members) = await anvil.DeployWithMembersAsync(2);
        var successor = members[0];

        var proposal = await members[1].Registry.ProposeCoordinatorAsync(AddressOf(successor));
        await members[1].Registry.VoteAsync(proposal.ProposalId);
        await coordinator.Registry.VoteAsync(proposal.ProposalId);

        Assert.Equal(AddressOf(successor), await coordinator.Registry.GetCoordinatorAsync());
        Assert.Equal(AddressOf(successor), await coordinator.Rounds.GetCoordinatorAsync());
        Assert.Equal(MemberRole.Coordinator, (await coordinator.Registry.GetMemberAsync(AddressOf(successor))).Role);
        Assert.Equal(MemberRole.Operator, (await coordinator.Registry.GetMemberAsync(AddressOf(coordinator))).Role);
        Assert.Equal(1UL, (await OpenAsync(successor)).RoundId);
        var revert = await Assert.ThrowsAsync<LedgerRevertedException>(() => OpenAsync(coordinator));
        Assert.Equal($"CoordinatedLedger_NotCoordinator({coordinator.Account})", revert.Signature);
    }

    [Fact]
    public async Task ARotationWhoseCandidateLeftMeanwhileIsRefusedAtTheDecidingVote()
    {
        var (coordinator, members) = await anvil.DeployWithMembersAsync(2);
        var candidate = members[0];
        var proposal = await members[1].Registry.ProposeCoordinatorAsync(AddressOf(candidate));
        await members[1].Registry.VoteAsync(proposal.ProposalId);
        await candidate.Registry.AnnounceExitAsync();

        var revert = await Assert.ThrowsAsync<LedgerRevertedException>(() => coordinator.Registry.VoteAsync(proposal.ProposalId));

        Assert.Equal($"MemberRegistry_NotMember({candidate.Account})", revert.Signature);
        Assert.Equal(AddressOf(coordinator), await coordinator.Registry.GetCoordinatorAsync());
        Assert.Equal(ProposalStatus.Pending, (await coordinator.Registry.GetProposalAsync(proposal.ProposalId)).Status);
    }

    [Fact]
    public async Task StrangersHaveNoNameUnknownProposalsNoRecordAndOnlyApplicationsCanBeWithdrawn()
    {
        var (coordinator, members) = await anvil.DeployWithMembersAsync(1);
        var stranger = (await anvil.CreateAccountsAsync(coordinator.Addresses, 1))[0];
        var rotation = await members[0].Registry.ProposeCoordinatorAsync(AddressOf(members[0]));

        var name = await Assert.ThrowsAsync<LedgerRevertedException>(() => coordinator.Registry.GetMemberNameAsync(AddressOf(stranger)));
        var proposal = await Assert.ThrowsAsync<LedgerRevertedException>(() => coordinator.Registry.GetProposalAsync(99));
        var withdrawal = await Assert.ThrowsAsync<LedgerRevertedException>(() => members[0].Registry.WithdrawApplicationAsync(rotation.ProposalId));
        var announced = await Assert.ThrowsAsync<LedgerRevertedException>(() => stranger.Registry.AnnounceExitAsync());

        Assert.Equal($"MemberRegistry_NotMember({stranger.Account})", name.Signature);
        Assert.Equal("MemberRegistry_UnknownProposal(99)", proposal.Signature);
        Assert.Equal($"MemberRegistry_NotApplicant({rotation.ProposalId}, {members[0].Account})", withdrawal.Signature);
        Assert.Equal($"MemberRegistry_NotMember({stranger.Account})", announced.Signature);
    }

    [Fact]
    public async Task OnlyMembersProposeCoordinatorsAndOnlyAmongOtherMembers()
    {
        var (coordinator, members) = await anvil.DeployWithMembersAsync(1);
        var outsider = (await anvil.CreateAccountsAsync(coordinator.Addresses, 1))[0];

        var byOutsider = await Assert.ThrowsAsync<LedgerRevertedException>(() => outsider.Registry.ProposeCoordinatorAsync(AddressOf(members[0])));
        var ofOutsider = await Assert.ThrowsAsync<LedgerRevertedException>(() => members[0].Registry.ProposeCoordinatorAsync(AddressOf(outsider)));
        var ofIncumbent = await Assert.ThrowsAsync<LedgerRevertedException>(() => members[0].Registry.ProposeCoordinatorAsync(AddressOf(coordinator)));

        Assert.Equal($"MemberRegistry_NotMember({outsider.Account})", byOutsider.Signature);
        Assert.Equal($"MemberRegistry_NotMember({outsider.Account})", ofOutsider.Signature);
        Assert.Equal($"MemberRegistry_AlreadyCoordinator({coordinator.Account})", ofIncumbent.Signature);
    }

    [Fact]
    public async Task AMemberLeavesAfterTheNoticePeriodWithItsRemainingStake()
    {
        // Moving the clock would disturb the shared chain, so this test runs its own.
        await using var chain = await AnvilChain.StartAsync();
        var coordinatorConnection = ChainConnection.WithSigner(chain.RpcUrl, chain.DevAccounts[0]);
        var addresses = await ConsortiumDeployment.DeployAsync(coordinatorConnection, new ConsortiumSetup(
        [
            new FoundingMember(chain.DevAccounts[0].Address, "Coordinator", MemberRole.Coordinator),
            new FoundingMember(chain.DevAccounts[1].Address, "Leaver", MemberRole.Operator),
        ]) { ExitNoticePeriod = TimeSpan.FromDays(7) });
        var coordinator = new ConsortiumLedger(coordinatorConnection, addresses);
        var leaver = new ConsortiumLedger(ChainConnection.WithSigner(chain.RpcUrl, chain.DevAccounts[1]), addresses);
        var stake = await coordinator.Registry.GetMinStakeAsync();
        var opening = await OpenAsync(coordinator);

        var notLeaving = await Assert.ThrowsAsync<LedgerRevertedException>(() => leaver.Registry.WithdrawStakeAsync());
        await leaver.Registry.AnnounceExitAsync();
        var leaving = await coordinator.Registry.GetMemberAsync(AddressOf(leaver));
        var commitWhileLeaving = await Assert.ThrowsAsync<LedgerRevertedException>(() => leaver.Rounds.CommitUpdateAsync(opening.RoundId, Keccak.Hash("u"u8)));
        var early = await Assert.ThrowsAsync<LedgerRevertedException>(() => leaver.Registry.WithdrawStakeAsync());
        var coordinatorExit = await Assert.ThrowsAsync<LedgerRevertedException>(() => coordinator.Registry.AnnounceExitAsync());
        await chain.IncreaseTimeAsync(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));
        await leaver.Registry.WithdrawStakeAsync();

        Assert.Equal($"MemberRegistry_NotLeaving({leaver.Account})", notLeaving.Signature);
        Assert.Equal(MemberStatus.Leaving, leaving.Status);
        Assert.NotNull(leaving.ExitAvailableAt);
        Assert.Equal("RoundLedger_NotMember", commitWhileLeaving.ErrorName);
        Assert.Equal("MemberRegistry_NoticePeriodRunning", early.ErrorName);
        Assert.Equal($"MemberRegistry_CoordinatorCannotLeave({coordinator.Account})", coordinatorExit.Signature);
        Assert.Equal(stake, await coordinator.Token.BalanceOfAsync(AddressOf(leaver)));
        var left = await coordinator.Registry.GetMemberAsync(AddressOf(leaver));
        Assert.Equal((MemberStatus.Left, BigInteger.Zero), (left.Status, left.Stake));
        Assert.Equal([AddressOf(coordinator)], await coordinator.Registry.GetMembersAsync());
        Assert.Equal(stake, await coordinator.Registry.GetTotalStakedAsync());
        Assert.Equal("Leaver", await coordinator.Registry.GetMemberNameAsync(AddressOf(leaver)));
    }

    [Fact]
    public async Task OnlyTheLedgersTheRegistryCreatedSlashMintAndRecordContributions()
    {
        var (coordinator, members) = await anvil.DeployWithMembersAsync(1);

        var slash = await Assert.ThrowsAsync<LedgerRevertedException>(() => coordinator.Connection.SendAsync(
            coordinator.Addresses.Registry,
            new Consortium.Contracts.Bindings.SlashFunction { Member = AddressOf(members[0]).ToString(), Amount = 1 },
            CancellationToken.None));
        var mint = await Assert.ThrowsAsync<LedgerRevertedException>(() => members[0].Connection.SendAsync(
            coordinator.Addresses.Registry,
            new Consortium.Contracts.Bindings.MintRewardsFunction { To = AddressOf(members[0]).ToString(), Amount = 1 },
            CancellationToken.None));
        var record = await Assert.ThrowsAsync<LedgerRevertedException>(() => members[0].Connection.SendAsync(
            coordinator.Addresses.Registry,
            new RecordContributionFunction { Member = AddressOf(members[0]).ToString(), Score = 1_000_000 },
            CancellationToken.None));

        Assert.Equal($"MemberRegistry_NotLedger({coordinator.Account})", slash.Signature);
        Assert.Equal($"MemberRegistry_NotLedger({members[0].Account})", mint.Signature);
        Assert.Equal($"MemberRegistry_NotLedger({members[0].Account})", record.Signature);
        Assert.Equal(0, (await coordinator.Registry.GetReputationAsync(AddressOf(members[0]))).RoundsContributed);
        Assert.Equal(coordinator.Addresses.Rounds, await coordinator.Registry.GetRoundLedgerAsync());
        Assert.Equal(coordinator.Addresses.Dispatch, await coordinator.Registry.GetDispatchLedgerAsync());
        Assert.Equal(coordinator.Addresses.Registry, await coordinator.Rounds.GetMemberRegistryAsync());
    }

    [Fact]
    public async Task TopUpsRequireAnActiveMemberAndAPositiveAmount()
    {
        var (coordinator, members) = await anvil.DeployWithMembersAsync(1);
        var outsider = (await anvil.CreateAccountsAsync(coordinator.Addresses, 1))[0];

        var zero = await Assert.ThrowsAsync<LedgerRevertedException>(() => members[0].Registry.TopUpStakeAsync(0));
        var notMember = await Assert.ThrowsAsync<LedgerRevertedException>(() => outsider.Registry.TopUpStakeAsync(1));

        Assert.Equal("MemberRegistry_ZeroAmount", zero.ErrorName);
        Assert.Equal($"MemberRegistry_NotMember({outsider.Account})", notMember.Signature);
    }
}
