using System.Globalization;
using System.Text.Json;
using Consortium.Contracts.Chain;
using Consortium.Contracts.Ledger;
using Consortium.Network.Security;
using Consortium.Node.Home;
using Consortium.Node.GridParty;
using Consortium.Node.Demo;
using Consortium.Node.DispatchEvents.Participant;
using Consortium.Node.DispatchEvents.Runner;
using Consortium.Node.Hosting;
using Consortium.Node.Import;
using Consortium.Node.Reporting;
using Consortium.Node.Store;
using Consortium.Node.Tests.Hosting;
using Consortium.Node.Tests.DispatchEvents;

namespace Consortium.Node.Tests.Demo;

/// <summary>
/// The demo's dispatch event (<see cref="DemoDispatch"/>) over operator nodes that are separate OS processes on a chain
/// the test started, one of them at sites whose charging sessions a fleet cannot be drawn from (as an operator of the
/// 20-operator demo is): it sits the event out on chain, and the event completes and is settled without it.
/// </summary>
public sealed class DemoDispatchTests() : ChainAndFolder("consortium-demo-dispatch-test-")
{
    private const int Evs = 200;

    [Fact]
    public async Task AnOperatorWithNoDispatchableFleetDeclinesOnChainAndTheEventIsSettledWithoutIt()
    {
        var log = new StringWriter();
        using var consortium = await ImportedConsortium.DeployAsync(Chain, DataDir, 2);
        var (plans, keys, ledger) = (consortium.Plans, consortium.Keys, consortium.Ledger);

        // The second operator's sites have only rapid chargers: the profile keeps none of their sessions.
        using (var store = new NodeStore(CouncilImport.StorePath(DataDir, plans[1].Name)))
        {
            store.SaveSessions(RapidOnlySessions.Create(60));
        }

        var stakeBefore = (await ledger.Registry.GetMemberAsync(keys[1])).Stake;
        var processes = new List<ChildNodeProcess>();
        DispatchSection section;
        try
        {
            for (var i = 0; i < plans.Count; i++)
            {
                processes.Add(consortium.StartMember(
                    i,
                    log,
                    "--fleet-evs", Evs.ToString(CultureInfo.InvariantCulture),
                    "--fleet-seed", (200 + i).ToString(CultureInfo.InvariantCulture),
                    "--fleet-source", OperatorFleets.Name(OperatorFleetSource.Sessions)));
            }

            using var startup = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            var endpoints = new List<Uri>();
            foreach (var process in processes)
            {
                endpoints.Add(await process.Listening.WaitAsync(startup.Token));
            }

            section = await DemoDispatch.RunAsync(
                ledger.Dispatch, [.. endpoints.Select((e, i) => (e, (PeerCredentials?)consortium.Credentials(i)))], Evs, OperatorFleetSource.Sessions, null, new DispatchEventOptions { ProgressEvery = 0, GridParty = TestRequests.Ask(consortium.Domain) }, log, CancellationToken.None);
            Assert.False(processes.Any(p => p.HasExited), log.ToString());
        }
        finally
        {
            foreach (var process in processes)
            {
                await process.DisposeAsync();
            }
        }

        // The event completed with the first operator and is settled on chain...
        var state = await ledger.Dispatch.GetDispatchAsync(section.EventId);
        Assert.Equal(DispatchStatus.Settled, state.Status);
        Assert.Equal((1, 1, 1), (state.AllocationCount, state.DeliveryCount, state.DeclineCount));
        var op = Assert.Single(section.PerOperator);
        Assert.Equal(keys[0], op.Address);
        Assert.True((await ledger.Dispatch.GetOperatorDispatchAsync(section.EventId, keys[0])).Settled);
        Assert.Equal((1, 2, Evs), (section.OperatorCount, section.OperatorsAsked, section.Evs));

        // ...the second declined it with its own key, for the reason the report gives, and was neither settled nor slashed...
        var declined = Assert.Single(section.Declined);
        Assert.Equal((plans[1].Name, keys[1], DeclineReason.NoDispatchableFleet), (declined.Name, declined.Address, declined.Reason));
        Assert.Contains("60 at DC rapid chargers", declined.Detail);
        var logged = Assert.Single(await ledger.Dispatch.GetDispatchDeclinedEventsAsync(section.EventId));
        Assert.Equal((keys[1], DeclineReason.NoDispatchableFleet, declined.Detail), (logged.Operator, logged.Reason, logged.Detail));
        Assert.Equal(logged.TxHash, declined.DeclineTxHash);
        Assert.True(declined.DeclineGasUsed > 0);
        var record = await ledger.Dispatch.GetOperatorDispatchAsync(section.EventId, keys[1]);
        Assert.Equal((DeclineReason.NoDispatchableFleet, false, Hash32.Zero), (record.DeclineReason, record.Settled, record.AllocationHash));
        Assert.Equal(stakeBefore, (await ledger.Registry.GetMemberAsync(keys[1])).Stake);

        // ...and the report says so in its JSON.
        var json = JsonDocument.Parse(JsonSerializer.Serialize(new DemoReport { Dispatch = section }, ReportJson.Options)).RootElement.GetProperty("dispatch");
        var entry = Assert.Single(json.GetProperty("declined").EnumerateArray());
        Assert.Equal(declined.DeclineTxHash.ToString(), entry.GetProperty("declineTxHash").GetString());
        Assert.Equal("NoDispatchableFleet", entry.GetProperty("reason").GetString());
        Assert.Equal(1, json.GetProperty("operators").GetInt32());
        Assert.Contains("declined event", log.ToString());
    }
}
