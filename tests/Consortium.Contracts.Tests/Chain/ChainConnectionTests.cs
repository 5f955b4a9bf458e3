using System.Numerics;
using Consortium.Contracts.Chain;

namespace Consortium.Contracts.Tests.Chain;

[Collection(AnvilCollection.Name)]
public sealed class ChainConnectionTests(AnvilFixture anvil)
{
    [Fact]
    public async Task FunderGivesTwentyFreshAccountsTheirOwnKeysAndExactlyTheAmountSent()
    {
        var funder = ChainConnection.WithSigner(anvil.Chain.RpcUrl, anvil.Chain.DevAccounts[3], anvil.Chain.ChainId);
        var amount = BigInteger.Parse("250000000000000000", System.Globalization.CultureInfo.InvariantCulture);

        var accounts = await funder.CreateFundedAccountsAsync(20, amount);

        Assert.Equal(20, accounts.Select(a => a.Address).Distinct().Count());
        var balances = await Task.WhenAll(accounts.Select(a => funder.GetEtherBalanceAsync(a.Address)));
        Assert.All(balances, balance => Assert.Equal(amount, balance));
    }

    [Fact]
    public async Task FundedAccountCanSendItsOwnTransaction()
    {
        var funder = ChainConnection.WithSigner(anvil.Chain.RpcUrl, anvil.Chain.DevAccounts[3]);
        var account = (await funder.CreateFundedAccountsAsync(1, BigInteger.Pow(10, 18)))[0];
        var own = ChainConnection.WithSigner(anvil.Chain.RpcUrl, account);

        var transfer = await own.SendEtherAsync(anvil.Chain.DevAccounts[4].Address, 1234);

        Assert.Equal(21_000UL, transfer.GasUsed);
        Assert.Equal(account.Address, own.Account);
    }

    [Fact]
    public async Task UnreachableEndpointSurfacesAsLedgerException()
    {
        var connection = ChainConnection.ReadOnly("http://127.0.0.1:1");

        await Assert.ThrowsAsync<LedgerException>(connection.GetChainIdAsync);
    }
}
