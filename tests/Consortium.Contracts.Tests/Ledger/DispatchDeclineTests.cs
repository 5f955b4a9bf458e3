using System.Numerics;
using Consortium.Contracts.Bindings;
using Consortium.Contracts.Ledger;
using static Consortium.Contracts.Tests.LedgerScenario;

namespace Consortium.Contracts.Tests.Ledger;

/// <summary>An operator sits a dispatch event out on chain: once, with a reason, before committing and by the allocation deadline.</summary>
[Collection(AnvilCollection.Name)]
public sealed class DispatchDeclineTests(AnvilFixture anvil)
{
    private static readonly Hash32 Request = Keccak.Hash("discharge 40 kW 17:00-18:00"u8);

    [Fact]
    public async Task AnOperatorDeclinesWithAReasonAndTheOthersAreSettledWithoutIt()
    {
        var (coordinator, operators) = await anvil.DeployWithMembersAsync(2);
        var (decliner, taker) = (operators[0], operators[1]);
        var opening = await coordinator.Dispatch.OpenDispatchAsync(Request, InAnHour, InTwoHours);

        var decline = await decliner.Dispatch.DeclineDispatchAsync(opening.EventId, DeclineReason.NoDispatchableFleet, "all 12 vehicles below 20 % state of charge");
        await taker.Dispatch.CommitAllocationAsync(opening.EventId, Keccak.Hash("allocation"u8));
        await taker.Dispatch.ReportDeliveryAsync(opening.EventId, Keccak.Hash("metered"u8));
        await coordinator.Dispatch.SettleDispatchAsync(opening.EventId, [new DispatchSettlement(AddressOf(taker), TokenAmount.FromTokens(2m))]);

        var record = await coordinator.Dispatch.GetOperatorDispatchAsync(opening.EventId, AddressOf(decliner));
        Assert.Equal((DeclineReason.NoDispatchableFleet, true), (record.DeclineReason, record.Declined));
        Assert.True(record.AllocationHash.IsZero);
        Assert.False(record.Settled);
        Assert.False((await coordinator.Dispatch.GetOperatorDispatchAsync(opening.EventId, AddressOf(taker))).Declined);
        var state = await coordinator.Dispatch.GetDispatchAsync(opening.EventId);
        Assert.Equal((1, 1, 1, DispatchStatus.Settled), (state.AllocationCount, state.DeliveryCount, state.DeclineCount, state.Status));
        var declined = Assert.Single(await coordinator.Dispatch.GetDispatchDeclinedEventsAsync(opening.EventId));
        Assert.Equal(
            (opening.EventId, AddressOf(decliner), DeclineReason.NoDispatchableFleet, "all 12 vehicles below 20 % state of charge", decline.TxHash, decline.BlockNumber),
            (declined.EventId, declined.Operator, declined.Reason, declined.Detail, declined.TxHash, declined.BlockNumber));
        Assert.Equal(BigInteger.Zero, await coordinator.Token.BalanceOfAsync(AddressOf(decliner)));
    }

    [Fact]
    public async Task AuditorsReadTheDeclinesOfOneEventOrOneOperator()
    {
        var (coordinator, operators) = await anvil.DeployWithMembersAsync(2);
        var first = await coordinator.Dispatch.OpenDispatchAsync(Request, InAnHour, InTwoHours);
        var second = await coordinator.Dispatch.OpenDispatchAsync(Keccak.Hash("charge 20 kW"u8), InAnHour, InTwoHours);
        await operators[0].Dispatch.DeclineDispatchAsync(first.EventId, DeclineReason.Unavailable, "depot maintenance");
        await operators[1].Dispatch.DeclineDispatchAsync(first.EventId, DeclineReason.Other, string.Empty);
        await operators[0].Dispatch.DeclineDispatchAsync(second.EventId, DeclineReason.Other, "contract renegotiation");

        var ofFirst = await coordinator.Dispatch.GetDispatchDeclinedEventsAsync(first.EventId);
        var ofOperator = await coordinator.Dispatch.GetDispatchDeclinedEventsAsync(@operator: AddressOf(operators[0]));
        var ofBoth = await coordinator.Dispatch.GetDispatchDeclinedEventsAsync(second.EventId, AddressOf(operators[0]));

        Assert.Equal([AddressOf(operators[0]), AddressOf(operators[1])], ofFirst.Select(e => e.Operator));
        Assert.Equal([DeclineReason.Unavailable, DeclineReason.Other], ofFirst.Select(e => e.Reason));
        Assert.Equal([first.EventId, second.EventId], ofOperator.Select(e => e.EventId));
        Assert.Equal("contract renegotiation", Assert.Single(ofBoth).Detail);
        Assert.Equal(2, (await coordinator.Dispatch.GetDispatchAsync(first.EventId)).DeclineCount);
    }

    [Fact]
    public async Task OnlyActiveOperatorsDeclineAndOnlyOpenEventsTheyHaveNotAnswered()
    {
        var (coordinator, operators) = await anvil.DeployWithMembersAsync(3);
        var outsider = (await anvil.CreateAccountsAsync(coordinator.Addresses, 1))[0];
        var (committer, decliner, leaver) = (operators[0], operators[1], operators[2]);
        var opening = await coordinator.Dispatch.OpenDispatchAsync(Request, InAnHour, InTwoHours);
        await committer.Dispatch.CommitAllocationAsync(opening.EventId, Keccak.Hash("allocation"u8));
        await committer.Dispatch.ReportDeliveryAsync(opening.EventId, Keccak.Hash("metered"u8));
        await decliner.Dispatch.DeclineDispatchAsync(opening.EventId, DeclineReason.Unavailable, "outage");
        await leaver.Registry.AnnounceExitAsync();

        async Task<string> RefusalAsync(Func<Task> send) => (await Assert.ThrowsAsync<LedgerRevertedException>(send)).Signature;
        Task Decline(ConsortiumLedger who, ulong eventId) => who.Dispatch.DeclineDispatchAsync(eventId, DeclineReason.Other, "x");

        Assert.Equal($"DispatchLedger_NotOperator({outsider.Account})", await RefusalAsync(() => Decline(outsider, opening.EventId)));
        Assert.Equal($"DispatchLedger_NotOperator({coordinator.Account})", await RefusalAsync(() => Decline(coordinator, opening.EventId)));
        Assert.Equal($"DispatchLedger_NotOperator({leaver.Account})", await RefusalAsync(() => Decline(leaver, opening.EventId)));
        Assert.Equal("CoordinatedLedger_UnknownEntry(9)", await RefusalAsync(() => Decline(decliner, 9)));
        Assert.Equal($"DispatchLedger_AlreadyCommitted({opening.EventId}, {committer.Account})", await RefusalAsync(() => Decline(committer, opening.EventId)));
        Assert.Equal($"DispatchLedger_Declined({opening.EventId}, {decliner.Account})", await RefusalAsync(() => Decline(decliner, opening.EventId)));
        Assert.Equal(
            $"DispatchLedger_Declined({opening.EventId}, {decliner.Account})",
            await RefusalAsync(() => decliner.Dispatch.CommitAllocationAsync(opening.EventId, Keccak.Hash("changed my mind"u8))));
        Assert.Equal(
            $"DispatchLedger_NotCommitted({opening.EventId}, {decliner.Account})",
            await RefusalAsync(() => decliner.Dispatch.ReportDeliveryAsync(opening.EventId, Keccak.Hash("metered"u8))));
        Assert.Equal(
            $"DispatchLedger_Declined({opening.EventId}, {decliner.Account})",
            await RefusalAsync(() => coordinator.Dispatch.SettleDispatchAsync(opening.EventId, [new DispatchSettlement(AddressOf(decliner), 1)])));

        await coordinator.Dispatch.SettleDispatchAsync(opening.EventId, [new DispatchSettlement(AddressOf(committer), 1)]);
        Assert.Equal($"CoordinatedLedger_EntryClosed({opening.EventId})", await RefusalAsync(() => Decline(committer, opening.EventId)));
        Assert.Equal(1, (await coordinator.Dispatch.GetDispatchAsync(opening.EventId)).DeclineCount);
    }

    [Fact]
    public async Task ADeclineWithoutAReasonIsRefusedByTheClientAndByTheLedger()
    {
        var (coordinator, operators) = await anvil.DeployWithMembersAsync(1);
        var opening = await coordinator.Dispatch.OpenDispatchAsync(Request, InAnHour, InTwoHours);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => operators[0].Dispatch.DeclineDispatchAsync(opening.EventId, DeclineReason.None, "x"));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => operators[0].Dispatch.DeclineDispatchAsync(opening.EventId, (DeclineReason)7, "x"));
        var none = await Assert.ThrowsAsync<LedgerRevertedException>(() => operators[0].Connection.SendAsync(
            coordinator.Addresses.Dispatch, new DeclineDispatchFunction { EventId = opening.EventId, Reason = 0, Detail = "x" }, CancellationToken.None));
        var undefined = await Assert.ThrowsAsync<LedgerRevertedException>(() => operators[0].Connection.SendAsync(
            coordinator.Addresses.Dispatch, new DeclineDispatchFunction { EventId = opening.EventId, Reason = 7, Detail = "x" }, CancellationToken.None));

        Assert.Equal("DispatchLedger_NoDeclineReason()", none.Signature);
        Assert.Equal("Reverted", undefined.ErrorName);
        Assert.Equal(0, (await coordinator.Dispatch.GetDispatchAsync(opening.EventId)).DeclineCount);
        Assert.False((await coordinator.Dispatch.GetOperatorDispatchAsync(opening.EventId, AddressOf(operators[0]))).Declined);
    }
}
