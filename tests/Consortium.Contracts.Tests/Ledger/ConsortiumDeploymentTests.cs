using Consortium.Contracts.Chain;
using Consortium.Contracts.Ledger;

namespace Consortium.Contracts.Tests.Ledger;

[Collection(AnvilCollection.Name)]
public sealed class ConsortiumDeploymentTests(AnvilFixture anvil)
{
    [Fact]
    public async Task DeployedContractsHaveCodeAndAreWiredToEachOther()
    {
        var addresses = await ConsortiumDeployment.DeployAsync(
            anvil.Chain.RpcUrl, anvil.Deployer.PrivateKey, ConsortiumSetup.WithCoordinator(anvil.Deployer.Address), anvil.Options);
        var ledger = new ConsortiumLedger(ChainConnection.ReadOnly(anvil.Chain.RpcUrl), addresses);

        Assert.True(await ledger.IsDeployedAsync());
        Assert.Equal(4, new[] { addresses.Registry, addresses.Rounds, addresses.Token, addresses.Dispatch }.Distinct().Count());
        Assert.Equal(anvil.Deployer.Address, await ledger.Registry.GetCoordinatorAsync());
        Assert.Equal(anvil.Deployer.Address, await ledger.Rounds.GetCoordinatorAsync());
        Assert.Equal(addresses.Registry, await ledger.Rounds.GetMemberRegistryAsync());
        Assert.Equal(addresses.Token, await ledger.Rounds.GetRewardTokenAsync());
        Assert.Equal(addresses.Registry, await ledger.Token.GetMinterAsync());
        Assert.Equal(addresses.Rounds, await ledger.Registry.GetRoundLedgerAsync());
        Assert.Equal(addresses.Dispatch, await ledger.Registry.GetDispatchLedgerAsync());
        Assert.Equal(new RoundSlashRates(5_000, 1_000), await ledger.Rounds.GetSlashRatesAsync());
        Assert.Equal(5_001, await ledger.Registry.GetAdmissionThresholdBpsAsync());
        Assert.Equal(TimeSpan.FromDays(7), await ledger.Registry.GetExitNoticePeriodAsync());
    }

    [Fact]
    public async Task TheTreasuryReceivesItsAllocationAndTheFoundersTheirStakes()
    {
        var treasury = ChainAccount.Generate().Address;
        var setup = ConsortiumSetup.WithCoordinator(anvil.Deployer.Address) with
        {
            Treasury = treasury,
            TreasuryAllocation = RewardTokenClient.ToUnits(500m),
            MinStake = RewardTokenClient.ToUnits(25m),
        };

        var addresses = await ConsortiumDeployment.DeployAsync(ChainConnection.WithSigner(anvil.Chain.RpcUrl, anvil.Deployer, anvil.Options), setup);

        var ledger = new ConsortiumLedger(ChainConnection.ReadOnly(anvil.Chain.RpcUrl), addresses);
        Assert.Equal(RewardTokenClient.ToUnits(500m), await ledger.Token.BalanceOfAsync(treasury));
        Assert.Equal(RewardTokenClient.ToUnits(25m), (await ledger.Registry.GetMemberAsync(anvil.Deployer.Address)).Stake);
        Assert.Equal(RewardTokenClient.ToUnits(525m), await ledger.Token.TotalSupplyAsync());
    }

    [Fact]
    public async Task InvalidSetupsAreRefusedBeforeAnythingIsSent()
    {
        var deployer = ChainConnection.WithSigner(anvil.Chain.RpcUrl, anvil.Deployer, anvil.Options);
        var noCoordinator = new ConsortiumSetup([new FoundingMember(anvil.Deployer.Address, "Operator", MemberRole.Operator)]);
        var inverted = ConsortiumSetup.WithCoordinator(anvil.Deployer.Address) with { MaliciousSlashBps = 100, NonDeliverySlashBps = 200 };

        await Assert.ThrowsAsync<ArgumentException>(() => ConsortiumDeployment.DeployAsync(deployer, noCoordinator));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => ConsortiumDeployment.DeployAsync(deployer, inverted));
    }

    [Fact]
    public async Task AnAccountWithoutContractsHasNoCode()
    {
        var connection = ChainConnection.ReadOnly(anvil.Chain.RpcUrl);
        var ledger = new ConsortiumLedger(connection, new ConsortiumAddresses(
            anvil.Chain.DevAccounts[5].Address, anvil.Chain.DevAccounts[6].Address, anvil.Chain.DevAccounts[7].Address, anvil.Chain.DevAccounts[8].Address));

        Assert.Empty(await connection.GetCodeAsync(anvil.Chain.DevAccounts[5].Address));
        Assert.False(await ledger.IsDeployedAsync());
    }

    [Fact]
    public async Task DeploymentWithoutAChainIdReadsItFromTheNode()
    {
        var connection = ChainConnection.WithSigner(anvil.Chain.RpcUrl, anvil.Chain.DevAccounts[2].PrivateKey);

        var addresses = await ConsortiumDeployment.DeployAsync(connection, ConsortiumSetup.WithCoordinator(anvil.Chain.DevAccounts[2].Address));

        Assert.Equal(anvil.Chain.ChainId, await connection.GetChainIdAsync());
        Assert.Equal(anvil.Chain.DevAccounts[2].Address, await new ConsortiumLedger(connection, addresses).Rounds.GetCoordinatorAsync());
    }

    [Fact]
    public async Task ReadOnlyConnectionRefusesToSendTransactions()
    {
        var coordinator = await anvil.DeployAsync();
        var auditor = new ConsortiumLedger(ChainConnection.ReadOnly(anvil.Chain.RpcUrl), coordinator.Addresses);

        Assert.Null(auditor.Account);
        await Assert.ThrowsAsync<InvalidOperationException>(
            () => auditor.Rounds.OpenRoundAsync(Keccak.Hash("model"u8), DateTimeOffset.UtcNow.AddHours(1), DateTimeOffset.UtcNow.AddHours(2)));
    }
}
