using Consortium.Dispatch;
using System.Globalization;
using System.Text.Json;
using Consortium.Contracts.Ledger;
using Consortium.Dispatch.Coordination;
using Consortium.Dispatch.DayAhead;
using Consortium.Dispatch.Fleets;
using Consortium.Dispatch.Online;
using Consortium.Network.Dispatch;
using Consortium.Node.Demo;
using Consortium.Node.DispatchEvents.Participant;
using Consortium.Node.DispatchEvents.Runner;
using Consortium.Node.Reporting;

namespace Consortium.Node.Tests.DispatchEvents;

/// <summary>
/// The coordinator's run of a dispatch event over operators served by real gRPC on loopback, on an in-memory dispatch
/// ledger (no chain): who takes part, who sits the event out and how that ends up on the ledger and in the report.
/// </summary>
public sealed class DispatchEventRunnerTests : IAsyncLifetime
{
    private DispatchEventOptions Options => _consortium.RunnerOptions();
    private readonly InMemoryDispatchConsortium _consortium = new();
    private readonly List<ServedOperator> _served = [];
    private readonly List<DispatchParticipantClient> _clients = [];
    private readonly List<IAsyncDisposable> _servers = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        foreach (var served in _served)
        {
            await served.DisposeAsync();
        }

        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }

        _consortium.Dispose();
    }

    [Fact]
    public async Task AnOperatorWithoutAFleetSitsTheEventOutAndOnlyTheOthersAreSettled()
    {
        var first = await ServeAsync(0, FleetGenerator.Generate(30, 51), 51);
        var decliner = await ServeSessionsAsync(1, RapidOnlySessions.Create(25));
        var second = await ServeAsync(2, FleetGenerator.Generate(24, 52), 52);
        var log = new StringWriter();

        var outcome = await new DispatchEventRunner(_consortium.Coordinator, Options, log).RunAsync([first, decliner, second], CancellationToken.None);

        Assert.Equal(3, outcome.OperatorsAsked);
        Assert.Equal([_consortium.Operators[0], _consortium.Operators[2]], outcome.Participants.Select(p => p.Address));
        var declined = Assert.Single(outcome.Declines);
        Assert.Equal(("operator-2", _consortium.Operators[1], DeclineReason.NoDispatchableFleet, true), (declined.Name, declined.Address, declined.Reason, declined.AtSurvey));
        Assert.Contains("25 at DC rapid chargers", declined.Detail);

        // The exact stage ran over gRPC and its proved bounds are in the outcome and the log.
        var exact = Assert.IsType<PriceOutcome>(outcome.Pricing);
        Assert.True(exact.Iterations > 0 && exact.LowerBound <= exact.UpperBound + (1e-9 * Math.Max(1, Math.Abs(exact.UpperBound))), $"{exact.Iterations} prices, bounds [{exact.LowerBound}, {exact.UpperBound}]");
        Assert.Contains($"exact stage: {exact.Iterations} prices", log.ToString());

        // On the ledger: settled, two allocations and one decline, the decliner neither settled nor paid.
        var ledger = _consortium.Coordinator;
        var state = await ledger.GetDispatchAsync(outcome.EventId);
        Assert.Equal((DispatchStatus.Settled, 2, 2, 1), (state.Status, state.AllocationCount, state.DeliveryCount, state.DeclineCount));
        Assert.Equal(outcome.RequestHash, state.RequestHash);
        var logged = Assert.Single(await ledger.GetDispatchDeclinedEventsAsync(outcome.EventId));
        Assert.Equal((declined.Address, declined.TxHash, declined.Detail), (logged.Operator, logged.TxHash, logged.Detail));
        var record = await ledger.GetOperatorDispatchAsync(outcome.EventId, _consortium.Operators[1]);
        Assert.True(record.Declined);
        Assert.False(record.Settled);
        Assert.Equal(0, ledger.BalanceOf(_consortium.Operators[1]));
        Assert.Equal(InMemoryDispatchConsortium.Stake, ledger.StakeOf(_consortium.Operators[1]));
        foreach (var participant in outcome.Participants)
        {
            var settled = await ledger.GetOperatorDispatchAsync(outcome.EventId, participant.Address);
            Assert.True(settled.Settled);
            Assert.Equal(participant.Settlement.AmountWei, settled.Settlement);
            Assert.Equal(outcome.Rule.Settle(participant.AllocatedKw, participant.Delivery.MeteredKwh), participant.Settlement);
            Assert.Equal((participant.Commitment.AllocationHash, participant.Delivery.DeliveryHash), (settled.AllocationHash, settled.DeliveryHash));
        }

        Assert.Equal(state.TotalRewards, outcome.TotalRewardsWei);
        Assert.True(double.IsFinite(outcome.TrackingError));
        Assert.Contains("operator-2       declined event", log.ToString());

        // The report keeps every existing field for the participants and lists the decline, with its transaction.
        var section = DispatchReporter.ToSection(outcome);
        Assert.Equal((2, 3), (section.OperatorCount, section.OperatorsAsked));
        Assert.Equal(["operator-1", "operator-3"], section.PerOperator.Select(o => o.Name));
        var json = JsonDocument.Parse(JsonSerializer.Serialize(section, ReportJson.Options)).RootElement;
        Assert.Equal(2, json.GetProperty("operators").GetInt32());
        Assert.Equal(2, json.GetProperty("perOperator").GetArrayLength());
        var entry = Assert.Single(json.GetProperty("declined").EnumerateArray());
        Assert.Equal("operator-2", entry.GetProperty("name").GetString());
        Assert.Equal(_consortium.Operators[1].ToString(), entry.GetProperty("address").GetString());
        Assert.Equal("NoDispatchableFleet", entry.GetProperty("reason").GetString());
        Assert.Equal(declined.Detail, entry.GetProperty("detail").GetString());
        Assert.Equal(logged.TxHash.ToString(), entry.GetProperty("declineTxHash").GetString());
        Assert.Equal((long)InMemoryDispatchLedger.DeclineGas, entry.GetProperty("declineGasUsed").GetInt64());
        Assert.True(entry.GetProperty("atSurvey").GetBoolean());
        Assert.Equal(state.TotalRewards.ToString(CultureInfo.InvariantCulture), json.GetProperty("totalRewardsWei").GetString());
        Assert.True(json.GetProperty("settleGasUsed").GetInt64() > 0);
    }

    [Fact]
    public async Task AnOperatorThatDeclinesChangesNothingForTheOthers()
    {
        var fleets = new[] { FleetGenerator.Generate(20, 61), FleetGenerator.Generate(16, 62) };
        var alone = new[] { await ServeAsync(0, fleets[0], 61), await ServeAsync(1, fleets[1], 62) };
        var without = await new DispatchEventRunner(_consortium.Coordinator, Options, TextWriter.Null).RunAsync(alone, CancellationToken.None);

        var decliner = await ServeAsync(2, FleetGenerator.Generate(0, 63), 63);
        var with = await new DispatchEventRunner(_consortium.Coordinator, Options, TextWriter.Null).RunAsync([alone[0], decliner, alone[1]], CancellationToken.None);

        // The same fleets, the same target, the same allocations: the dispatch is deterministic and the decliner out of it.
        Assert.Equal(without.TargetKw, with.TargetKw);
        Assert.Equal(without.Iterations, with.Iterations);
        Assert.Equal(without.AggregateKw, with.AggregateKw);
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(without.Participants[i].AllocatedKw, with.Participants[i].AllocatedKw);
        }

        Assert.Equal(DeclineReason.NoDispatchableFleet, Assert.Single(with.Declines).Reason);
    }

    [Fact]
    public async Task AStepLogLostOnTheWayToTheChainIsSentAgainAndOneThatLandedIsNotSentTwice()
    {
        var operators = new[] { await ServeAsync(0, FleetGenerator.Generate(24, 81), 81), await ServeAsync(1, FleetGenerator.Generate(18, 82), 82) };
        var ledger = _consortium.Coordinator;
        ledger.FailStepLog(_consortium.Operators[0], 5, landed: false);
        ledger.FailStepLog(_consortium.Operators[1], 9, landed: true);
        ledger.FailStepLog(_consortium.Operators[0], 9, landed: true);
        ledger.FailStepLog(_consortium.Operators[1], 9 + 1, landed: false);
        var log = new StringWriter();

        var outcome = await new DispatchEventRunner(
            ledger,
            Options with { Intraday = new OnlineOptions(), StepRecoveryPause = TimeSpan.FromMilliseconds(20) },
            log).RunAsync(operators, CancellationToken.None);

        // Each failure came back to the coordinator as unavailable and the step was taken up again: the operator that had
        // committed it locally logged it once (again where it never landed), and no step was set twice.
        Assert.Contains("step 5: Unavailable", log.ToString(), StringComparison.Ordinal);
        Assert.Contains("step 9: Unavailable", log.ToString(), StringComparison.Ordinal);
        Assert.Contains("step 10: Unavailable", log.ToString(), StringComparison.Ordinal);
        foreach (var address in _consortium.Operators.Take(2))
        {
            var logs = await ledger.GetStepCommittedEventsAsync(outcome.EventId, address);
            Assert.Equal(Enumerable.Range(0, outcome.Steps), logs.Select(l => l.Step));
        }

        Assert.Equal((DispatchStatus.Settled, 2), ((await ledger.GetDispatchAsync(outcome.EventId)).Status, (await ledger.GetDispatchAsync(outcome.EventId)).AllocationCount));
        foreach (var participant in outcome.Participants)
        {
            Assert.Equal(0, participant.Realization.SocFloorViolations);
            for (var t = 0; t < outcome.Steps; t++)
            {
                Assert.Equal(participant.AllocatedKw[t], participant.Realization.RealizedKw[t], 2);
            }
        }
    }

    [Fact]
    public async Task AnEventDispatchedIntradayCommitsEveryStepOverGrpcAndIsSettledAgainstItsDelivery()
    {
        var operators = new[] { await ServeAsync(0, FleetGenerator.Generate(24, 81), 81), await ServeAsync(1, FleetGenerator.Generate(18, 82), 82) };
        var log = new StringWriter();

        var outcome = await new DispatchEventRunner(_consortium.Coordinator, Options with { Intraday = new OnlineOptions() }, log).RunAsync(operators, CancellationToken.None);

        // Every step was begun, priced over the steps left and committed by both operators over gRPC; the allocations are
        // the steps as committed, and what each operator reports of its setpoints adds up to them (the runner checks).
        var day = Assert.IsType<IntradayOutcome>(outcome.Intraday);
        Assert.Equal(outcome.Steps, day.Steps);
        Assert.Null(outcome.Pricing);
        Assert.InRange(day.MaxPluggedIn, 1, 42);
        Assert.Contains("dispatched 2 operators intraday over gRPC", log.ToString());

        // Each operator's step logs cost what their receipts say: one transaction per step.
        Assert.Equal(Enumerable.Repeat(InMemoryDispatchLedger.StepGas * (ulong)outcome.Steps, 2), day.StepLogGasUsed);
        var summed = new double[outcome.Steps];
        foreach (var participant in outcome.Participants)
        {
            Assert.Equal(0, participant.Realization.SocFloorViolations);
            for (var t = 0; t < summed.Length; t++)
            {
                summed[t] += participant.AllocatedKw[t];
                Assert.Equal(participant.AllocatedKw[t], participant.Realization.RealizedKw[t], 2);
            }
        }

        Assert.Equal(outcome.AggregateKw, summed, (a, b) => Math.Abs(a - b) < 1e-6);
        var uncontrolled = DispatchEventRunner.Tracking(outcome.UncontrolledKw, outcome.TargetKw).Error;
        Assert.True(outcome.TrackingError < uncontrolled, $"intraday tracking error {outcome.TrackingError:P2} against {uncontrolled:P2} uncontrolled");

        // Committed, delivered and settled on the ledger against the metered delivery, as an event cleared in advance is.
        var ledger = _consortium.Coordinator;
        var state = await ledger.GetDispatchAsync(outcome.EventId);
        Assert.Equal((DispatchStatus.Settled, 2, 2), (state.Status, state.AllocationCount, state.DeliveryCount));
        foreach (var participant in outcome.Participants)
        {
            Assert.Equal(outcome.Rule.Settle(participant.AllocatedKw, participant.Delivery.MeteredKwh), participant.Settlement);
            Assert.Equal(participant.Commitment.AllocationHash, (await ledger.GetOperatorDispatchAsync(outcome.EventId, participant.Address)).AllocationHash);
            Assert.Equal(outcome.Steps, StepCommitments.Of(await ledger.GetStepCommittedEventsAsync(outcome.EventId, participant.Address)).Steps);
        }

        // Each operator's store opens the chain of step hashes on the ledger with the salt and setpoints it keeps.
        foreach (var (participant, served) in outcome.Participants.Zip(_served))
        {
            var kept = served.Store.GetDispatchEvent((long)outcome.EventId)!;
            var setpoints = served.Store.GetDispatchSetpoints((long)outcome.EventId)!;
            var chain = AllocationDigest.StepChain(kept.Salt, outcome.EventId, outcome.RequestHash, setpoints, kept.HorizonSteps, kept.VehicleCount);
            Assert.Equal(StepCommitments.Of(await ledger.GetStepCommittedEventsAsync(outcome.EventId, participant.Address)), chain);
        }

        // The day is over on the nodes: no step of it can be begun again.
        var again = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => operators[0].BeginStepAsync(outcome.EventId, 0, TimeSpan.FromSeconds(10)));
        Assert.Contains("not joined", again.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARequestBeyondTheOperatorsDayAheadOfferIsRefusedBeforeAnEventOpens()
    {
        var operators = new[] { await ServeAsync(0, FleetGenerator.Generate(60, 71), 71), await ServeAsync(1, FleetGenerator.Generate(40, 72), 72) };

        // Far more in the evening than the fleets can draw on nine days in ten.
        var greedy = Enumerable.Repeat(0.0, FleetGenerator.DaySteps).Select((_, t) => t is >= 68 and < 84 ? 100_000.0 : 20.0).ToArray();
        var request = TestRequests.Sign(_consortium.Coordinator.Domain, greedy);
        var log = new StringWriter();
        var error = await Assert.ThrowsAsync<FlexibilityOfferException>(
            () => new DispatchEventRunner(_consortium.Coordinator, Options with { Request = request }, log).RunAsync(operators, CancellationToken.None));

        Assert.Contains("outside the offer at 90 %", error.Message, StringComparison.Ordinal);
        Assert.Contains(error.Check.Shortfalls, s => s.Step == 68 && s.Bound == OfferBound.ChargePower);
        Assert.Contains("day-ahead offer of 2 operators over 10 days each", log.ToString(), StringComparison.Ordinal);
        Assert.Equal(0UL, await _consortium.Coordinator.GetLatestDispatchIdAsync());

        // Without the check the same request opens, and the outcome still carries the check.
        var outcome = await new DispatchEventRunner(_consortium.Coordinator, Options with { Request = request, OfferConfidence = null }, TextWriter.Null).RunAsync(operators, CancellationToken.None);
        Assert.False(outcome.OfferCheck!.Within);
        Assert.Equal(10, outcome.Offer!.Days);
    }

    [Fact]
    public async Task TheGridPartysRequestIsFittedIntoTheOfferAndTheOutcomeCarriesBoth()
    {
        var operators = new[] { await ServeAsync(0, FleetGenerator.Generate(80, 81), 81), await ServeAsync(1, FleetGenerator.Generate(50, 82), 82) };

        var outcome = await new DispatchEventRunner(_consortium.Coordinator, Options, TextWriter.Null).RunAsync(operators, CancellationToken.None);

        Assert.True(outcome.OfferCheck!.Within, outcome.OfferCheck.Describe());
        Assert.Equal(outcome.Offer!.Check(outcome.TargetKw).PowerMarginKw, outcome.OfferCheck.PowerMarginKw, 6);
        Assert.Equal([0.1, 0.5, 0.9], outcome.Offer.Bands.Select(b => b.Quantile));
    }

    [Fact]
    public async Task WhenEveryOperatorDeclinesNoEventIsOpened()
    {
        var operators = new[] { await ServeAsync(0, FleetGenerator.Generate(0, 1), 1), await ServeSessionsAsync(1, RapidOnlySessions.Create(5)) };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => new DispatchEventRunner(_consortium.Coordinator, Options, TextWriter.Null).RunAsync(operators, CancellationToken.None));

        Assert.Contains("All 2 operators declined", error.Message);
        Assert.Equal(0UL, await _consortium.Coordinator.GetLatestDispatchIdAsync());
    }

    [Fact]
    public async Task ADeclineTheLedgerDoesNotHoldOrASurveyedDeclineThatJoinsIsRefused()
    {
        var honest = await ServeAsync(0, FleetGenerator.Generate(12, 71), 71);
        var claimsOnly = await ServeAsync(new UnrecordedDecliner(_consortium.Operators[1], joins: false));
        var turnsUp = await ServeAsync(new UnrecordedDecliner(_consortium.Operators[2], joins: true));
        var runner = new DispatchEventRunner(_consortium.Coordinator, Options, TextWriter.Null);

        var unrecorded = await Assert.ThrowsAsync<InvalidDataException>(() => runner.RunAsync([honest, claimsOnly], CancellationToken.None));
        Assert.Contains("the ledger holds None", unrecorded.Message);
        var joined = await Assert.ThrowsAsync<InvalidDataException>(() => runner.RunAsync([honest, turnsUp], CancellationToken.None));
        Assert.Contains("declined in its survey", joined.Message);
    }

    private async Task<DispatchParticipantClient> ServeAsync(int index, Fleet fleet, int seed)
    {
        var store = _consortium.Store(index);
        return await ServeAsync(_consortium.Participant(index, store, DispatchableFleet.Of(fleet), seed), store);
    }

    private async Task<DispatchParticipantClient> ServeSessionsAsync(int index, IReadOnlyList<Data.Sessions.ChargingSession> sessions)
    {
        var store = _consortium.Store(index);
        store.SaveSessions(sessions);
        return await ServeAsync(_consortium.SessionParticipant(index, store), store);
    }

    private async Task<DispatchParticipantClient> ServeAsync(OperatorDispatchParticipant participant, Store.NodeStore store)
    {
        var served = await _consortium.ServeAsync(participant, store);
        _served.Add(served);
        var client = new DispatchParticipantClient(served.Endpoint);
        _clients.Add(client);
        return client;
    }

    private async Task<DispatchParticipantClient> ServeAsync(IDispatchParticipantHandler handler)
    {
        var server = await Network.LoopbackMemberServer.StartAsync(handler);
        _servers.Add(server);
        var client = new DispatchParticipantClient(server.Endpoint);
        _clients.Add(client);
        return client;
    }

    /// <summary>
    /// An operator that surveys as declining, then either claims a decline it never sent to the ledger or joins after all.
    /// </summary>
    private sealed class UnrecordedDecliner(ChainAddress address, bool joins) : IDispatchParticipantHandler
    {
        private const string Name = "unrecorded";

        public Task<FleetOffer> SurveyAsync(int horizonSteps, double stepMinutes, CancellationToken cancellationToken) =>
            Task.FromResult(FleetOffer.Declining(Name, address, DispatchDecline.Of(DeclineReason.Other, "trust me")));

        public Task<DispatchParticipation> JoinAsync(DispatchTerms terms, CancellationToken cancellationToken) =>
            Task.FromResult(joins
                ? new DispatchParticipation(Name, address)
                : new DispatchParticipation(Name, address, new RecordedDecline(DispatchDecline.Of(DeclineReason.Other, "trust me"), Keccak.Hash([9]), 1)));

        public Task<double[]> ProposeAsync(ulong eventId, int iteration, double[] signalKw, double rho, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task BeginClearingAsync(ulong eventId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<StepOffer> OfferAsync(ulong eventId, int step, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<double> CommitStepAsync(ulong eventId, int step, double powerKw, double extraChargeKw, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<FleetRefinement> CheckpointAsync(ulong eventId, bool restore, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<FleetRefinement> RefineAsync(
            ulong eventId, double[] needKw, double segmentKw, double[] slopes, double growth, double[]? pricesKw, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<FleetRealization> ReportAsync(ulong eventId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<AllocationCommitment> CommitAsync(ulong eventId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<MeteredDelivery> DeliverAsync(ulong eventId, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
