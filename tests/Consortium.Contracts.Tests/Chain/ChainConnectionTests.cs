using System.Numerics;
using Consortium.Contracts.Chain;
using Consortium.Contracts.Ledger;
using Nethereum.Web3;

namespace Consortium.Contracts.Tests.Chain;

[Collection(AnvilCollection.Name)]
public sealed class ChainConnectionTests(AnvilFixture anvil)
{
    [Fact]
    public async Task FunderGivesTwentyFreshAccountsTheirOwnKeysAndExactlyTheAmountSent()
    {
        var funder = ChainConnection.WithSigner(anvil.Chain.RpcUrl, anvil.Chain.DevAccounts[3], anvil.Options);
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

    [Theory]
    [InlineData(GasPricePolicy.Eip1559, 2)]
    [InlineData(GasPricePolicy.Legacy, 0)]
    public async Task TheGasPricePolicyDecidesTheTransactionType(GasPricePolicy policy, int expectedType)
    {
        var funder = ChainConnection.WithSigner(anvil.Chain.RpcUrl, anvil.Chain.DevAccounts[3], anvil.Options);
        var account = (await funder.CreateFundedAccountsAsync(1, BigInteger.Pow(10, 18)))[0];
        var connection = ChainConnection.WithSigner(anvil.Chain.RpcUrl, account, anvil.Options with { GasPrice = policy });

        var transfer = await connection.SendEtherAsync(anvil.Chain.DevAccounts[4].Address, 1);

        var sent = await new Web3(anvil.Chain.RpcUrl).Eth.Transactions.GetTransactionByHash.SendRequestAsync(transfer.TxHash.ToString());
        Assert.Equal(expectedType, (int)(sent.Type?.Value ?? 0));
    }

    [Fact]
    public async Task AFixedGasPriceIsUsedForContractCallsAndTransfers()
    {
        var fixedPrice = new BigInteger(3_000_000_000);
        var options = anvil.Options with { GasPrice = GasPricePolicy.Fixed, FixedGasPriceWei = fixedPrice };
        var connection = ChainConnection.WithSigner(anvil.Chain.RpcUrl, anvil.Chain.DevAccounts[5], options);

        var addresses = await ConsortiumDeployment.DeployAsync(connection, ConsortiumSetup.WithCoordinator(anvil.Chain.DevAccounts[5].Address));
        var open = await new ConsortiumLedger(connection, addresses).Rounds.OpenRoundAsync(FederatedTask.LoadForecast, Keccak.Hash("model"u8), DateTimeOffset.UtcNow.AddHours(1), DateTimeOffset.UtcNow.AddHours(2));

        var sent = await new Web3(anvil.Chain.RpcUrl).Eth.Transactions.GetTransactionByHash.SendRequestAsync(open.Transaction.TxHash.ToString());
        Assert.Equal(fixedPrice, sent.GasPrice.Value);
        Assert.Equal(0, (int)(sent.Type?.Value ?? 0));
    }

    [Fact]
    public async Task TransactionsReturnOnlyAfterTheConfiguredConfirmations()
    {
        // Blocks every second, so confirmations accumulate without more transactions.
        await using var chain = await AnvilChain.StartAsync(new AnvilOptions { BlockTimeSeconds = 1 });
        var connection = ChainConnection.WithSigner(chain.RpcUrl, chain.DevAccounts[0], new ChainConnectionOptions { ChainId = chain.ChainId, Confirmations = 3 });

        var transfer = await connection.SendEtherAsync(chain.DevAccounts[1].Address, 1);

        Assert.True(await connection.GetBlockNumberAsync() >= transfer.BlockNumber + 2);
    }

    [Fact]
    public void InvalidOptionsAreRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ChainConnection.WithSigner("http://127.0.0.1:1", anvil.Deployer, new ChainConnectionOptions { Confirmations = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => ChainConnection.WithSigner("http://127.0.0.1:1", anvil.Deployer, new ChainConnectionOptions { ChainId = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(
            () => ChainConnection.WithSigner("http://127.0.0.1:1", anvil.Deployer, new ChainConnectionOptions { GasPrice = GasPricePolicy.Fixed, FixedGasPriceWei = -1 }));
    }
}
