using Consortium.Contracts.Ledger;
using Consortium.Dispatch.Fleets;
using Consortium.Dispatch.Online;
using Consortium.Network.Dispatch;
using Consortium.Node.DispatchEvents.Runner;
using Consortium.Node.GridParty;
using Consortium.Node.Store;

namespace Consortium.Node.Tests.DispatchEvents;

/// <summary>
/// An operator node stopped in the middle of an intraday day, its day in memory gone, and started again over the same
/// store and port: it takes the day up from what it kept, the coordinator takes the step it was on up again, and the
/// event completes, every step logged on a real chain once and in order, and is settled.
/// </summary>
public sealed class IntradayRestartTests(DispatchChain chain) : IClassFixture<DispatchChain>
{
    [Fact]
    public async Task AnOperatorRestartedMidDayTakesItsDayUpFromItsStoreAndTheEventCompletes()
    {
        Fleet[] fleets = [FleetGenerator.Generate(40, 91), FleetGenerator.Generate(30, 92)];
        var first = await chain.ServeAsync(0, fleets[0], 91);
        var second = await chain.ServeAsync(1, fleets[1], 92);
        var port = second.Endpoint.Port;
        using var toFirst = new DispatchParticipantClient(first.Endpoint);
        using var toSecond = new DispatchParticipantClient(second.Endpoint);
        var log = new StringWriter();
        var output = TextWriter.Synchronized(log);
        var domain = new RequestDomain(chain.Chain.ChainId, chain.Coordinator.Addresses.Dispatch);
        var options = new DispatchEventOptions
        {
            ProgressEvery = 0,
            GridParty = TestRequests.Ask(domain),
            Intraday = new OnlineOptions(Prices: Dispatch.Exact.PriceDecompositionOptions.Default with { MaxIterations = 25, TimeLimit = TimeSpan.FromMinutes(1) }),
            StepRecoveryPause = TimeSpan.FromMilliseconds(200),
        };
        var before = await chain.Coordinator.Dispatch.GetLatestDispatchIdAsync();
        var run = new DispatchEventRunner(chain.Coordinator.Dispatch, options, output).RunAsync([toFirst, toSecond], CancellationToken.None);

        // Once the second operator has logged 30 steps on chain, it stops (its in-flight calls finish) and starts again.
        var eventId = before + 1;
        while (!run.IsCompleted && (await chain.Coordinator.Dispatch.GetLatestDispatchIdAsync() < eventId
            || (await chain.Coordinator.Dispatch.GetStepCommittedEventsAsync(eventId, chain.Operators[1].Address)).Count < 30))
        {
            await Task.Delay(100);
        }

        Assert.False(run.IsCompleted, "the day ended before the operator could be stopped");
        await second.DisposeAsync();
        int kept;
        using (var store = new NodeStore(chain.StorePath(1)))
        {
            kept = store.GetIntradayDay((long)eventId)!.StepsKept;
        }

        await Task.Delay(TimeSpan.FromSeconds(1));
        await using var restarted = await chain.ServeAsync(1, fleets[1], 92, port: port);
        var outcome = await run.WaitAsync(TimeSpan.FromMinutes(10));

        Assert.InRange(kept, 30, 95);
        Assert.Equal(eventId, outcome.EventId);
        Assert.Equal(96, outcome.Intraday!.Steps);
        Assert.Contains("taking the step up again as the operators come back", log.ToString(), StringComparison.Ordinal);
        Assert.Contains("every operator logged each of the 96 steps' setpoint hash on chain as it set it, in order", log.ToString(), StringComparison.Ordinal);

        // Each step is on chain once, in order, and the allocation opens to the steps logged (the node checks before it commits).
        foreach (var address in chain.Operators.Take(2).Select(a => a.Address))
        {
            var logs = await chain.Coordinator.Dispatch.GetStepCommittedEventsAsync(eventId, address);
            Assert.Equal(Enumerable.Range(0, 96), logs.Select(l => (int)l.Step));
        }

        Assert.All(outcome.Participants, p => Assert.Equal(0, p.Realization.SocFloorViolations));
        var record = restarted.Store.GetDispatchEvent((long)eventId)!;
        Assert.NotNull(record.DeliveryTxHash);
        Assert.Equal(outcome.Participants[1].Commitment.AllocationHash, record.AllocationHash);
        await first.DisposeAsync();
    }
}
