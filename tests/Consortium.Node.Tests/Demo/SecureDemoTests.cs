using Consortium.Contracts.Chain;
using Consortium.Contracts.Ledger;
using Consortium.Node.Demo;
using Consortium.Node.Tests.Hosting;

namespace Consortium.Node.Tests.Demo;

/// <summary>
/// <c>demo --secure-aggregation --drop 1</c> on a chain the test started: three operator processes, the last stopped in
/// round 1 right after its masked input arrived and started again; every round completes secure, marked so on chain, the
/// dropped operator is named, its input and its reward count, and every balance matches the chain.
/// </summary>
public sealed class SecureDemoTests() : ChainAndFolder("consortium-secure-demo-")
{
    [Fact]
    public async Task EveryRoundCompletesSecureWithADroppedOperatorNamedAndCounted()
    {
        var output = new StringWriter();
        var options = new DemoOptions(
            Operators: 3,
            Rounds: 2,
            LocalEpochs: 1,
            DataDir: DataDir,
            RpcUrl: Chain.RpcUrl,
            Chain: new ChainConnectionOptions { GasPrice = GasPricePolicy.Legacy },
            DeployerKey: Chain.DevAccounts[1].PrivateKey,
            ReportPath: Path.Combine(DataDir, "report.json"),
            Seed: 3,
            WindowStride: 24,
            SkipDispatch: true)
        {
            SecureAggregation = true,
            Drop = 1,
            BatteryRounds = 0,
        };

        var report = await new ConsortiumDemo(options, output).RunAsync(CancellationToken.None);

        Assert.True(report is not null, output.ToString());
        var dropped = report.Operators[^1];
        Assert.All(report.Rounds, r => Assert.True(r.SecureAggregation));
        Assert.Equal([dropped.Address], report.Rounds[0].DroppedAfterInput);
        Assert.Null(report.Rounds[1].DroppedAfterInput);
        Assert.All(report.Rounds, r => Assert.Equal(3, r.Rewards.Count));
        Assert.All(report.Rounds, r => Assert.InRange(r.Validation.FederatedRmse, 1, 1000));
        Assert.Contains($"{dropped.Name,-16} node stopped after its masked input arrived", output.ToString());
        var rounds = new ConsortiumLedger(ChainConnection.ReadOnly(Chain.RpcUrl), new ConsortiumAddresses(
            report.Chain.Contracts.Registry, report.Chain.Contracts.Rounds, report.Chain.Contracts.Token, report.Chain.Contracts.Dispatch)).Rounds;
        foreach (var round in report.Rounds)
        {
            var onChain = await rounds.GetRoundAsync((ulong)round.Round);
            Assert.True(onChain.SecureAggregation);
            Assert.Equal(RoundStatus.Finalized, onChain.Status);
            Assert.Equal(round.GlobalModelHash, onChain.NewModelHash);
        }
    }
}
