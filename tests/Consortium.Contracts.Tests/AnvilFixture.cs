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

    /// <summary>Every key a fixture created or deployed with, by address: the members' votes the request helpers cast.</summary>
    internal static System.Collections.Concurrent.ConcurrentDictionary<ChainAddress, ChainAccount> Keys { get; } = new();

    /// <summary>The collection's anvil endpoint.</summary>
    internal static string CurrentRpcUrl { get; private set; } = string.Empty;

    public AnvilChain Chain => _chain ?? throw new InvalidOperationException("anvil has not started.");

    /// <summary>The first development account: deploys and is the founding coordinator.</summary>
    public ChainAccount Deployer => Chain.DevAccounts[0];

    /// <summary>The options every test connection signs with.</summary>
    public ChainConnectionOptions Options => new() { ChainId = Chain.ChainId };

    public async Task InitializeAsync()
    {
        _chain = await AnvilChain.StartAsync();
        CurrentRpcUrl = _chain.RpcUrl;
        Remember(_chain.DevAccounts);
        _funder = ChainConnection.WithSigner(Chain.RpcUrl, Chain.DevAccounts[1], Options);
    }

    public async Task DisposeAsync()
    {
        if (_chain is not null)
        {
            await _chain.DisposeAsync();
        }
    }

    /// <summary>Deploys a consortium founded by the deployer as coordinator alone and returns the coordinator's view.</summary>
    public Task<ConsortiumLedger> DeployAsync(Func<ConsortiumSetup, ConsortiumSetup>? configure = null) =>
        DeployWithFoundersAsync([], configure);

    /// <summary>
    /// Deploys with the deployer as coordinator and <paramref name="memberCount"/> fresh funded operators as founders,
    /// each staked with the founding allocation.
    /// </summary>
    public async Task<(ConsortiumLedger Coordinator, IReadOnlyList<ConsortiumLedger> Members)> DeployWithMembersAsync(
        int memberCount, Func<ConsortiumSetup, ConsortiumSetup>? configure = null)
    {
        var accounts = await _funder!.CreateFundedAccountsAsync(memberCount, OneEther);
        Remember(accounts);
        var founders = accounts.Select((account, i) => new FoundingMember(account.Address, $"Operator {i + 1}", MemberRole.Operator)).ToArray();
        var coordinator = await DeployWithFoundersAsync(founders, configure);
        return (coordinator, accounts.Select(account => Connect(account, coordinator.Addresses)).ToArray());
    }

    /// <summary>Fresh funded accounts that are not members, each a ledger view bound to <paramref name="addresses"/>.</summary>
    public async Task<IReadOnlyList<ConsortiumLedger>> CreateAccountsAsync(ConsortiumAddresses addresses, int count)
    {
        var accounts = await _funder!.CreateFundedAccountsAsync(count, OneEther);
        Remember(accounts);
        return accounts.Select(account => Connect(account, addresses)).ToArray();
    }

    public ConsortiumLedger Connect(ChainAccount account, ConsortiumAddresses addresses) =>
        new(ChainConnection.WithSigner(Chain.RpcUrl, account, Options), addresses);

    private void Remember(IEnumerable<ChainAccount> accounts)
    {
        Keys[Deployer.Address] = Deployer;
        foreach (var account in accounts)
        {
            Keys[account.Address] = account;
        }
    }

    private async Task<ConsortiumLedger> DeployWithFoundersAsync(IReadOnlyList<FoundingMember> others, Func<ConsortiumSetup, ConsortiumSetup>? configure)
    {
        Remember([]);
        var connection = ChainConnection.WithSigner(Chain.RpcUrl, Deployer, Options);
        var setup = new ConsortiumSetup([new FoundingMember(Deployer.Address, "Coordinator", MemberRole.Coordinator), .. others])
        {
            TreasuryAllocation = TokenAmount.FromTokens(10_000m),
        };
        var addresses = await ConsortiumDeployment.DeployAsync(connection, configure?.Invoke(setup) ?? setup);
        return new ConsortiumLedger(connection, addresses);
    }
}
