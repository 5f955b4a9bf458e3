using System.Diagnostics;
using System.Globalization;
using Consortium.Contracts.Ledger;
using Consortium.Dispatch.Exact;
using Consortium.Dispatch.Online;
using Consortium.Network.Security;
using Consortium.Node.Demo;
using Consortium.Node.DispatchEvents.Participant;
using Consortium.Node.DispatchEvents.Runner;
using Consortium.Node.Hosting;
using Consortium.Node.Store;
using Consortium.Node.Tests.DispatchEvents;
using Consortium.Node.Tests.Hosting;

namespace Consortium.Node.Tests.Demo;

/// <summary>
/// Operator nodes as separate <c>consortium run</c> processes on a real chain, dispatched intraday over mutual TLS: one
/// is killed (SIGKILL) in the middle of the day and started again with the same command line; it takes the day up from
/// its store and the event completes, every step of both operators logged on chain once and in order, and is settled.
/// </summary>
public sealed class IntradayKillTests() : ChainAndFolder("consortium-intraday-kill-")
{
    private const int Evs = 150;

    [Fact]
    public async Task AnOperatorNodeKilledMidDayIsStartedAgainAndTheDayCompletes()
    {
        var log = new StringWriter();
        var output = TextWriter.Synchronized(log);
        using var consortium = await ImportedConsortium.DeployAsync(Chain, DataDir, 2);
        string[] Options(int i) =>
            ["--fleet-evs", Evs.ToString(CultureInfo.InvariantCulture), "--fleet-seed", (300 + i).ToString(CultureInfo.InvariantCulture), "--fleet-source", OperatorFleets.Name(OperatorFleetSource.Sessions)];
        var processes = new List<ChildNodeProcess> { consortium.StartMember(0, output, Options(0)), consortium.StartMember(1, output, Options(1)) };
        try
        {
            using var startup = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            var endpoints = new List<Uri>();
            foreach (var process in processes)
            {
                endpoints.Add(await process.Listening.WaitAsync(startup.Token));
            }

            var options = new DispatchEventOptions
            {
                ProgressEvery = 0,
                GridParty = TestRequests.Ask(consortium.Domain),
                Intraday = new OnlineOptions(Prices: PriceDecompositionOptions.Default with { MaxIterations = 25, TimeLimit = TimeSpan.FromMinutes(1) }),
                StepRecoveryPause = TimeSpan.FromMilliseconds(500),
            };
            var before = await consortium.Ledger.Dispatch.GetLatestDispatchIdAsync();
            var eventId = before + 1;
            var run = DemoDispatch.RunAsync(
                consortium.Ledger.Dispatch, [.. endpoints.Select((e, i) => (e, (PeerCredentials?)consortium.Credentials(i)))], Evs, OperatorFleetSource.Sessions, null, options, output, CancellationToken.None);

            while (!run.IsCompleted && (await consortium.Ledger.Dispatch.GetLatestDispatchIdAsync() < eventId
                || (await consortium.Ledger.Dispatch.GetStepCommittedEventsAsync(eventId, consortium.Keys[1])).Count < 30))
            {
                await Task.Delay(100);
            }

            Assert.False(run.IsCompleted, "the day ended before the node could be killed: " + log);
            Process.GetProcessById(processes[1].ProcessId).Kill(entireProcessTree: true);
            await processes[1].WaitForExitAsync(CancellationToken.None);
            var logged = (await consortium.Ledger.Dispatch.GetStepCommittedEventsAsync(eventId, consortium.Keys[1])).Count;

            processes.Add(consortium.StartMember(1, output, Options(1)));
            Assert.Equal(endpoints[1], await processes[^1].Listening.WaitAsync(TimeSpan.FromMinutes(2)));
            var section = await run.WaitAsync(TimeSpan.FromMinutes(10));

            Assert.InRange(logged, 30, 95);
            Assert.Equal(eventId, section.EventId);
            Assert.Equal(96, section.Intraday!.Steps);
            Assert.Contains("taking the step up again as the operators come back", log.ToString(), StringComparison.Ordinal);
            Assert.Contains("took the intraday day up from the store after a restart", log.ToString(), StringComparison.Ordinal);
            foreach (var key in consortium.Keys)
            {
                var steps = await consortium.Ledger.Dispatch.GetStepCommittedEventsAsync(eventId, key);
                Assert.Equal(Enumerable.Range(0, 96), steps.Select(s => s.Step));
            }

            var state = await consortium.Ledger.Dispatch.GetDispatchAsync(eventId);
            Assert.Equal(DispatchStatus.Settled, state.Status);
            Assert.Equal((2, 2), (state.AllocationCount, state.DeliveryCount));
            Assert.All(section.PerOperator, o => Assert.Equal(0, o.SocFloorViolations));
        }
        finally
        {
            foreach (var process in processes)
            {
                await process.DisposeAsync();
            }
        }
    }
}
