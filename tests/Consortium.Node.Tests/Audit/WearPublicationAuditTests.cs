using System.Numerics;
using Consortium.Contracts;
using Consortium.Contracts.Chain;
using Consortium.Contracts.Ledger;
using Consortium.Node.Audit;

namespace Consortium.Node.Tests.Audit;

/// <summary>
/// The dashboard's source reads the wear prices of a real anvil's dispatch ledger: each publication with the battery round
/// and model it came from, its prices per chemistry, and which one is in force.
/// </summary>
public sealed class WearPublicationAuditTests : IAsyncLifetime
{
    private AnvilChain _chain = null!;

    public async Task InitializeAsync() => _chain = await AnvilChain.StartAsync();

    public async Task DisposeAsync() => await _chain.DisposeAsync();

    [Fact]
    public async Task EachPublicationIsListedWithItsRoundModelAndPricesAndTheLatestIsInForce()
    {
        var deployer = ChainConnection.WithSigner(_chain.RpcUrl, _chain.DevAccounts[0]);
        var automaker = _chain.DevAccounts[1];
        var addresses = await ConsortiumDeployment.DeployAsync(deployer, new ConsortiumSetup(
        [
            new FoundingMember(deployer.Account!.Value, "coordinator", MemberRole.Coordinator),
            new FoundingMember(automaker.Address, "automaker", MemberRole.Automaker),
        ]));
        var coordinator = new ConsortiumLedger(deployer, addresses);
        var member = new ConsortiumLedger(_chain.RpcUrl, automaker.PrivateKey, addresses);
        var source = new ChainAuditSource(new ChainAuditOptions(_chain.RpcUrl, addresses));
        var assumptions = Keccak.Hash("{\"replacementCostPerKwh\":90,\"endOfLifeSoh\":80}"u8);

        var before = await source.GetSnapshotAsync(CancellationToken.None);
        var first = await FinalizedBatteryRoundAsync(coordinator, member, 1);
        await coordinator.Dispatch.PublishWearPricesAsync(first.Round, [new("NCM", Units(0.171)), new("LFP", Units(0.098))], assumptions);
        var second = await FinalizedBatteryRoundAsync(coordinator, member, 2);
        await coordinator.Dispatch.PublishWearPricesAsync(second.Round, [new("NCM", Units(0.164)), new("LFP", Units(0.1024)), new("NCA", Units(0.216))], assumptions);
        var after = await source.GetSnapshotAsync(CancellationToken.None);

        Assert.Empty(before.WearPublications);
        Assert.Collection(
            after.WearPublications,
            older =>
            {
                Assert.Equal((first.Round, first.Model.ToString(), false, true), (older.RoundId, older.ModelHash, older.InForce, older.ModelMatchesRound));
                Assert.Equal(["LFP", "NCM"], older.Prices.Select(p => p.Chemistry));
                Assert.Equal(0.098m, older.Prices[0].PerKwh);
            },
            latest =>
            {
                Assert.Equal((second.Round, second.Model.ToString(), true, true), (latest.RoundId, latest.ModelHash, latest.InForce, latest.ModelMatchesRound));
                Assert.Equal(assumptions.ToString(), latest.AssumptionsHash);
                Assert.Equal(["LFP", "NCA", "NCM"], latest.Prices.Select(p => p.Chemistry));
                Assert.Equal(0.216m, latest.Prices[1].PerKwh);
            });
    }

    private static BigInteger Units(double perKwh) => new BigInteger(Math.Round(perKwh * 10_000)) * BigInteger.Pow(10, 14);

    private async Task<(ulong Round, Hash32 Model)> FinalizedBatteryRoundAsync(ConsortiumLedger coordinator, ConsortiumLedger member, byte seed)
    {
        var now = DateTimeOffset.UtcNow;
        var opening = await coordinator.Rounds.OpenRoundAsync(FederatedTask.BatteryHealth, Keccak.Hash([seed]), now.AddMinutes(10), now.AddHours(1));
        await member.Rounds.CommitUpdateAsync(opening.RoundId, Keccak.Hash([seed, 1]));
        var model = Keccak.Hash([seed, 2]);
        var table = RoundScoreTable.Create(opening.RoundId, [new MemberScore(member.Account!.Value, 1_000_000, BigInteger.Pow(10, 18))], []);
        await coordinator.Rounds.FinalizeRoundAsync(table, model);
        return (opening.RoundId, model);
    }
}
