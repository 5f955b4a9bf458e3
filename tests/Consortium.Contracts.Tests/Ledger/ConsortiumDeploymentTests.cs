using Consortium.Contracts.Chain;
using Consortium.Contracts.Ledger;

namespace Consortium.Contracts.Tests.Ledger;

[Collection(AnvilCollection.Name)]
public sealed class ConsortiumDeploymentTests(AnvilFixture anvil)
{
    [Fact]
    public async Task DeployedContractsHaveCodeAndAreWiredToEachOther()
    {
        var addresses = await ConsortiumDeployment.DeployAsync(anvil.Chain.RpcUrl, anvil.Deployer.PrivateKey, anvil.Chain.ChainId);
        var ledger = new ConsortiumLedger(ChainConnection.ReadOnly(anvil.Chain.RpcUrl), addresses);

        Assert.True(await ledger.IsDeployedAsync());
        Assert.True(await ledger.Connection.HasCodeAsync(addresses.Registry));
        Assert.True(await ledger.Connection.HasCodeAsync(addresses.Rounds));
        Assert.True(await ledger.Connection.HasCodeAsync(addresses.Token));
        Assert.Equal(3, new[] { addresses.Registry, addresses.Rounds, addresses.Token }.Distinct().Count());
        Assert.Equal(anvil.Deployer.Address, await ledger.Registry.GetAdminAsync());
        Assert.Equal(anvil.Deployer.Address, await ledger.Rounds.GetCoordinatorAsync());
        Assert.Equal(addresses.Registry, await ledger.Rounds.GetMemberRegistryAsync());
        Assert.Equal(addresses.Token, await ledger.Rounds.GetRewardTokenAsync());
    }

    [Fact]
    public async Task AnAccountWithoutContractsHasNoCode()
    {
        var connection = ChainConnection.ReadOnly(anvil.Chain.RpcUrl);
        var ledger = new ConsortiumLedger(connection, new ConsortiumAddresses(
            anvil.Chain.DevAccounts[5].Address, anvil.Chain.DevAccounts[6].Address, anvil.Chain.DevAccounts[7].Address));

        Assert.Empty(await connection.GetCodeAsync(anvil.Chain.DevAccounts[5].Address));
        Assert.False(await ledger.IsDeployedAsync());
    }

    [Fact]
    public async Task DeploymentWithoutAChainIdReadsItFromTheNode()
    {
        var connection = ChainConnection.WithSigner(anvil.Chain.RpcUrl, anvil.Chain.DevAccounts[2].PrivateKey);

        var addresses = await ConsortiumDeployment.DeployAsync(connection);

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
            () => auditor.Rounds.OpenRoundAsync(Keccak.Hash("model"u8), DateTimeOffset.UtcNow.AddHours(1)));
    }
}
