using System.Numerics;
using Consortium.Contracts.Chain;
using Consortium.Contracts.Ledger;
using Nethereum.RPC.Eth.DTOs;
using Xunit.Abstractions;
using static Consortium.Contracts.Tests.LedgerScenario;

namespace Consortium.Contracts.Tests.Ledger;

/// <summary>
/// A malicious update is slashed only through an accusation that names the member's committed update, after a challenge
/// window in which the member can dispute and the other members can reverse it. Each test moves the clock, so it runs
/// its own anvil.
/// </summary>
public sealed class AccusationTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task AnUndisputedAccusationSlashesOnlyAfterItsChallengeWindow()
    {
        await using var court = await Court.StartAsync();
        var (round, exclusions) = await court.RoundWithPoisonerAsync();
        var stake = await court.StakeOfAccusedAsync();

        // Excluded as malicious, the member loses nothing at enforcement: only an upheld accusation slashes.
        await court.Coordinator.Rounds.EnforceExclusionsAsync(round, exclusions);
        Assert.Equal(stake, await court.StakeOfAccusedAsync());
        await court.Coordinator.Rounds.AccuseAsync(round, court.AccusedAddress, court.Evidence(round), exclusions);
        var early = await Assert.ThrowsAsync<LedgerRevertedException>(() => court.Bystander.Rounds.SettleAccusationAsync(round, court.AccusedAddress));
        var accusation = await court.Coordinator.Rounds.GetAccusationAsync(round, court.AccusedAddress);
        await court.Chain.IncreaseTimeAsync(Window + TimeSpan.FromSeconds(1));
        await court.Bystander.Rounds.SettleAccusationAsync(round, court.AccusedAddress);
        var again = await Assert.ThrowsAsync<LedgerRevertedException>(() => court.Bystander.Rounds.SettleAccusationAsync(round, court.AccusedAddress));

        Assert.Equal(
            $"RoundLedger_ChallengeWindowOpen({round}, {court.AccusedAddress}, {accusation.ChallengeEndsAt.ToUnixTimeSeconds()})", early.Signature);
        Assert.Equal(stake / 2, await court.StakeOfAccusedAsync());
        Assert.Equal($"RoundLedger_AccusationSettled({round}, {court.AccusedAddress}, {(int)AccusationStatus.Upheld})", again.Signature);
        var settled = Assert.Single(await court.Coordinator.Rounds.GetAccusationSettledEventsAsync(round));
        Assert.Equal((AccusationStatus.Upheld, stake / 2), (settled.Outcome, settled.Slashed));
        var accused = Assert.Single(await court.Coordinator.Rounds.GetMemberAccusedEventsAsync(round));
        Assert.Equal((UpdateOf(court.Accused, round), AccusationReasonCodes.NormAboveBound, "norm 41.2 above bound 10"), (accused.UpdateHash, accused.ReasonCode, accused.ReasonText));
        var slash = Assert.Single(await court.Coordinator.Registry.GetMemberSlashedEventsAsync(), s => s.Member == court.AccusedAddress);
        Assert.Equal((court.AccusedAddress, stake / 2, (int)ExclusionReason.Malicious, round), (slash.Member, slash.Amount, slash.Reason, slash.Reference));
        Assert.Equal(AccusationStatus.Upheld, (await court.Coordinator.Rounds.GetAccusationAsync(round, court.AccusedAddress)).Status);
    }

    [Fact]
    public async Task AnAccusationWithoutEvidenceMatchingTheCommitmentOrAReasonIsRefused()
    {
        await using var court = await Court.StartAsync();
        var (round, exclusions) = await court.RoundWithPoisonerAsync();
        var evidence = court.Evidence(round);
        var accused = court.AccusedAddress;
        Task<LedgerRevertedException> Refused(ConsortiumLedger by, ChainAddress member, AccusationEvidence given, IReadOnlyList<MemberExclusion> list) =>
            Assert.ThrowsAsync<LedgerRevertedException>(() => by.Rounds.AccuseAsync(round, member, given, list));

        var wrongHash = await Refused(court.Coordinator, accused, evidence with { UpdateHash = Keccak.Hash("another update"u8) }, exclusions);
        var notMalicious = await Refused(court.Coordinator, court.NonDeliverer, evidence, exclusions);
        var scored = await Refused(court.Coordinator, AddressOf(court.Bystander), evidence, exclusions);
        var altered = await Refused(court.Coordinator, accused, evidence, [exclusions[0]]);
        var noCode = await Refused(court.Coordinator, accused, evidence with { ReasonCode = 0 }, exclusions);
        var noReason = await Refused(court.Coordinator, accused, evidence with { ReasonText = string.Empty }, exclusions);
        var tooLong = await Refused(court.Coordinator, accused, evidence with { ReasonText = new string('x', 281) }, exclusions);
        var notCoordinator = await Refused(court.Bystander, accused, evidence, exclusions);
        var open = await court.Coordinator.Rounds.OpenRoundAsync(FederatedTask.LoadForecast, GlobalModel, DateTimeOffset.UtcNow.AddHours(1), DateTimeOffset.UtcNow.AddHours(2));
        var openRound = await Assert.ThrowsAsync<LedgerRevertedException>(
            () => court.Coordinator.Rounds.AccuseAsync(open.RoundId, accused, evidence, exclusions));
        // A document hash alone is a reason.
        await court.Coordinator.Rounds.AccuseAsync(round, accused, evidence with { ReasonText = string.Empty, DocumentHash = Keccak.Hash("report"u8) }, exclusions);
        var twice = await Refused(court.Coordinator, accused, evidence, exclusions);
        var nobody = await Assert.ThrowsAsync<LedgerRevertedException>(() => court.Bystander.Rounds.SettleAccusationAsync(round, court.NonDeliverer));

        Assert.Equal($"RoundLedger_EvidenceMismatch({round}, {accused}, {Keccak.Hash("another update"u8)}, {UpdateOf(court.Accused, round)})", wrongHash.Signature);
        Assert.Equal($"RoundLedger_NotExcludedAsMalicious({round}, {court.NonDeliverer})", notMalicious.Signature);
        Assert.Equal($"RoundLedger_NotExcludedAsMalicious({round}, {court.Bystander.Account})", scored.Signature);
        Assert.Equal($"RoundLedger_ExclusionsMismatch({round})", altered.Signature);
        Assert.Equal($"RoundLedger_MissingReasonCode({round}, {accused})", noCode.Signature);
        Assert.Equal("RoundLedger_InvalidStatement(0, 280)", noReason.Signature);
        Assert.Equal("RoundLedger_InvalidStatement(281, 280)", tooLong.Signature);
        Assert.Equal($"CoordinatedLedger_NotCoordinator({court.Bystander.Account})", notCoordinator.Signature);
        Assert.Equal($"RoundLedger_NotFinalized({open.RoundId})", openRound.Signature);
        Assert.Equal($"RoundLedger_AlreadyAccused({round}, {accused})", twice.Signature);
        Assert.Equal($"RoundLedger_NoAccusation({round}, {court.NonDeliverer})", nobody.Signature);
    }

    [Fact]
    public async Task AnAccusationComesNoLaterThanTheFinalizeDeadlinePlusTheChallengeWindow()
    {
        await using var court = await Court.StartAsync();
        var (round, exclusions) = await court.RoundWithPoisonerAsync();
        var state = await court.Coordinator.Rounds.GetRoundAsync(round);
        var now = await court.ChainNowAsync();

        await court.Chain.IncreaseTimeAsync(state.FinalizeDeadline - now + Window + TimeSpan.FromSeconds(5));
        var late = await Assert.ThrowsAsync<LedgerRevertedException>(
            () => court.Coordinator.Rounds.AccuseAsync(round, court.AccusedAddress, court.Evidence(round), exclusions));

        Assert.Equal($"RoundLedger_AccusationTooLate({round}, {state.FinalizeDeadline.ToUnixTimeSeconds() + (long)Window.TotalSeconds})", late.Signature);
    }

    [Fact]
    public async Task AReversedAccusationNeverSlashesAndTheAccusedAndTheCoordinatorCannotVote()
    {
        await using var court = await Court.StartAsync();
        var (round, exclusions) = await court.RoundWithPoisonerAsync();
        var stake = await court.StakeOfAccusedAsync();
        await court.Coordinator.Rounds.AccuseAsync(round, court.AccusedAddress, court.Evidence(round), exclusions);

        var dispute = await court.Accused.Rounds.DisputeAsync(round, "my update was trained on the week's storm peaks");
        var byAccused = await Assert.ThrowsAsync<LedgerRevertedException>(() => court.Accused.Registry.VoteAsync(dispute.ProposalId));
        var byCoordinator = await Assert.ThrowsAsync<LedgerRevertedException>(() => court.Coordinator.Registry.RejectAsync(dispute.ProposalId));
        var proposal = await court.Coordinator.Registry.GetProposalAsync(dispute.ProposalId);
        foreach (var judge in court.Judges.Take(proposal.RequiredVotes))
        {
            await judge.Registry.VoteAsync(dispute.ProposalId);
        }

        await court.Chain.IncreaseTimeAsync(Window + TimeSpan.FromSeconds(1));
        await court.Bystander.Rounds.SettleAccusationAsync(round, court.AccusedAddress);
        var disputeAgain = await Assert.ThrowsAsync<LedgerRevertedException>(() => court.Accused.Rounds.DisputeAsync(round, "again"));

        Assert.Equal($"MemberRegistry_IneligibleVoter({dispute.ProposalId}, {court.AccusedAddress})", byAccused.Signature);
        Assert.Equal($"MemberRegistry_IneligibleVoter({dispute.ProposalId}, {court.Coordinator.Account})", byCoordinator.Signature);
        Assert.Equal((ProposalKind.AccusationReversal, 3, 2), (proposal.Kind, proposal.Electorate, proposal.RequiredVotes));
        Assert.Equal(stake, await court.StakeOfAccusedAsync());
        var accusation = await court.Coordinator.Rounds.GetAccusationAsync(round, court.AccusedAddress);
        Assert.Equal((AccusationStatus.Reversed, BigInteger.Zero, dispute.ProposalId), (accusation.Status, accusation.Slashed, accusation.ReversalProposalId));
        Assert.Equal($"RoundLedger_AccusationSettled({round}, {court.AccusedAddress}, {(int)AccusationStatus.Reversed})", disputeAgain.Signature);
        Assert.Empty(await court.Coordinator.Registry.GetMemberSlashedEventsAsync());
        var disputed = Assert.Single(await court.Coordinator.Rounds.GetAccusationDisputedEventsAsync(round));
        Assert.Equal("my update was trained on the week's storm peaks", disputed.Statement);
        Assert.Equal((round, accusation.VoteEndsAt), await court.Coordinator.Registry.GetReversalVoteAsync(dispute.ProposalId) is { } vote ? (vote.RoundId, (DateTimeOffset?)vote.VotingEndsAt) : default);
    }

    [Fact]
    public async Task ADisputeTheOtherMembersDefeatIsUpheldAfterTheChallengeWindow()
    {
        await using var court = await Court.StartAsync();
        var (round, exclusions) = await court.RoundWithPoisonerAsync();
        var stake = await court.StakeOfAccusedAsync();
        await court.Coordinator.Rounds.AccuseAsync(round, court.AccusedAddress, court.Evidence(round), exclusions);
        var dispute = await court.Accused.Rounds.DisputeAsync(round, "not me");

        await court.Judges[0].Registry.RejectAsync(dispute.ProposalId);
        await court.Judges[1].Registry.RejectAsync(dispute.ProposalId);
        var early = await Assert.ThrowsAsync<LedgerRevertedException>(() => court.Bystander.Rounds.SettleAccusationAsync(round, court.AccusedAddress));
        await court.Chain.IncreaseTimeAsync(Window + TimeSpan.FromSeconds(1));
        await court.Bystander.Rounds.SettleAccusationAsync(round, court.AccusedAddress);

        Assert.Equal(ProposalStatus.Rejected, (await court.Coordinator.Registry.GetProposalAsync(dispute.ProposalId)).Status);
        Assert.Equal("RoundLedger_ChallengeWindowOpen", early.ErrorName);
        Assert.Equal(stake / 2, await court.StakeOfAccusedAsync());
        Assert.Equal(AccusationStatus.Upheld, (await court.Coordinator.Rounds.GetAccusationAsync(round, court.AccusedAddress)).Status);
    }

    [Fact]
    public async Task ADisputeUndecidedByItsVoteDeadlineLapsesWithoutASlash()
    {
        await using var court = await Court.StartAsync();
        var (round, exclusions) = await court.RoundWithPoisonerAsync();
        var stake = await court.StakeOfAccusedAsync();
        await court.Coordinator.Rounds.AccuseAsync(round, court.AccusedAddress, court.Evidence(round), exclusions);
        await court.Chain.IncreaseTimeAsync(TimeSpan.FromSeconds(30));
        var dispute = await court.Accused.Rounds.DisputeAsync(round, "the norm bound was set after my commit");
        await court.Judges[0].Registry.VoteAsync(dispute.ProposalId);

        // Past the challenge window, but the vote (one window from the dispute) still runs.
        await court.Chain.IncreaseTimeAsync(TimeSpan.FromSeconds(40));
        var undecided = await Assert.ThrowsAsync<LedgerRevertedException>(() => court.Bystander.Rounds.SettleAccusationAsync(round, court.AccusedAddress));
        await court.Chain.IncreaseTimeAsync(Window);
        var lateVote = await Assert.ThrowsAsync<LedgerRevertedException>(() => court.Judges[1].Registry.VoteAsync(dispute.ProposalId));
        await court.Bystander.Rounds.SettleAccusationAsync(round, court.AccusedAddress);

        var accusation = await court.Coordinator.Rounds.GetAccusationAsync(round, court.AccusedAddress);
        Assert.Equal(
            $"RoundLedger_DisputeVoteOpen({round}, {court.AccusedAddress}, {dispute.ProposalId}, {accusation.VoteEndsAt!.Value.ToUnixTimeSeconds()})", undecided.Signature);
        Assert.Equal($"MemberRegistry_VotingClosed({dispute.ProposalId}, {accusation.VoteEndsAt!.Value.ToUnixTimeSeconds()})", lateVote.Signature);
        Assert.Equal(AccusationStatus.Lapsed, accusation.Status);
        Assert.Equal(stake, await court.StakeOfAccusedAsync());
    }

    [Fact]
    public async Task OnlyTheAccusedDisputesOnceWithinItsWindowWithAShortStatement()
    {
        await using var court = await Court.StartAsync();
        var (round, exclusions) = await court.RoundWithPoisonerAsync();
        await court.Coordinator.Rounds.AccuseAsync(round, court.AccusedAddress, court.Evidence(round), exclusions);

        var notAccused = await Assert.ThrowsAsync<LedgerRevertedException>(() => court.Bystander.Rounds.DisputeAsync(round, "me neither"));
        var empty = await Assert.ThrowsAsync<LedgerRevertedException>(() => court.Accused.Rounds.DisputeAsync(round, string.Empty));
        var tooLong = await Assert.ThrowsAsync<LedgerRevertedException>(() => court.Accused.Rounds.DisputeAsync(round, new string('y', 281)));
        await court.Accused.Rounds.DisputeAsync(round, "I object");
        var twice = await Assert.ThrowsAsync<LedgerRevertedException>(() => court.Accused.Rounds.DisputeAsync(round, "I object again"));

        Assert.Equal($"RoundLedger_NoAccusation({round}, {court.Bystander.Account})", notAccused.Signature);
        Assert.Equal("RoundLedger_InvalidStatement(0, 280)", empty.Signature);
        Assert.Equal("RoundLedger_InvalidStatement(281, 280)", tooLong.Signature);
        Assert.Equal($"RoundLedger_AlreadyDisputed({round}, {court.AccusedAddress})", twice.Signature);
    }

    [Fact]
    public async Task ADisputeAfterTheChallengeWindowIsRefusedAndTheSlashAnnouncedBeforeTheRegistryTakesIt()
    {
        await using var court = await Court.StartAsync();
        var (round, exclusions) = await court.RoundWithPoisonerAsync();
        await court.Coordinator.Rounds.AccuseAsync(round, court.AccusedAddress, court.Evidence(round), exclusions);
        var accusation = await court.Coordinator.Rounds.GetAccusationAsync(round, court.AccusedAddress);

        await court.Chain.IncreaseTimeAsync(Window + TimeSpan.FromSeconds(1));
        var late = await Assert.ThrowsAsync<LedgerRevertedException>(() => court.Accused.Rounds.DisputeAsync(round, "too late"));
        var settlement = await court.Bystander.Rounds.SettleAccusationAsync(round, court.AccusedAddress);

        Assert.Equal($"RoundLedger_ChallengeWindowClosed({round}, {court.AccusedAddress}, {accusation.ChallengeEndsAt.ToUnixTimeSeconds()})", late.Signature);
        var receipt = await court.Coordinator.Connection.Web3.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(settlement.TxHash.ToString());
        var emitters = receipt.Logs.Select(log => ChainAddress.Parse(log.Address)).ToArray();
        Assert.Equal([court.Coordinator.Addresses.Rounds, court.Coordinator.Addresses.Registry, court.Coordinator.Addresses.Token], emitters);
    }

    [Fact]
    public async Task AnAccusationADisputeAVoteAndASettlementEachStayUnderTheirGasBudgets()
    {
        await using var court = await Court.StartAsync();
        var (round, exclusions) = await court.RoundWithPoisonerAsync();

        var accuse = await court.Coordinator.Rounds.AccuseAsync(round, court.AccusedAddress, court.Evidence(round), exclusions);
        var dispute = await court.Accused.Rounds.DisputeAsync(round, "my update was trained on the week's storm peaks");
        var vote = await court.Judges[0].Registry.RejectAsync(dispute.ProposalId);
        var defeat = await court.Judges[1].Registry.RejectAsync(dispute.ProposalId);
        await court.Chain.IncreaseTimeAsync(Window + TimeSpan.FromSeconds(1));
        var settle = await court.Bystander.Rounds.SettleAccusationAsync(round, court.AccusedAddress);
        var propose = await court.Judges[0].Registry.ProposeRewardPoolAsync(TokenAmount.FromTokens(50m));

        output.WriteLine($"accuse {accuse.GasUsed}, dispute {dispute.Transaction.GasUsed}, vote {vote.GasUsed}, defeating vote {defeat.GasUsed}, settle (upheld) {settle.GasUsed}, propose pool {propose.Transaction.GasUsed}");
        Assert.InRange(accuse.GasUsed, 1UL, 120_000UL);
        Assert.InRange(dispute.Transaction.GasUsed, 1UL, 250_000UL);
        Assert.InRange(settle.GasUsed, 1UL, 130_000UL);
        Assert.InRange(propose.Transaction.GasUsed, 1UL, 200_000UL);
    }

    /// <summary>
    /// A private chain with a coordinator and four operators (challenge window 60 s): one commits a poisoned update and is
    /// excluded as malicious, one commits and delivers nothing, the others are scored and judge a dispute.
    /// </summary>
    internal sealed class Court : IAsyncDisposable
    {
        private Court(AnvilChain chain, ConsortiumLedger coordinator, IReadOnlyList<ConsortiumLedger> operators)
        {
            Chain = chain;
            Coordinator = coordinator;
            Operators = operators;
        }

        public AnvilChain Chain { get; }

        public ConsortiumLedger Coordinator { get; }

        public IReadOnlyList<ConsortiumLedger> Operators { get; }

        public ConsortiumLedger Accused => Operators[0];

        public ChainAddress AccusedAddress => AddressOf(Accused);

        public ChainAddress NonDeliverer => AddressOf(Operators[1]);

        public ConsortiumLedger Bystander => Operators[2];

        /// <summary>The members who vote on a reversal: neither the accused nor the coordinator.</summary>
        public IReadOnlyList<ConsortiumLedger> Judges => [Operators[1], Operators[2], Operators[3]];

        public static async Task<Court> StartAsync(TimeSpan? window = null)
        {
            var chain = await AnvilChain.StartAsync();
            var options = new ChainConnectionOptions { ChainId = chain.ChainId };
            var deployer = ChainConnection.WithSigner(chain.RpcUrl, chain.DevAccounts[0], options);
            var setup = new ConsortiumSetup(
            [
                new FoundingMember(chain.DevAccounts[0].Address, "Coordinator", MemberRole.Coordinator),
                .. Enumerable.Range(1, 4).Select(i => new FoundingMember(chain.DevAccounts[i].Address, $"Operator {i}", MemberRole.Operator)),
            ])
            {
                ChallengeWindow = window ?? Window,
                MaliciousSlashBps = 5_000,
                TreasuryAllocation = TokenAmount.FromTokens(10_000m),
            };
            var addresses = await ConsortiumDeployment.DeployAsync(deployer, setup);
            var operators = Enumerable.Range(1, 4)
                .Select(i => new ConsortiumLedger(ChainConnection.WithSigner(chain.RpcUrl, chain.DevAccounts[i], options), addresses))
                .ToArray();
            return new Court(chain, new ConsortiumLedger(deployer, addresses), operators);
        }

        public AccusationEvidence Evidence(ulong roundId) =>
            new(UpdateOf(Accused, roundId), AccusationReasonCodes.NormAboveBound, "norm 41.2 above bound 10", Hash32.Zero);

        public async Task<DateTimeOffset> ChainNowAsync()
        {
            var block = await Coordinator.Connection.Web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(BlockParameter.CreateLatest());
            return DateTimeOffset.FromUnixTimeSeconds((long)block.Timestamp.Value);
        }

        /// <summary>A finalized round in which the accused was excluded as malicious and another operator as not delivered.</summary>
        public async Task<(ulong RoundId, IReadOnlyList<MemberExclusion> Exclusions)> RoundWithPoisonerAsync()
        {
            var now = await ChainNowAsync();
            var opening = await Coordinator.Rounds.OpenRoundAsync(FederatedTask.LoadForecast, GlobalModel, now.AddMinutes(10), now.AddMinutes(20));
            foreach (var member in Operators)
            {
                await member.Rounds.CommitUpdateAsync(opening.RoundId, UpdateOf(member, opening.RoundId));
            }

            MemberExclusion[] exclusions =
            [
                new MemberExclusion(AccusedAddress, ExclusionReason.Malicious),
                new MemberExclusion(NonDeliverer, ExclusionReason.NotDelivered),
            ];
            var table = RoundScoreTable.Create(
                opening.RoundId,
                [new MemberScore(AddressOf(Operators[2]), 500_000, TokenAmount.FromTokens(1m)), new MemberScore(AddressOf(Operators[3]), 500_000, TokenAmount.FromTokens(1m))],
                exclusions);
            await Coordinator.Rounds.FinalizeRoundAsync(table, NewModel);
            return (opening.RoundId, table.Exclusions);
        }

        public async Task<BigInteger> StakeOfAccusedAsync() => (await Coordinator.Registry.GetMemberAsync(AccusedAddress)).Stake;

        public ValueTask DisposeAsync() => Chain.DisposeAsync();
    }
}
