using System.Numerics;
using Consortium.Contracts.Chain;
using Consortium.Contracts.Ledger;

namespace Consortium.Contracts.Tests;

/// <summary>One real anvil for the whole test collection; each test deploys its own contracts.</summary>
public sealed class AnvilFixture : IAsyncLifetime
{
    private static readonly BigInteger OneEther = BigInteger.Pow(10, 18);
    private AnvilChain? _chain;
    private ChainConnection? _funder;

    public AnvilChain Chain => _chain ?? throw new InvalidOperationException("anvil has not started.");

    /// <summary>The first development account: deploys, administers and coordinates.</summary>
    public ChainAccount Deployer => Chain.DevAccounts[0];

    public async Task InitializeAsync()
    {
        _chain = await AnvilChain.StartAsync();
        _funder = ChainConnection.WithSigner(Chain.RpcUrl, Chain.DevAccounts[1], Chain.ChainId);
    }

    public async Task DisposeAsync()
    {
        if (_chain is not null)
        {
            await _chain.DisposeAsync();
        }
    }

    /// <summary>Deploys fresh contracts and returns the coordinator's view of them.</summary>
    public async Task<ConsortiumLedger> DeployAsync()
    {
        var coordinator = ChainConnection.WithSigner(Chain.RpcUrl, Deployer, Chain.ChainId);
        var addresses = await ConsortiumDeployment.DeployAsync(coordinator);
        return new ConsortiumLedger(coordinator, addresses);
    }

    /// <summary>Fresh funded accounts, each a ledger view bound to <paramref name="addresses"/>.</summary>
    public async Task<IReadOnlyList<ConsortiumLedger>> CreateAccountsAsync(ConsortiumAddresses addresses, int count)
    {
        var accounts = await _funder!.CreateFundedAccountsAsync(count, OneEther);
        return accounts
            .Select(account => new ConsortiumLedger(ChainConnection.WithSigner(Chain.RpcUrl, account, Chain.ChainId), addresses))
            .ToArray();
    }

    /// <summary>Deploys, funds <paramref name="memberCount"/> accounts and registers them as members.</summary>
    public async Task<(ConsortiumLedger Coordinator, IReadOnlyList<ConsortiumLedger> Members)> DeployWithMembersAsync(int memberCount)
    {
        var coordinator = await DeployAsync();
        var members = await CreateAccountsAsync(coordinator.Addresses, memberCount);
        for (var i = 0; i < members.Count; i++)
        {
            await coordinator.Registry.RegisterMemberAsync(members[i].Account!.Value, $"Operator {i + 1}");
        }

        return (coordinator, members);
    }
}
