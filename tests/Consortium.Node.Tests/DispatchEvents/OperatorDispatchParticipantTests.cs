using Consortium.Contracts;
using Consortium.Contracts.Ledger;
using Consortium.Dispatch;
using Consortium.Dispatch.Coordination;
using Consortium.Dispatch.Fleets;
using Consortium.Dispatch.Wear;
using Consortium.Network.Dispatch;
using Consortium.Node.DispatchEvents.Participant;

namespace Consortium.Node.Tests.DispatchEvents;

/// <summary>
/// The operator's participant against an in-memory dispatch ledger (no chain): what it declines and how, and that it
/// commits and delivers with its own key under the ledger's rules. The coordinator's calls come over real gRPC on
/// loopback where a dispatch is coordinated.
/// </summary>
public sealed class OperatorDispatchParticipantTests : IDisposable
{
    private const int Steps = FleetGenerator.DaySteps;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly InMemoryDispatchConsortium _consortium = new();

    public void Dispose() => _consortium.Dispose();

    [Fact]
    public async Task AnOperatorWhoseSessionsCannotBeDrawnFromDeclinesInItsSurveyAndOnTheLedgerWhenAskedToJoin()
    {
        var store = _consortium.Store(0);
        store.SaveSessions(RapidOnlySessions.Create(30));
        using var participant = _consortium.SessionParticipant(0, store);

        var offer = await participant.SurveyAsync(Steps, 15, CancellationToken.None);
        Assert.True(offer.Declined);
        Assert.Equal(DeclineReason.NoDispatchableFleet, offer.Decline!.Reason);
        Assert.Contains("30 at DC rapid chargers", offer.Decline.Detail);
        Assert.Empty(offer.UncontrolledKw);
        Assert.Empty(offer.DischargeCapacityKw);

        var (eventId, requestHash) = await _consortium.OpenAsync(Enumerable.Repeat(10.0, Steps).ToArray());
        var joined = await participant.JoinAsync(Terms(eventId, requestHash), CancellationToken.None);

        // The decline is the operator's own transaction on the ledger, with the reason stored and the detail logged.
        Assert.True(joined.Declined);
        Assert.Equal(_consortium.Operators[0], joined.Address);
        var record = await _consortium.Coordinator.GetOperatorDispatchAsync(eventId, _consortium.Operators[0]);
        Assert.Equal(DeclineReason.NoDispatchableFleet, record.DeclineReason);
        var logged = Assert.Single(await _consortium.Coordinator.GetDispatchDeclinedEventsAsync(eventId));
        Assert.Equal((_consortium.Operators[0], offer.Decline.Detail, joined.Decline!.TxHash), (logged.Operator, logged.Detail, logged.TxHash));
        Assert.Equal((long)InMemoryDispatchLedger.DeclineGas, joined.Decline.GasUsed);

        // Asked again, it answers with the same decline rather than declining twice.
        var again = await participant.JoinAsync(Terms(eventId, requestHash), CancellationToken.None);
        Assert.Equal(joined.Decline, again.Decline);
        Assert.Equal(1, (await _consortium.Coordinator.GetDispatchAsync(eventId)).DeclineCount);

        // It takes no further part: nothing to coordinate, commit or deliver.
        var propose = await Assert.ThrowsAsync<InvalidOperationException>(() => participant.ProposeAsync(eventId, 1, new double[Steps], 1, CancellationToken.None));
        Assert.Contains("declined by this node", propose.Message);
        var commit = await Assert.ThrowsAsync<InvalidOperationException>(() => participant.CommitAsync(eventId, CancellationToken.None));
        Assert.Contains("declined by this node", commit.Message);
        var deliver = await Assert.ThrowsAsync<InvalidOperationException>(() => participant.DeliverAsync(eventId, CancellationToken.None));
        Assert.Contains("declined it", deliver.Message);
    }

    [Fact]
    public async Task ANodeRestartedAfterDecliningReadsItsDeclineBackFromTheLedger()
    {
        var (eventId, requestHash) = await _consortium.OpenAsync(Enumerable.Repeat(10.0, Steps).ToArray());
        var store = _consortium.Store(1);
        var outage = DispatchableFleet.None(DeclineReason.Unavailable, "depot maintenance");
        DispatchParticipation first;
        using (var before = _consortium.Participant(1, store, outage))
        {
            first = await before.JoinAsync(Terms(eventId, requestHash), CancellationToken.None);
        }

        using var after = _consortium.Participant(1, store, outage);
        var second = await after.JoinAsync(Terms(eventId, requestHash), CancellationToken.None);

        Assert.Equal(first.Decline!.TxHash, second.Decline!.TxHash);
        Assert.Equal(new DispatchDecline(DeclineReason.Unavailable, "depot maintenance"), second.Decline.Decline);
        Assert.Equal(0, second.Decline.GasUsed);
        Assert.Equal(1, (await _consortium.Coordinator.GetDispatchAsync(eventId)).DeclineCount);
    }

    [Fact]
    public async Task ADeclineForAnEventTheLedgerDoesNotTakeIsRefusedAndLeavesNoTrace()
    {
        using var participant = _consortium.Participant(2, _consortium.Store(2), DispatchableFleet.Of(FleetGenerator.Generate(0, 1)));
        var (eventId, requestHash) = await _consortium.OpenAsync(Enumerable.Repeat(10.0, Steps).ToArray());

        var unknown = await Assert.ThrowsAsync<InvalidOperationException>(() => participant.JoinAsync(Terms(eventId + 5, requestHash), CancellationToken.None));
        Assert.Contains("CoordinatedLedger_UnknownEntry", unknown.Message);
        var otherRequest = await Assert.ThrowsAsync<InvalidOperationException>(() => participant.JoinAsync(Terms(eventId, Keccak.Hash([1, 2, 3])), CancellationToken.None));
        Assert.Contains("opened on chain for request", otherRequest.Message);

        _consortium.Coordinator.Now += TimeSpan.FromHours(1);
        var late = await Assert.ThrowsAsync<InvalidOperationException>(() => participant.JoinAsync(Terms(eventId, requestHash), CancellationToken.None));
        Assert.Contains("DispatchLedger_AllocationDeadlinePassed", late.Message);
        Assert.Equal(0, (await _consortium.Coordinator.GetDispatchAsync(eventId)).DeclineCount);
        Assert.Empty(await _consortium.Coordinator.GetDispatchDeclinedEventsAsync(eventId));
    }

    [Fact]
    public async Task AnOperatorWithAFleetCommitsAndDeliversWithItsOwnKeyOnce()
    {
        var fleet = FleetGenerator.Generate(12, 41);
        var store = _consortium.Store(0);
        await using var served = await _consortium.ServeAsync(_consortium.Participant(0, store, DispatchableFleet.Of(fleet), 41), store);
        using var client = new DispatchParticipantClient(served.Endpoint);
        var target = SmallFleets.EvenWithEveningExport(fleet, 2);
        var (eventId, requestHash) = await _consortium.OpenAsync(target);

        var joined = await client.JoinAsync(Terms(eventId, requestHash), Timeout);
        Assert.False(joined.Declined);
        await DispatchCoordinator.CoordinateAsync(
            [new RemoteFleetOperator(joined.Name, client, eventId, Steps, Timeout)], target, DispatchCosts.Default, null, null, CancellationToken.None);

        var commit = await client.CommitAsync(eventId, Timeout);
        Assert.Equal(commit, await client.CommitAsync(eventId, Timeout));
        var delivery = await client.DeliverAsync(eventId, requestHash, Steps, Timeout);
        Assert.Equal(delivery.TxHash, (await client.DeliverAsync(eventId, requestHash, Steps, Timeout)).TxHash);

        var record = await _consortium.Coordinator.GetOperatorDispatchAsync(eventId, _consortium.Operators[0]);
        Assert.Equal((commit.AllocationHash, delivery.DeliveryHash, DeclineReason.None), (record.AllocationHash, record.DeliveryHash, record.DeclineReason));
        var state = await _consortium.Coordinator.GetDispatchAsync(eventId);
        Assert.Equal((1, 1, 0), (state.AllocationCount, state.DeliveryCount, state.DeclineCount));

        // Having committed, it can no longer decline: the ledger takes one answer per operator.
        var twice = await Assert.ThrowsAsync<LedgerRevertedException>(() => _consortium.OperatorLedger(0).DeclineDispatchAsync(eventId, DeclineReason.Other, "changed my mind"));
        Assert.Equal("DispatchLedger_AlreadyCommitted", twice.ErrorName);
    }

    [Fact]
    public async Task ACommitAfterTheAllocationDeadlineIsRefusedAndKeptForNothing()
    {
        var fleet = FleetGenerator.Generate(10, 42);
        var store = _consortium.Store(3);
        await using var served = await _consortium.ServeAsync(_consortium.Participant(3, store, DispatchableFleet.Of(fleet), 42), store);
        using var client = new DispatchParticipantClient(served.Endpoint);
        var target = SmallFleets.EvenWithEveningExport(fleet, 1);
        var (eventId, requestHash) = await _consortium.OpenAsync(target);
        var joined = await client.JoinAsync(Terms(eventId, requestHash), Timeout);
        await DispatchCoordinator.CoordinateAsync(
            [new RemoteFleetOperator(joined.Name, client, eventId, Steps, Timeout)], target, DispatchCosts.Default, null, null, CancellationToken.None);

        _consortium.Coordinator.Now += TimeSpan.FromMinutes(31);
        var late = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => client.CommitAsync(eventId, Timeout));

        Assert.Equal(Grpc.Core.StatusCode.FailedPrecondition, late.StatusCode);
        Assert.Contains("DispatchLedger_AllocationDeadlinePassed", late.Status.Detail);
        Assert.Equal(Hash32.Zero, (await _consortium.Coordinator.GetOperatorDispatchAsync(eventId, _consortium.Operators[3])).AllocationHash);
    }

    [Fact]
    public async Task AnEventOpenedUnderPublishedWearPricesIsJoinedOnlyAtThosePrices()
    {
        // Wear prices published from a finalized battery round before the event opens: the event records that round.
        _consortium.Coordinator.FinalizeRound(5, FederatedTask.BatteryHealth, new Hash32(Enumerable.Repeat((byte)7, 32).ToArray()));
        var units = new Dictionary<string, long> { ["LFP"] = 90_000_000_000_000_000, ["NCA"] = 360_000_000_000_000_000, ["NCM"] = 180_000_000_000_000_000, ["NCM+NCA"] = 150_000_000_000_000_000 };
        await _consortium.Coordinator.PublishWearPricesAsync(5, [.. units.Select(u => new WearPrice(u.Key, u.Value))], default);
        var fleet = FleetGenerator.Generate(12, 41);
        var store = _consortium.Store(0);
        using var participant = _consortium.Participant(0, store, DispatchableFleet.Of(fleet), 41);
        var (eventId, requestHash) = await _consortium.OpenAsync(SmallFleets.EvenWithEveningExport(fleet, 2));
        Assert.Equal(5ul, (await _consortium.Coordinator.GetDispatchAsync(eventId)).WearRound);
        var published = WearPriceBook.FromPrices(units.Select(u => KeyValuePair.Create(WearPriceBook.ParseChemistry(u.Key), u.Value / 1e18)));
        var doubled = WearPriceBook.FromPrices(units.Select(u => KeyValuePair.Create(WearPriceBook.ParseChemistry(u.Key), 2 * u.Value / 1e18)));

        var none = await Assert.ThrowsAsync<InvalidOperationException>(() => participant.JoinAsync(Terms(eventId, requestHash), CancellationToken.None));
        var inflated = await Assert.ThrowsAsync<InvalidOperationException>(() => participant.JoinAsync(Terms(eventId, requestHash) with { WearPrices = doubled }, CancellationToken.None));
        var joined = await participant.JoinAsync(Terms(eventId, requestHash) with { WearPrices = published }, CancellationToken.None);

        Assert.Contains("the terms carry none", none.Message, StringComparison.Ordinal);
        Assert.Contains("round 5's prices on chain say 0.09", inflated.Message, StringComparison.Ordinal);
        Assert.False(joined.Declined);
    }

    private static DispatchTerms Terms(ulong eventId, Hash32 requestHash) => TestRequests.Terms(eventId, requestHash, Steps);
}
