using System.Globalization;
using System.Numerics;
using Consortium.Contracts.Chain;
using Consortium.Contracts.Ledger;
using Consortium.Network.Dispatch;
using Consortium.Node.Tests.DispatchEvents;
using Consortium.Node.Home;
using Consortium.Node.Demo;
using Consortium.Node.DispatchEvents;
using Consortium.Node.DispatchEvents.Participant;
using Consortium.Node.DispatchEvents.Runner;
using Consortium.Node.GridParty;
using Consortium.Node.Hosting;
using Consortium.Node.Import;
using Consortium.Node.Reporting;
using Consortium.Node.Store;
using Consortium.Node.Tests.Hosting;

namespace Consortium.Node.Tests.Demo;

/// <summary>
/// One dispatch event across operator nodes that are separate OS processes (<c>consortium run</c> on their homes, as the
/// demo starts them, reached over mutual TLS) on a chain the test started: the coordinator runs ADMM over gRPC, each node commits and reports with its own
/// key, the event is settled, and the chain is then read to check what every party claims.
/// </summary>
public sealed class DispatchAcrossProcessesTests() : ChainAndFolder("consortium-dispatch-test-")
{
    private const int Evs = 300;

    [Fact]
    public async Task OperatorProcessesCommitDeliverAndAreSettledOnChain()
    {
        var log = new StringWriter();
        using var consortium = await ImportedConsortium.DeployAsync(Chain, DataDir, 2);
        var (plans, keys, ledger) = (consortium.Plans, consortium.Keys, consortium.Ledger);
        var balancesBefore = await Task.WhenAll(keys.Select(key => ledger.Token.BalanceOfAsync(key)));
        var stakesBefore = await Task.WhenAll(keys.Select(key => ledger.Registry.GetMemberAsync(key)));

        // The second operator's drivers all leave early; under a strict rule (penalty twenty times the reward per kWh) its
        // deviation outweighs what it tracked and it is slashed, while the first operator is paid.
        double[] unplugShares = [0.05, 1.0];
        var rule = DispatchSettlementRule.Default with { PenaltyWeiPerKwh = 20 * DispatchSettlementRule.Default.RewardWeiPerKwh };
        var processes = new List<ChildNodeProcess>();
        var clients = new List<DispatchParticipantClient>();
        DispatchSection section;
        try
        {
            for (var i = 0; i < plans.Count; i++)
            {
                processes.Add(consortium.StartMember(
                    i,
                    log,
                    "--fleet-evs", Evs.ToString(CultureInfo.InvariantCulture),
                    "--fleet-seed", (100 + i).ToString(CultureInfo.InvariantCulture),
                    "--unplug-share", unplugShares[i].ToString(CultureInfo.InvariantCulture)));
            }

            using var startup = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            for (var i = 0; i < processes.Count; i++)
            {
                clients.Add(new DispatchParticipantClient(await processes[i].Listening.WaitAsync(startup.Token), consortium.Credentials(i)));
            }

            section = DispatchReporter.ToSection(await new DispatchEventRunner(ledger.Dispatch, new DispatchEventOptions { GridParty = TestRequests.Ask(consortium.Domain, rule) }, log).RunAsync(clients, CancellationToken.None));
            Assert.NotEqual(processes[0].ProcessId, processes[1].ProcessId);
            Assert.False(processes.Any(p => p.HasExited), log.ToString());
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }

            foreach (var process in processes)
            {
                await process.DisposeAsync();
            }
        }

        // The chain, not the runner's word: the event answers the reported request and is settled...
        var state = await ledger.Dispatch.GetDispatchAsync(section.EventId);
        Assert.Equal(DispatchStatus.Settled, state.Status);
        Assert.Equal(section.RequestHash, state.RequestHash);
        // ...for the grid party's signed request, whose target is the one dispatched...
        var request = FlexibilityRequestCodec.Parse(section.SignedRequest);
        Assert.Equal(request.RequestHash, state.RequestHash);
        Assert.Equal(ChainAccount.FromPrivateKey(AnvilDevKeys.GridParty).Address, request.Signer);
        Assert.Equal(section.TargetKw, request.Request.TargetKw.ToArray());
        Assert.Equal(2, state.AllocationCount);
        Assert.Equal(2, state.DeliveryCount);
        Assert.True(section.Iterations > 1);
        Assert.True(double.IsFinite(section.TrackingError), log.ToString());

        var settlements = new BigInteger[plans.Count];
        for (var i = 0; i < plans.Count; i++)
        {
            var op = section.PerOperator[i];
            Assert.Equal(keys[i], op.Address);
            var record = await ledger.Dispatch.GetOperatorDispatchAsync(section.EventId, keys[i]);
            Assert.Equal(op.AllocationHash, record.AllocationHash);
            Assert.Equal(op.DeliveryHash, record.DeliveryHash);
            Assert.True(record.Settled);
            settlements[i] = record.Settlement;
            Assert.Equal(op.SettlementWei, record.Settlement);

            // ...each delivery hash is the hash of the metered values reported...
            Assert.Equal(DispatchDigest.Delivery(section.EventId, state.RequestHash, op.MeteredKwhPerStep), record.DeliveryHash);

            // ...the settlement follows the rule from the allocation and the metering...
            Assert.Equal(rule.Settle(op.AllocatedKwPerStep, op.MeteredKwhPerStep).AmountWei, record.Settlement);

            // ...and each operator's commitment opens with the salt and setpoints its own store kept.
            using var store = new NodeStore(CouncilImport.StorePath(DataDir, plans[i].Name));
            var kept = store.GetDispatchEvent((long)section.EventId)!;
            var setpoints = store.GetDispatchSetpoints((long)section.EventId)!;
            Assert.Equal(record.AllocationHash, AllocationDigest.Hash(kept.Salt, section.EventId, state.RequestHash, section.Intervals, Evs, setpoints));
            Assert.Equal(op.DeliveryTxHash, kept.DeliveryTxHash);
        }

        // A reward is minted to the operator; a penalty is slashed from its stake.
        Assert.True(settlements[0] > 0, log.ToString());
        Assert.True(settlements[1] < 0, log.ToString());
        Assert.Equal(balancesBefore[0] + settlements[0], await ledger.Token.BalanceOfAsync(keys[0]));
        Assert.Equal(balancesBefore[1], await ledger.Token.BalanceOfAsync(keys[1]));
        Assert.Equal(stakesBefore[1].Stake + settlements[1], (await ledger.Registry.GetMemberAsync(keys[1])).Stake);
        Assert.Equal(settlements[0], state.TotalRewards);
        Assert.Equal(-settlements[1], state.TotalPenalties);
        Assert.Contains("committed allocation", log.ToString());
    }
}
