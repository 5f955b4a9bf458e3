using System.Numerics;
using Consortium.Contracts.Chain;
using Consortium.Contracts.Ledger;
using Consortium.Node.Audit;
using Consortium.Node.Demo;
using Consortium.Node.Reporting;
using Consortium.Node.Store;
using Consortium.Node.Tests.Hosting;

namespace Consortium.Node.Tests.Demo;

/// <summary>
/// Two operator nodes, each its own OS process serving gRPC on loopback, complete a federated round
/// against a chain the test started itself (the demo's --rpc path); the report is then checked against
/// the chain and the stores, not against itself.
/// </summary>
public sealed class TwoOperatorRoundTests() : ChainAndFolder("consortium-test-")
{
    [Fact]
    public async Task TwoMemberProcessesCompleteOneRoundRecordedOnTheChain()
    {
        var output = new StringWriter();
        var options = new DemoOptions(
            Operators: 2,
            Rounds: 1,
            LocalEpochs: 1,
            DataDir: DataDir,
            RpcUrl: Chain.RpcUrl,
            Chain: new ChainConnectionOptions { GasPrice = GasPricePolicy.Legacy },
            DeployerKey: Chain.DevAccounts[1].PrivateKey,
            ReportPath: Path.Combine(DataDir, "report.json"),
            Seed: 3,
            WindowStride: 24,
            DispatchEvs: 200)
        {
            BatteryRounds = 1,
            BatteryEpochs = 1,
        };

        var report = await new ConsortiumDemo(options, output).RunAsync(CancellationToken.None);

        Assert.True(report is not null, output.ToString());
        Assert.True(File.Exists(options.ReportPath));
        Assert.Equal(2, report.Operators.Count);
        Assert.NotEqual(report.Operators[0].ProcessId, report.Operators[1].ProcessId);
        var round = Assert.Single(report.Rounds);
        Assert.Equal(3, report.Automakers.Count);
        var battery = Assert.Single(report.BatteryRounds);

        var addresses = new ConsortiumAddresses(
            report.Chain.Contracts.Registry,
            report.Chain.Contracts.Rounds,
            report.Chain.Contracts.Token,
            report.Chain.Contracts.Dispatch);
        var ledger = new ConsortiumLedger(ChainConnection.ReadOnly(Chain.RpcUrl), addresses);
        var onChain = await ledger.Rounds.GetRoundAsync((ulong)round.Round);
        Assert.Equal(RoundStatus.Finalized, onChain.Status);
        Assert.Equal(round.OpenedModelHash, onChain.GlobalModelHash);
        Assert.Equal(round.GlobalModelHash, onChain.NewModelHash);
        Assert.Equal(round.RewardRoot, onChain.RewardRoot);
        var claims = await ledger.Rounds.GetRewardClaimedEventsAsync((ulong)round.Round);

        foreach (var op in report.Operators)
        {
            var member = op.Address;
            Assert.True(await ledger.Registry.IsMemberAsync(member));
            var commitment = await ledger.Rounds.GetCommitmentAsync((ulong)round.Round, member);
            Assert.Equal(round.UpdateHashes[op.Address], commitment.UpdateHash);
            var reward = round.Rewards[op.Address];
            Assert.Equal(reward, claims.Where(c => c.Member == member).Aggregate(BigInteger.Zero, (sum, c) => sum + c.Reward));
            Assert.True(round.Gas.Members[op.Address] > 0);
            Assert.Equal(op.TokenBalanceAfter, await ledger.Token.BalanceOfAsync(member));

            // The member's own store holds the exact update bytes it committed.
            using var store = new NodeStore(Path.Combine(DataDir, op.Name, "node.db"));
            var update = store.GetArtifact(commitment.UpdateHash);
            Assert.NotNull(update);
            Assert.Equal(commitment.UpdateHash, Keccak.Hash(update));
        }

        // The automakers' battery-health round is on the same round ledger under its own task, rewarded like the forecast's.
        var batteryOnChain = await ledger.Rounds.GetRoundAsync((ulong)battery.Round);
        Assert.Equal(FederatedTask.BatteryHealth, batteryOnChain.Task);
        Assert.Equal(RoundStatus.Finalized, batteryOnChain.Status);
        Assert.Equal(battery.GlobalModelHash, batteryOnChain.NewModelHash);
        Assert.Equal(3, battery.UpdateHashes.Count);
        foreach (var automaker in report.Automakers)
        {
            Assert.Equal(automaker.TokenBalanceAfter, await ledger.Token.BalanceOfAsync(automaker.Address));
            Assert.Equal(battery.Rewards.GetValueOrDefault(automaker.Address), automaker.TokenBalanceAfter - automaker.TokenBalanceBefore);
            Assert.True(report.BatteryTest!.PerAutomaker[automaker.Name].Cycles > 0);
        }

        // The wear prices were published from that round's model, and the dispatch event was opened on them.
        var wear = report.Wear;
        Assert.NotNull(wear);
        var published = await ledger.Dispatch.GetWearPricesAsync();
        Assert.Equal((ulong)battery.Round, published.RoundId);
        Assert.Equal(batteryOnChain.NewModelHash, published.ModelHash);
        Assert.Equal(["LFP", "NCA", "NCM", "NCM+NCA"], wear.Prices.Select(p => p.Chemistry));
        Assert.Equal((ulong)battery.Round, (await ledger.Dispatch.GetDispatchAsync(report.Dispatch!.EventId)).WearRound);

        // The coordinator's store holds the new global model under the hash finalized on chain.
        using var coordinator = new NodeStore(Path.Combine(DataDir, "coordinator", "node.db"));
        var model = coordinator.GetArtifact(onChain.NewModelHash);
        Assert.NotNull(model);
        Assert.Equal(onChain.NewModelHash, Keccak.Hash(model));
        Assert.True(round.Validation.FederatedRmse > 0 && double.IsFinite(round.Validation.FederatedRmse));
        // Each node logs to its own home, not into the demo's console; it served mutual TLS.
        foreach (var op in report.Operators)
        {
            Assert.Contains("LISTENING https://127.0.0.1:", await File.ReadAllTextAsync(Path.Combine(DataDir, op.Name, "node.log")));
            Assert.DoesNotContain($"[{op.Name}]", output.ToString());
        }

        // An auditor with the report, the chain and the artifacts verifies every claim: the rounds' hashes, aggregate and
        // scores recomputed from the stores, the dispatch event's request, deliveries and settlements, and each operator's
        // allocation opened from its own store. (Each kind of tampering is named by its own test in Audit/.)
        var audit = await new ReportAudit(ledger, report, DataDir, TextWriter.Null).RunAsync(CancellationToken.None);
        Assert.True(audit.Findings.Count == 0, string.Join(Environment.NewLine, audit.Findings));

        var dispatch = report.Dispatch;
        Assert.NotNull(dispatch);
        Assert.Equal(400, dispatch.Evs);
        Assert.Equal(2, dispatch.PerOperator.Count);
        Assert.Equal(DispatchStatus.Settled, (await ledger.Dispatch.GetDispatchAsync(dispatch.EventId)).Status);
        Assert.Equal(ChainAccount.FromPrivateKey(AnvilDevKeys.GridParty).Address, dispatch.GridParty);

        // The demo dispatches the day as it happens: every step re-planned, committed and logged on chain by each operator
        // (the audit above chained each operator's logs and reopened them from its store).
        var day = Assert.IsType<IntradaySection>(dispatch.Intraday);
        Assert.Equal(dispatch.Intervals, day.Steps);
        foreach (var op in dispatch.PerOperator)
        {
            Assert.Equal(dispatch.Intervals, StepCommitments.Of(await ledger.Dispatch.GetStepCommittedEventsAsync(dispatch.EventId, op.Address)).Steps);
        }

        // Over a real day, 15 August 2018, each operator forecasting it from the same weekdays before at the level its
        // federated load-forecast model (the round's) gives.
        Assert.StartsWith("sessions of 2018-08-15 (Wednesday)", dispatch.FleetSource, StringComparison.Ordinal);
        foreach (var op in report.Operators)
        {
            var log = await File.ReadAllTextAsync(Path.Combine(DataDir, op.Name, "node.log"));
            Assert.Contains("later arrivals forecast from the mean of the 4 same weekdays before, at level", log, StringComparison.Ordinal);
            Assert.Contains("(the federated load forecast: ", log, StringComparison.Ordinal);
        }

        // A score moved by one fixed-point unit is named by the recomputation from the operators' stores.
        var address = report.Operators[0].Address;
        round.Scores[address] += 1.0 / ContributionScore.Scale;
        var tampered = await new ReportAudit(ledger, report, DataDir, TextWriter.Null).RunAsync(CancellationToken.None);
        Assert.Contains(tampered.Mismatches, f => f.Subject == $"round {round.Round} score of {address}");

        // So is a wear price the report moved by one unit from what the chain holds and the assumptions give.
        wear.Prices[0].UnitsPerKwh += 1;
        var moved = await new ReportAudit(ledger, report, DataDir, TextWriter.Null).RunAsync(CancellationToken.None);
        Assert.Contains(moved.Mismatches, f => f.Subject == "wear prices" && f.Problem.Contains("the report lists", StringComparison.Ordinal));
    }
}
