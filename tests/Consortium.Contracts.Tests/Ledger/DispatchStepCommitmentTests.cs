using Consortium.Contracts.Ledger;
using static Consortium.Contracts.Tests.LedgerScenario;

namespace Consortium.Contracts.Tests.Ledger;

/// <summary>
/// Intraday, an operator logs each step's setpoint hash on chain as it sets the step: only an active operator, only while
/// the event takes allocations; the logs in chain order are the record an auditor chains.
/// </summary>
[Collection(AnvilCollection.Name)]
public sealed class DispatchStepCommitmentTests(AnvilFixture anvil)
{
    [Fact]
    public async Task StepLogsChainInOrderAndOnlyAnOperatorOfAnEventTakingAllocationsLogsThem()
    {
        var (coordinator, operators) = await anvil.DeployWithMembersAsync(2);
        var (intraday, other) = (operators[0], operators[1]);
        var opening = await coordinator.Dispatch.OpenDispatchAsync(Keccak.Hash("intraday"u8), InAnHour, InTwoHours);
        var eventId = opening.EventId;
        static Hash32 StepHash(int step) => Keccak.Hash([(byte)step, 1, 2, 3]);

        var expected = StepCommitments.None;
        var sent = new List<LedgerTransaction>();
        for (var step = 0; step < 3; step++)
        {
            sent.Add(await intraday.Dispatch.CommitStepAsync(eventId, step, StepHash(step)));
            expected = expected.Then(StepHash(step));
        }

        await other.Dispatch.CommitStepAsync(eventId, 0, StepHash(9));

        var logs = await coordinator.Dispatch.GetStepCommittedEventsAsync(eventId, AddressOf(intraday));
        Assert.Equal([0, 1, 2], logs.Select(l => l.Step));
        Assert.Equal(sent.Select(t => (t.TxHash, t.BlockNumber)), logs.Select(l => (l.TxHash, l.BlockNumber)));

        // Anyone can read what each log cost from its receipt; a hash the chain never mined is refused by name.
        foreach (var transaction in sent)
        {
            Assert.Equal(transaction.GasUsed, await coordinator.Dispatch.GetGasUsedAsync(transaction.TxHash));
        }

        var unknown = await Assert.ThrowsAsync<LedgerException>(() => coordinator.Dispatch.GetGasUsedAsync(StepHash(42)));
        Assert.Contains(StepHash(42).ToString(), unknown.Message, StringComparison.Ordinal);
        Assert.Equal(expected, StepCommitments.Of(logs));
        Assert.Equal(4, (await coordinator.Dispatch.GetStepCommittedEventsAsync(eventId)).Count);
        Assert.Equal(StepCommitments.None.Then(StepHash(9)), StepCommitments.Of(await coordinator.Dispatch.GetStepCommittedEventsAsync(eventId, AddressOf(other))));

        // A step out of order is logged as sent; the chain of the logs names it.
        var skipped = await intraday.Dispatch.CommitStepAsync(eventId, 5, StepHash(5));
        var error = Assert.Throws<InvalidDataException>(() => StepCommitments.Of(coordinator.Dispatch.GetStepCommittedEventsAsync(eventId, AddressOf(intraday)).GetAwaiter().GetResult()));
        Assert.Contains($"committed step 5 of event {eventId} in {skipped.TxHash} where step 3 was next", error.Message, StringComparison.Ordinal);

        // Only an active operator, only while the event is open.
        var outsider = (await anvil.CreateAccountsAsync(coordinator.Addresses, 1))[0];
        async Task<string> RefusalAsync(Func<Task> send) => (await Assert.ThrowsAsync<LedgerRevertedException>(send)).Signature;
        Assert.Equal($"DispatchLedger_NotOperator({outsider.Account})", await RefusalAsync(() => outsider.Dispatch.CommitStepAsync(eventId, 0, StepHash(0))));
        Assert.Equal("CoordinatedLedger_UnknownEntry(9)", await RefusalAsync(() => intraday.Dispatch.CommitStepAsync(9, 0, StepHash(0))));
        await intraday.Dispatch.CommitAllocationAsync(eventId, Keccak.Hash("allocation"u8));
        await intraday.Dispatch.ReportDeliveryAsync(eventId, Keccak.Hash("metered"u8));
        await coordinator.Dispatch.SettleDispatchAsync(eventId, [new DispatchSettlement(AddressOf(intraday), 1)]);
        Assert.Equal($"CoordinatedLedger_EntryClosed({eventId})", await RefusalAsync(() => intraday.Dispatch.CommitStepAsync(eventId, 6, StepHash(6))));
    }
}
