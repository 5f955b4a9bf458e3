using System.Numerics;
using Consortium.Contracts.Chain;
using Consortium.Contracts.Ledger;
using static Consortium.Contracts.Tests.GridRequests;
using static Consortium.Contracts.Tests.LedgerScenario;

namespace Consortium.Contracts.Tests.Ledger;

/// <summary>
/// The ledger opens events only for requests a registered grid party signed, keeps their terms, and refuses any
/// settlement above them: the coordinator cannot forge a request, replay one, or pay or take more than the terms allow.
/// </summary>
[Collection(AnvilCollection.Name)]
public sealed class GridRequestLedgerTests(AnvilFixture anvil)
{
    private static readonly BigInteger Reward = BigInteger.Pow(10, 15);
    private static readonly BigInteger Penalty = BigInteger.Pow(10, 16);

    [Fact]
    public async Task GridPartiesAreRegisteredAndRemovedByTheMembersVoteAndAreNeverMembers()
    {
        var (coordinator, operators) = await anvil.DeployWithMembersAsync(2);
        var outsider = (await anvil.CreateAccountsAsync(coordinator.Addresses, 1))[0];
        var party = GridKey.Address;

        var byOutsider = await Assert.ThrowsAsync<LedgerRevertedException>(() => outsider.Registry.ProposeGridPartyAsync(party, "dso"));
        var member = await Assert.ThrowsAsync<LedgerRevertedException>(() => coordinator.Registry.ProposeGridPartyAsync(AddressOf(operators[0]), "dso"));
        await Assert.ThrowsAsync<ArgumentException>(() => coordinator.Registry.ProposeGridPartyAsync(party, string.Empty));
        Assert.Equal($"MemberRegistry_NotMember({outsider.Account})", byOutsider.Signature);
        Assert.Equal($"MemberRegistry_GridPartyIsMember({operators[0].Account})", member.Signature);

        var proposal = await coordinator.Registry.ProposeGridPartyAsync(party, "dso");
        await coordinator.Registry.VoteAsync(proposal.ProposalId);
        Assert.False(await coordinator.Registry.IsGridPartyAsync(party));
        await operators[0].Registry.VoteAsync(proposal.ProposalId);
        Assert.True(await coordinator.Registry.IsGridPartyAsync(party));
        Assert.Equal([(party, "dso")], await coordinator.Registry.GetGridPartiesAsync());
        var again = await Assert.ThrowsAsync<LedgerRevertedException>(() => coordinator.Registry.ProposeGridPartyAsync(party, "dso"));
        Assert.Equal($"MemberRegistry_AlreadyGridParty({party})", again.Signature);

        // A grid party cannot apply for membership: it would set the terms it is paid under.
        var asParty = anvil.Connect(GridKey, coordinator.Addresses);
        var minStake = await coordinator.Registry.GetMinStakeAsync();
        var apply = await Assert.ThrowsAsync<LedgerRevertedException>(() => asParty.Registry.ApplyForMembershipAsync("dso", MemberRole.Operator, minStake));
        Assert.Equal($"MemberRegistry_GridPartyIsMember({party})", apply.Signature);

        var removal = await operators[1].Registry.ProposeGridPartyRemovalAsync(party);
        await operators[1].Registry.VoteAsync(removal.ProposalId);
        await coordinator.Registry.VoteAsync(removal.ProposalId);
        Assert.False(await coordinator.Registry.IsGridPartyAsync(party));
        Assert.Empty(await coordinator.Registry.GetGridPartiesAsync());
        var gone = await Assert.ThrowsAsync<LedgerRevertedException>(() => coordinator.Registry.ProposeGridPartyRemovalAsync(party));
        Assert.Equal($"MemberRegistry_NotGridParty({party})", gone.Signature);
    }

    [Fact]
    public async Task OnlyARegisteredGridPartysSignatureOpensAnEventAndEachRequestOnce()
    {
        var (coordinator, _) = await anvil.DeployWithMembersAsync(2);
        var terms = Terms(Keccak.Hash("request a"u8));
        var signature = await SignAsync(coordinator.Dispatch, terms, GridKey);

        // Signed by the right key, but the grid party is not registered yet.
        var unregistered = await Assert.ThrowsAsync<LedgerRevertedException>(() => coordinator.Dispatch.OpenDispatchAsync(terms, signature, InAnHour, InTwoHours));
        Assert.Equal($"DispatchLedger_NotGridParty({GridKey.Address})", unregistered.Signature);
        await RegisterAsync(coordinator.Dispatch);

        // The coordinator signs the request itself, or changes a term after the grid party signed.
        var coordinatorKey = anvil.Deployer;
        var forged = await Assert.ThrowsAsync<LedgerRevertedException>(
            () => coordinator.Dispatch.OpenDispatchAsync(terms, SignAsync(coordinator.Dispatch, terms, coordinatorKey).Result, InAnHour, InTwoHours));
        Assert.Equal($"DispatchLedger_WrongGridSignature({coordinatorKey.Address}, {GridKey.Address})", forged.Signature);
        var raised = await Assert.ThrowsAsync<LedgerRevertedException>(
            () => coordinator.Dispatch.OpenDispatchAsync(terms with { RewardWeiPerKwh = 2 * Reward }, signature, InAnHour, InTwoHours));
        Assert.Equal("DispatchLedger_WrongGridSignature", raised.ErrorName);
        var shortSignature = await Assert.ThrowsAsync<LedgerRevertedException>(() => coordinator.Dispatch.OpenDispatchAsync(terms, signature[..64], InAnHour, InTwoHours));
        Assert.Equal("ECDSAInvalidSignatureLength(64)", shortSignature.Signature);

        // A request the ledger cannot settle against is refused by name, even when signed.
        var hourly = terms with { StepMinutes = 60 };
        var badStep = await Assert.ThrowsAsync<LedgerRevertedException>(
            () => coordinator.Dispatch.OpenDispatchAsync(hourly, SignAsync(coordinator.Dispatch, hourly, GridKey).Result, InAnHour, InTwoHours));
        Assert.Equal("DispatchLedger_InvalidTerms(stepMinutes)", badStep.Signature);

        var opening = await coordinator.Dispatch.OpenDispatchAsync(terms, signature, InAnHour, InTwoHours);
        var digest = await coordinator.Dispatch.GetRequestDigestAsync(terms);
        Assert.Equal(digest, (await coordinator.Dispatch.GetDispatchAsync(opening.EventId)).RequestHash);
        Assert.Equal(terms, await coordinator.Dispatch.GetRequestTermsAsync(opening.EventId));
        Assert.Equal(opening.EventId, await coordinator.Dispatch.GetEventOfRequestAsync(digest));
        var replay = await Assert.ThrowsAsync<LedgerRevertedException>(() => coordinator.Dispatch.OpenDispatchAsync(terms, signature, InAnHour, InTwoHours));
        Assert.Equal($"DispatchLedger_RequestAlreadyOpened({digest}, {opening.EventId})", replay.Signature);
    }

    [Fact]
    public async Task SettlementsAboveTheTermsAreRefusedForEveryOperator()
    {
        var (coordinator, operators) = await anvil.DeployWithMembersAsync(2);
        var opening = await coordinator.Dispatch.OpenDispatchAsync(Keccak.Hash("bounded"u8), InAnHour, InTwoHours);
        var (a, b) = (operators[0], operators[1]);
        await a.Dispatch.CommitAllocationAsync(opening.EventId, Keccak.Hash("a"u8), 40_000);
        await b.Dispatch.CommitAllocationAsync(opening.EventId, Keccak.Hash("b"u8), 10_000);
        await a.Dispatch.ReportDeliveryAsync(opening.EventId, Keccak.Hash("ma"u8), 30_000);
        await b.Dispatch.ReportDeliveryAsync(opening.EventId, Keccak.Hash("mb"u8), 12_000);

        // a may earn at most 0.001 token × 30 kWh; b lose at most 0.01 token × 22 kWh.
        var maxReward = Reward * 30;
        var maxPenalty = Penalty * 22;
        var tooMuch = await Assert.ThrowsAsync<LedgerRevertedException>(() => coordinator.Dispatch.SettleDispatchAsync(
            opening.EventId, [new DispatchSettlement(AddressOf(a), maxReward + 1), new DispatchSettlement(AddressOf(b), 0)]));
        Assert.Equal($"DispatchLedger_RewardAboveTerms({opening.EventId}, {a.Account}, {maxReward + 1}, {maxReward})", tooMuch.Signature);
        var overPenalised = await Assert.ThrowsAsync<LedgerRevertedException>(() => coordinator.Dispatch.SettleDispatchAsync(
            opening.EventId, [new DispatchSettlement(AddressOf(a), 0), new DispatchSettlement(AddressOf(b), -(maxPenalty + 1))]));
        Assert.Equal($"DispatchLedger_PenaltyAboveTerms({opening.EventId}, {b.Account}, {maxPenalty + 1}, {maxPenalty})", overPenalised.Signature);

        await coordinator.Dispatch.SettleDispatchAsync(opening.EventId, [new DispatchSettlement(AddressOf(a), maxReward), new DispatchSettlement(AddressOf(b), -maxPenalty)]);
        Assert.Equal(maxReward, await coordinator.Token.BalanceOfAsync(AddressOf(a)));
        var recordB = await coordinator.Dispatch.GetOperatorDispatchAsync(opening.EventId, AddressOf(b));
        Assert.Equal((10_000UL, 12_000UL, -maxPenalty), (recordB.AllocatedWh, recordB.DeliveredWh, recordB.Settlement));
    }

    [Fact]
    public async Task NoSettlementTheCoordinatorSendsPaysMoreOrTakesMoreThanTheTermsAllow()
    {
        // Property: for random energies and amounts, the ledger accepts a settlement exactly when every amount is
        // within the operator's bound, and what it mints or slashes is then the amount sent.
        var random = new Random(20261205);
        var (coordinator, operators) = await anvil.DeployWithMembersAsync(1);
        var op = operators[0];
        var stake = (await coordinator.Registry.GetMemberAsync(AddressOf(op))).Stake;
        for (var trial = 0; trial < 12; trial++)
        {
            var opening = await coordinator.Dispatch.OpenDispatchAsync(Keccak.Hash([.. "property"u8, (byte)trial]), InAnHour, InTwoHours);
            var allocated = (ulong)random.Next(0, 50_000);
            var delivered = (ulong)random.Next(0, 50_000);
            await op.Dispatch.CommitAllocationAsync(opening.EventId, Keccak.Hash([(byte)trial]), allocated);
            await op.Dispatch.ReportDeliveryAsync(opening.EventId, Keccak.Hash([(byte)trial, 1]), delivered);
            var bound = random.Next(2) == 0 ? Reward * Math.Min(allocated, delivered) / 1000 : -(Penalty * (allocated + delivered) / 1000);
            var amount = (bound * random.Next(0, 2001) / 1000) + random.Next(-1, 2);
            var within = amount >= 0 ? amount <= Reward * Math.Min(allocated, delivered) / 1000 : -amount <= Penalty * (allocated + delivered) / 1000;
            var balanceBefore = await coordinator.Token.BalanceOfAsync(AddressOf(op));
            var stakeBefore = (await coordinator.Registry.GetMemberAsync(AddressOf(op))).Stake;
            if (within)
            {
                await coordinator.Dispatch.SettleDispatchAsync(opening.EventId, [new DispatchSettlement(AddressOf(op), amount)]);
                Assert.Equal(balanceBefore + BigInteger.Max(amount, 0), await coordinator.Token.BalanceOfAsync(AddressOf(op)));
                Assert.Equal(stakeBefore - BigInteger.Min(BigInteger.Max(-amount, 0), stakeBefore), (await coordinator.Registry.GetMemberAsync(AddressOf(op))).Stake);
            }
            else
            {
                var refused = await Assert.ThrowsAsync<LedgerRevertedException>(
                    () => coordinator.Dispatch.SettleDispatchAsync(opening.EventId, [new DispatchSettlement(AddressOf(op), amount)]));
                Assert.Contains(refused.ErrorName, new[] { "DispatchLedger_RewardAboveTerms", "DispatchLedger_PenaltyAboveTerms" });
                Assert.Equal(balanceBefore, await coordinator.Token.BalanceOfAsync(AddressOf(op)));
            }
        }

        Assert.True((await coordinator.Registry.GetMemberAsync(AddressOf(op))).Stake <= stake);
    }
}
