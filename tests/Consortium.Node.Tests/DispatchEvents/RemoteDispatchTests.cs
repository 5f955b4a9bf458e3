using Consortium.Contracts.Chain;
using Consortium.Dispatch;
using Consortium.Dispatch.Baselines;
using Consortium.Dispatch.Coordination;
using Consortium.Dispatch.DayAhead;
using Consortium.Dispatch.Fleets;
using Consortium.Network.Dispatch;
using Consortium.Node.DispatchEvents.Participant;
using Consortium.Node.GridParty;
using Grpc.Core;

namespace Consortium.Node.Tests.DispatchEvents;

/// <summary>
/// Operators served by real gRPC servers on 127.0.0.1, each with its own store and key, against a real anvil: the
/// coordinator gets over the wire exactly what it gets in process, and commitments and deliveries land on chain.
/// </summary>
public sealed class RemoteDispatchTests(DispatchChain chain) : IClassFixture<DispatchChain>
{
    private const int Steps = FleetGenerator.DaySteps;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task CoordinatingOverGrpcGivesTheSameDispatchAsInProcess()
    {
        Fleet[] fleets = [FleetGenerator.Generate(150, 21), FleetGenerator.Generate(120, 22), FleetGenerator.Generate(90, 23)];
        int[] seeds = [21, 22, 23];
        var served = new List<ServedOperator>();
        var clients = new List<DispatchParticipantClient>();
        try
        {
            for (var i = 0; i < fleets.Length; i++)
            {
                served.Add(await chain.ServeAsync(i, fleets[i], seeds[i]));
                clients.Add(new DispatchParticipantClient(served[i].Endpoint));
            }

            // The target is shaped from what the operators share in aggregate: their day-ahead offers, forecast from other
            // days of their own fleets (the seeds after the day's), never the day itself.
            var offers = await Task.WhenAll(clients.Select(c => c.SurveyAsync(Steps, 15, Timeout)));
            var uncontrolled = new double[Steps];
            var capacity = new double[Steps];
            for (var i = 0; i < fleets.Length; i++)
            {
                var history = Enumerable.Range(1, OperatorDispatchParticipant.OfferDays).Select(d => FleetGenerator.Generate(fleets[i].Count, seeds[i] + d)).ToList();
                var expected = FlexibilityForecast.Of(history, Steps);
                Assert.Equal(expected.Median.UncontrolledKw, offers[i].UncontrolledKw);
                Assert.Equal(expected.Median.MaxDischargeKw, offers[i].DischargeCapacityKw);
                Assert.Equal(OperatorDispatchParticipant.OfferDays, offers[i].Flexibility!.Days);
                Assert.Equal(expected.Bands.Select(b => b.Quantile), offers[i].Flexibility!.Bands.Select(b => b.Quantile));
                Assert.All(expected.Bands.Zip(offers[i].Flexibility!.Bands), pair => Assert.Equal(pair.First.Series, pair.Second.Series));
                Assert.NotEqual(DispatchBaselines.Uncontrolled(new FleetRequest(Steps, new double[Steps], [fleets[i]])).AggregateKw, offers[i].UncontrolledKw);
                Assert.Equal(chain.Operators[i].Address, offers[i].Address);
                for (var t = 0; t < Steps; t++)
                {
                    uncontrolled[t] += offers[i].UncontrolledKw[t];
                    capacity[t] += offers[i].DischargeCapacityKw[t];
                }
            }

            var target = PeakShavingPolicy.Default.Build(uncontrolled, capacity);
            var (eventId, requestHash) = await chain.OpenAsync(target);
            var terms = TestRequests.Terms(eventId, requestHash, Steps);
            var joins = await Task.WhenAll(clients.Select(c => c.JoinAsync(terms, Timeout)));
            var remote = clients.Select((c, i) => new RemoteFleetOperator(joins[i].Name, c, eventId, Steps, Timeout)).ToArray();
            var local = fleets.Select((f, i) => new LocalFleetOperator($"local {i}", f, Steps, DispatchCosts.Default)).ToArray();

            // No time budget on the exact stage: both must run every round of it to end on the same setpoints.
            var unhurried = DispatchOptions.Default with { RefineSeconds = double.PositiveInfinity };
            var overWire = await DispatchCoordinator.CoordinateAsync(remote, target, DispatchCosts.Default, unhurried, null, CancellationToken.None);
            var inProcess = await DispatchCoordinator.CoordinateAsync(local, target, DispatchCosts.Default, unhurried, null, CancellationToken.None);

            // The exact stage is the dispatch by prices, over the wire as in process: the same prices, bounds and mix.
            Assert.Equal(inProcess.Pricing!.Iterations, overWire.Pricing!.Iterations);
            Assert.Equal(inProcess.Pricing.LowerBound, overWire.Pricing.LowerBound, 9);
            Assert.Equal(inProcess.Pricing.UpperBound, overWire.Pricing.UpperBound, 9);
            Assert.Equal(inProcess.Iterations, overWire.Iterations);
            Assert.Equal(inProcess.Converged, overWire.Converged);
            Assert.Equal(inProcess.PlanKw, overWire.PlanKw);
            Assert.Equal(inProcess.AggregateKw, overWire.AggregateKw);
            for (var i = 0; i < fleets.Length; i++)
            {
                Assert.Equal(inProcess.OperatorKw[i], overWire.OperatorKw[i]);
                Assert.Equal(overWire.Iterations, remote[i].Iterations);

                // What the operator reports of its setpoints is the replay of the same setpoints in process.
                var replay = DispatchResult.Measure(new FleetRequest(Steps, target, [fleets[i]]), [local[i].Schedule], 1, true, 0);
                var reported = await remote[i].ReportAsync(CancellationToken.None);
                Assert.Same(reported, remote[i].Report);
                var allocated = new double[Steps];
                local[i].Schedule.Aggregate(allocated);
                Assert.Equal(allocated, reported.RealizedKw);
                Assert.Equal(replay.SocFloorViolations, reported.SocFloorViolations);
                Assert.Equal(replay.DepartureShortfallKwh, reported.DepartureShortfallKwh);
                Assert.Equal(replay.DischargeFairness, reported.JainFairness);

                // The wear it reports before committing is its setpoints' discharge at the event's wear price.
                var wear = DispatchObjective.Evaluate(new FleetRequest(Steps, target, [fleets[i]]), [local[i].Schedule], DispatchCosts.Default);
                Assert.Equal(wear.DischargedKwh, reported.DischargedKwh, 9);
                Assert.Equal(terms.WearCostPerKwh * wear.DischargedKwh, reported.WearCost, 9);
            }

            // Each operator commits with its own key and reports the metering of exactly those setpoints.
            var commits = await Task.WhenAll(clients.Select(c => c.CommitAsync(eventId, Timeout)));
            var deliveries = await Task.WhenAll(clients.Select(c => c.DeliverAsync(eventId, requestHash, Steps, Timeout)));
            for (var i = 0; i < fleets.Length; i++)
            {
                var record = await chain.Coordinator.Dispatch.GetOperatorDispatchAsync(eventId, chain.Operators[i].Address);
                Assert.Equal(commits[i].AllocationHash, record.AllocationHash);
                Assert.Equal(deliveries[i].DeliveryHash, record.DeliveryHash);
                var metered = new DeliveryMeter(0.05).Read(local[i].Schedule, DeliveryMeter.EventSeed(seeds[i], eventId));
                Assert.Equal(metered.MeteredKwh, deliveries[i].MeteredKwh);
                Assert.Equal(metered.VehiclesUnpluggedEarly, deliveries[i].VehiclesUnpluggedEarly);
                Assert.Equal(DispatchDigest.Delivery(eventId, requestHash, metered.MeteredKwh), record.DeliveryHash);

                // The commitment opens with the salt and setpoints the operator keeps, and the setpoints are the in-process ones.
                var stored = served[i].Store.GetDispatchEvent((long)eventId)!;
                var setpoints = served[i].Store.GetDispatchSetpoints((long)eventId)!;
                Assert.Equal(AllocationDigest.SetpointBytes(local[i].Schedule), setpoints);
                Assert.Equal(record.AllocationHash, AllocationDigest.Hash(stored.Salt, eventId, requestHash, Steps, fleets[i].Count, setpoints));
            }

            var state = await chain.Coordinator.Dispatch.GetDispatchAsync(eventId);
            Assert.Equal(3, state.AllocationCount);
            Assert.Equal(3, state.DeliveryCount);
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }

            foreach (var op in served)
            {
                await op.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task ANodeWhoseExactLimitIsBelowItsFleetTakesNoPartInTheExactStage()
    {
        // Two small fleets; the first node is started as with `member --exact-limit 0`.
        Fleet[] fleets = [FleetGenerator.Generate(12, 31), FleetGenerator.Generate(10, 32)];
        await using var declining = await chain.ServeAsync(0, fleets[0], 31, exactVehicleLimit: 0);
        await using var taking = await chain.ServeAsync(1, fleets[1], 32);
        using var first = new DispatchParticipantClient(declining.Endpoint);
        using var second = new DispatchParticipantClient(taking.Endpoint);
        DispatchParticipantClient[] clients = [first, second];

        var target = SmallFleets.EvenWithEveningExport(fleets[0], 2).Zip(SmallFleets.EvenWithEveningExport(fleets[1], 2), (a, b) => a + b).ToArray();
        var (eventId, requestHash) = await chain.OpenAsync(target);
        var terms = TestRequests.Terms(eventId, requestHash, Steps);
        var joins = await Task.WhenAll(clients.Select(c => c.JoinAsync(terms, Timeout)));
        var remote = clients.Select((c, i) => new RemoteFleetOperator(joins[i].Name, c, eventId, Steps, Timeout)).ToArray();

        var outcome = await DispatchCoordinator.CoordinateAsync(
            remote, target, DispatchCosts.Default, DispatchOptions.Default with { RefineSeconds = double.PositiveInfinity, ExactMethod = ExactMethod.Replan }, null, CancellationToken.None);

        Assert.Equal(1, outcome.Refinement!.Operators);
        Assert.True(outcome.Refinement.Objective <= outcome.Refinement.ClearedObjective * (1 + 1e-5));
    }

    [Fact]
    public void TheDemoGridPartyKeyIsAnvilsLastDevAccount()
    {
        Assert.True(chain.Chain.DevAccounts.Count >= 10);
        Assert.Equal(chain.Chain.DevAccounts[9].Address, ChainAccount.FromPrivateKey(AnvilDevKeys.GridParty).Address);
        Assert.Equal(ChainAddress.Parse("0xa0Ee7A142d267C1f36714E4a8F75612F20a79720"), ChainAccount.FromPrivateKey(AnvilDevKeys.GridParty).Address);
    }

    [Fact]
    public async Task AnOperatorRestartedAfterCommittingDeliversFromItsStore()
    {
        const int seed = 31;
        var fleet = FleetGenerator.Generate(80, seed);
        var uncontrolled = DispatchBaselines.Uncontrolled(new FleetRequest(Steps, new double[Steps], [fleet])).AggregateKw;
        var target = PeakShavingPolicy.Default.Build(uncontrolled, new double[Steps]);
        var (eventId, requestHash) = await chain.OpenAsync(target);

        var first = await chain.ServeAsync(0, fleet, seed);
        using (var client = new DispatchParticipantClient(first.Endpoint))
        {
            await client.JoinAsync(TestRequests.Terms(eventId, requestHash, Steps), Timeout);
            await DispatchCoordinator.CoordinateAsync([new RemoteFleetOperator("operator-1", client, eventId, Steps, Timeout)], target, DispatchCosts.Default, null, null, CancellationToken.None);
            await client.CommitAsync(eventId, Timeout);
        }

        await first.DisposeAsync();

        // A new process on the same store: the event is gone from memory, its commitment is not.
        await using var second = await chain.ServeAsync(0, fleet, seed);
        using var again = new DispatchParticipantClient(second.Endpoint);
        var notJoined = await Assert.ThrowsAsync<RpcException>(() => again.BeginClearingAsync(eventId, Timeout));
        Assert.Equal(StatusCode.FailedPrecondition, notJoined.StatusCode);
        var rejoin = await Assert.ThrowsAsync<RpcException>(() => again.JoinAsync(TestRequests.Terms(eventId, requestHash, Steps), Timeout));
        Assert.Equal(StatusCode.FailedPrecondition, rejoin.StatusCode);
        Assert.Contains("already committed", rejoin.Status.Detail);

        var delivery = await again.DeliverAsync(eventId, requestHash, Steps, Timeout);

        var replica = new LocalFleetOperator("replica", fleet, Steps, DispatchCosts.Default);
        await DispatchCoordinator.CoordinateAsync([replica], target, DispatchCosts.Default, null, null, CancellationToken.None);
        Assert.Equal(new DeliveryMeter(0.05).Read(replica.Schedule, DeliveryMeter.EventSeed(seed, eventId)).MeteredKwh, delivery.MeteredKwh);
        var record = await chain.Coordinator.Dispatch.GetOperatorDispatchAsync(eventId, chain.Operators[0].Address);
        Assert.Equal(delivery.DeliveryHash, record.DeliveryHash);

        // Asking again returns the same delivery rather than reporting twice.
        var repeated = await again.DeliverAsync(eventId, requestHash, Steps, Timeout);
        Assert.Equal(delivery.TxHash, repeated.TxHash);
    }
}
