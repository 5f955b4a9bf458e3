using System.Numerics;
using Consortium.Contracts.Bindings;
using Consortium.Contracts.Chain;
using Consortium.Contracts.Ledger;
using static Consortium.Contracts.Tests.LedgerScenario;

namespace Consortium.Contracts.Tests.Ledger;

[Collection(AnvilCollection.Name)]
public sealed class DispatchLedgerClientTests(AnvilFixture anvil)
{
    private static readonly Hash32 Request = Keccak.Hash("discharge 40 kW 17:00-18:00"u8);

    [Fact]
    public async Task OperatorsCommitAllocationsReportDeliveriesAndAreSettled()
    {
        var (coordinator, operators) = await anvil.DeployWithMembersAsync(2);
        var opening = await coordinator.Dispatch.OpenDispatchAsync(Request, InAnHour, InTwoHours);
        var stake = await coordinator.Registry.GetMinStakeAsync();
        foreach (var op in operators)
        {
            await op.Dispatch.CommitAllocationAsync(opening.EventId, Keccak.Hash([.. Request.ToArray(), 1]));
        }

        await operators[0].Dispatch.ReportDeliveryAsync(opening.EventId, Keccak.Hash("metered 40 kW"u8));
        await coordinator.Dispatch.SettleDispatchAsync(opening.EventId,
        [
            new DispatchSettlement(AddressOf(operators[0]), TokenAmount.FromTokens(3m)),
            new DispatchSettlement(AddressOf(operators[1]), -TokenAmount.FromTokens(10m)),
        ]);

        var state = await coordinator.Dispatch.GetDispatchAsync(opening.EventId);
        Assert.Equal((DispatchStatus.Settled, 2, 1), (state.Status, state.AllocationCount, state.DeliveryCount));
        Assert.Equal((TokenAmount.FromTokens(3m), TokenAmount.FromTokens(10m)), (state.TotalRewards, state.TotalPenalties));
        Assert.Equal(TokenAmount.FromTokens(3m), await coordinator.Token.BalanceOfAsync(AddressOf(operators[0])));
        Assert.Equal(stake - TokenAmount.FromTokens(10m), (await coordinator.Registry.GetMemberAsync(AddressOf(operators[1]))).Stake);
        var record = await coordinator.Dispatch.GetOperatorDispatchAsync(opening.EventId, AddressOf(operators[0]));
        Assert.Equal(Keccak.Hash("metered 40 kW"u8), record.DeliveryHash);
        Assert.True(record.Settled);
        var settled = await coordinator.Dispatch.GetDeliverySettledEventsAsync(opening.EventId);
        Assert.Equal(-TokenAmount.FromTokens(10m), settled.Single(e => e.Operator == AddressOf(operators[1])).Amount);
        var slash = Assert.Single(await coordinator.Registry.GetMemberSlashedEventsAsync(AddressOf(operators[1])));
        Assert.Equal((coordinator.Addresses.Dispatch, 1, opening.EventId), (slash.Ledger, slash.Reason, slash.Reference));
    }

    [Fact]
    public async Task OnlyActiveOperatorsCommitOnceAndOnlyCommittedOperatorsReportAndSettle()
    {
        var (coordinator, operators) = await anvil.DeployWithMembersAsync(2);
        var outsider = (await anvil.CreateAccountsAsync(coordinator.Addresses, 1))[0];
        var opening = await coordinator.Dispatch.OpenDispatchAsync(Request, InAnHour, InTwoHours);
        await operators[0].Dispatch.CommitAllocationAsync(opening.EventId, Keccak.Hash("a"u8));

        var byOutsider = await Assert.ThrowsAsync<LedgerRevertedException>(() => outsider.Dispatch.CommitAllocationAsync(opening.EventId, Keccak.Hash("x"u8)));
        var byCoordinator = await Assert.ThrowsAsync<LedgerRevertedException>(() => coordinator.Dispatch.CommitAllocationAsync(opening.EventId, Keccak.Hash("x"u8)));
        var twice = await Assert.ThrowsAsync<LedgerRevertedException>(() => operators[0].Dispatch.CommitAllocationAsync(opening.EventId, Keccak.Hash("b"u8)));
        var reportWithout = await Assert.ThrowsAsync<LedgerRevertedException>(() => operators[1].Dispatch.ReportDeliveryAsync(opening.EventId, Keccak.Hash("m"u8)));
        await operators[0].Dispatch.ReportDeliveryAsync(opening.EventId, Keccak.Hash("m"u8));
        var reportTwice = await Assert.ThrowsAsync<LedgerRevertedException>(() => operators[0].Dispatch.ReportDeliveryAsync(opening.EventId, Keccak.Hash("m2"u8)));
        var settleUncommitted = await Assert.ThrowsAsync<LedgerRevertedException>(() => coordinator.Dispatch.SettleDispatchAsync(
            opening.EventId, [new DispatchSettlement(AddressOf(operators[1]), 1)]));
        var settleByOperator = await Assert.ThrowsAsync<LedgerRevertedException>(() => operators[0].Dispatch.SettleDispatchAsync(
            opening.EventId, [new DispatchSettlement(AddressOf(operators[0]), 1)]));
        var unknown = await Assert.ThrowsAsync<LedgerRevertedException>(() => operators[0].Dispatch.CommitAllocationAsync(9, Keccak.Hash("a"u8)));
        await coordinator.Dispatch.SettleDispatchAsync(opening.EventId, [new DispatchSettlement(AddressOf(operators[0]), 1)]);
        var closed = await Assert.ThrowsAsync<LedgerRevertedException>(() => operators[1].Dispatch.CommitAllocationAsync(opening.EventId, Keccak.Hash("late"u8)));

        Assert.Equal($"DispatchLedger_NotOperator({outsider.Account})", byOutsider.Signature);
        Assert.Equal($"DispatchLedger_NotOperator({coordinator.Account})", byCoordinator.Signature);
        Assert.Equal($"DispatchLedger_AlreadyCommitted({opening.EventId}, {operators[0].Account})", twice.Signature);
        Assert.Equal($"DispatchLedger_NotCommitted({opening.EventId}, {operators[1].Account})", reportWithout.Signature);
        Assert.Equal("DispatchLedger_AlreadyReported", reportTwice.ErrorName);
        Assert.Equal("DispatchLedger_NotCommitted", settleUncommitted.ErrorName);
        Assert.Equal($"CoordinatedLedger_NotCoordinator({operators[0].Account})", settleByOperator.Signature);
        Assert.Equal("CoordinatedLedger_UnknownEntry(9)", unknown.Signature);
        Assert.Equal($"CoordinatedLedger_EntryClosed({opening.EventId})", closed.Signature);
    }

    [Fact]
    public async Task SettlementRefusesMismatchedUnsortedOrRepeatedListsAndASettledEvent()
    {
        var (coordinator, operators) = await anvil.DeployWithMembersAsync(2);
        var opening = await coordinator.Dispatch.OpenDispatchAsync(Request, InAnHour, InTwoHours);
        foreach (var op in operators)
        {
            await op.Dispatch.CommitAllocationAsync(opening.EventId, Keccak.Hash("a"u8));
            await op.Dispatch.ReportDeliveryAsync(opening.EventId, Keccak.Hash("m"u8));
        }

        var sorted = operators.Select(AddressOf).Order(RoundScoreTable.AddressOrder.Instance).Select(a => a.ToString()).ToList();
        Task Settle(List<string> who, List<BigInteger> amounts) => coordinator.Connection.SendAsync(
            coordinator.Addresses.Dispatch, new SettleDispatchFunction { EventId = opening.EventId, Operators = who, Amounts = amounts }, CancellationToken.None);

        var mismatch = await Assert.ThrowsAsync<LedgerRevertedException>(() => Settle(sorted, [1]));
        var unsorted = await Assert.ThrowsAsync<LedgerRevertedException>(() => Settle([sorted[1], sorted[0]], [1, 1]));
        var repeated = await Assert.ThrowsAsync<LedgerRevertedException>(() => Settle([sorted[0], sorted[0]], [1, 1]));
        await Settle(sorted, [1, 1]);
        var again = await Assert.ThrowsAsync<LedgerRevertedException>(() => Settle(sorted, [1, 1]));

        Assert.Equal("DispatchLedger_LengthMismatch(2, 1)", mismatch.Signature);
        Assert.Equal("DispatchLedger_NotSorted(1)", unsorted.Signature);
        Assert.Equal("DispatchLedger_NotSorted(1)", repeated.Signature);
        Assert.Equal($"CoordinatedLedger_EntryClosed({opening.EventId})", again.Signature);
        Assert.Equal(new BigInteger(2), (await coordinator.Dispatch.GetDispatchAsync(opening.EventId)).TotalRewards);
    }

    [Fact]
    public async Task ZeroHashesAndUnknownEventsAreRefused()
    {
        var (coordinator, operators) = await anvil.DeployWithMembersAsync(1);
        var opening = await coordinator.Dispatch.OpenDispatchAsync(Request, InAnHour, InTwoHours);

        var zeroAllocation = await Assert.ThrowsAsync<LedgerRevertedException>(() => operators[0].Dispatch.CommitAllocationAsync(opening.EventId, Hash32.Zero));
        await operators[0].Dispatch.CommitAllocationAsync(opening.EventId, Keccak.Hash("a"u8));
        var zeroDelivery = await Assert.ThrowsAsync<LedgerRevertedException>(() => operators[0].Dispatch.ReportDeliveryAsync(opening.EventId, Hash32.Zero));
        var unknownDelivery = await Assert.ThrowsAsync<LedgerRevertedException>(() => operators[0].Dispatch.ReportDeliveryAsync(7, Keccak.Hash("m"u8)));
        var unknownSettlement = await Assert.ThrowsAsync<LedgerRevertedException>(() => coordinator.Dispatch.SettleDispatchAsync(7, []));
        var unknownEvent = await Assert.ThrowsAsync<LedgerRevertedException>(() => coordinator.Dispatch.GetDispatchAsync(7));
        var unknownRecord = await Assert.ThrowsAsync<LedgerRevertedException>(() => coordinator.Dispatch.GetOperatorDispatchAsync(7, AddressOf(operators[0])));

        Assert.Equal("CoordinatedLedger_ZeroHash()", zeroAllocation.Signature);
        Assert.Equal("CoordinatedLedger_ZeroHash()", zeroDelivery.Signature);
        Assert.All(new[] { unknownDelivery, unknownSettlement, unknownEvent, unknownRecord }, revert => Assert.Equal("CoordinatedLedger_UnknownEntry(7)", revert.Signature));
    }

    [Fact]
    public async Task OpeningValidatesTheRequestAndDeadlines()
    {
        var (coordinator, operators) = await anvil.DeployWithMembersAsync(1);

        var byOperator = await Assert.ThrowsAsync<LedgerRevertedException>(() => operators[0].Dispatch.OpenDispatchAsync(Request, InAnHour, InTwoHours));
        var past = await Assert.ThrowsAsync<LedgerRevertedException>(() => coordinator.Dispatch.OpenDispatchAsync(Request, DateTimeOffset.UtcNow.AddMinutes(-1), InAnHour));
        var inverted = await Assert.ThrowsAsync<LedgerRevertedException>(() => coordinator.Dispatch.OpenDispatchAsync(Request, InTwoHours, InAnHour));

        Assert.Equal("CoordinatedLedger_NotCoordinator", byOperator.ErrorName);
        Assert.Equal("CoordinatedLedger_DeadlineNotInFuture", past.ErrorName);
        Assert.Equal("CoordinatedLedger_InvalidDeadlines", inverted.ErrorName);
        Assert.Equal(1UL, (await coordinator.Dispatch.OpenDispatchAsync(Request, InAnHour, InTwoHours)).EventId);
        Assert.Equal(1UL, await coordinator.Dispatch.GetLatestDispatchIdAsync());
    }

    [Fact]
    public async Task AllocationsDeclinesAndDeliveriesAfterTheirDeadlinesRevert()
    {
        await using var chain = await AnvilChain.StartAsync();
        var connection = ChainConnection.WithSigner(chain.RpcUrl, chain.DevAccounts[0]);
        var addresses = await ConsortiumDeployment.DeployAsync(connection, new ConsortiumSetup(
        [
            new FoundingMember(chain.DevAccounts[0].Address, "Coordinator", MemberRole.Coordinator),
            new FoundingMember(chain.DevAccounts[1].Address, "Operator A", MemberRole.Operator),
            new FoundingMember(chain.DevAccounts[2].Address, "Operator B", MemberRole.Operator),
        ]));
        var coordinator = new ConsortiumLedger(connection, addresses);
        var a = new ConsortiumLedger(ChainConnection.WithSigner(chain.RpcUrl, chain.DevAccounts[1]), addresses);
        var b = new ConsortiumLedger(ChainConnection.WithSigner(chain.RpcUrl, chain.DevAccounts[2]), addresses);
        var opening = await coordinator.Dispatch.OpenDispatchAsync(Request, DateTimeOffset.UtcNow.AddMinutes(10), DateTimeOffset.UtcNow.AddMinutes(20));
        await a.Dispatch.CommitAllocationAsync(opening.EventId, Keccak.Hash("a"u8));

        await chain.IncreaseTimeAsync(TimeSpan.FromMinutes(11));
        var lateAllocation = await Assert.ThrowsAsync<LedgerRevertedException>(() => b.Dispatch.CommitAllocationAsync(opening.EventId, Keccak.Hash("b"u8)));
        var lateDecline = await Assert.ThrowsAsync<LedgerRevertedException>(() => b.Dispatch.DeclineDispatchAsync(opening.EventId, DeclineReason.Unavailable, "late"));
        await chain.IncreaseTimeAsync(TimeSpan.FromMinutes(10));
        var lateDelivery = await Assert.ThrowsAsync<LedgerRevertedException>(() => a.Dispatch.ReportDeliveryAsync(opening.EventId, Keccak.Hash("m"u8)));

        Assert.Equal("DispatchLedger_AllocationDeadlinePassed", lateAllocation.ErrorName);
        Assert.Equal("DispatchLedger_AllocationDeadlinePassed", lateDecline.ErrorName);
        Assert.Equal("DispatchLedger_DeliveryDeadlinePassed", lateDelivery.ErrorName);
        Assert.Equal(0, (await coordinator.Dispatch.GetDispatchAsync(opening.EventId)).DeclineCount);
    }
}
