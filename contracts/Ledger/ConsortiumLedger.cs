using Consortium.Contracts.Chain;

namespace Consortium.Contracts.Ledger;

/// <summary>
/// The consortium's contracts seen from one account: the member registry, the round ledger, the dispatch ledger and the
/// token, sharing one <see cref="ChainConnection"/> (so one nonce sequence for everything this account sends). Each is
/// exposed through its interface (<see cref="IMemberRegistry"/>, <see cref="IRoundLedger"/>, <see cref="IDispatchLedger"/>,
/// <see cref="IRewardToken"/>); the Nethereum clients behind them are an implementation detail.
/// </summary>
public sealed class ConsortiumLedger
{
    /// <summary>Binds to the deployed contracts through <paramref name="connection"/>.</summary>
    /// <param name="connection">The endpoint, signing or read-only.</param>
    /// <param name="addresses">Where the contracts are.</param>
    public ConsortiumLedger(ChainConnection connection, ConsortiumAddresses addresses)
    {
        Connection = connection ?? throw new ArgumentNullException(nameof(connection));
        Addresses = addresses ?? throw new ArgumentNullException(nameof(addresses));
        Registry = new MemberRegistryClient(connection, addresses.Registry);
        Rounds = new RoundLedgerClient(connection, addresses.Rounds);
        Token = new RewardTokenClient(connection, addresses.Token);
        Dispatch = new DispatchLedgerClient(connection, addresses.Dispatch);
    }

    /// <summary>Connects with a signing account and binds to the deployed contracts.</summary>
    /// <param name="rpcUrl">The JSON-RPC endpoint.</param>
    /// <param name="privateKey">The account's private key.</param>
    /// <param name="addresses">Where the contracts are.</param>
    /// <param name="options">Chain id, gas price policy and confirmations; defaults when null.</param>
    public ConsortiumLedger(string rpcUrl, string privateKey, ConsortiumAddresses addresses, ChainConnectionOptions? options = null)
        : this(ChainConnection.WithSigner(rpcUrl, privateKey, options), addresses)
    {
    }

    /// <summary>The endpoint and signing account.</summary>
    public ChainConnection Connection { get; }

    /// <summary>Where the contracts are.</summary>
    public ConsortiumAddresses Addresses { get; }

    /// <summary>The signing account, or null for a read-only ledger.</summary>
    public ChainAddress? Account => Connection.Account;

    /// <summary>The member registry: membership, votes, stakes, reputation.</summary>
    public IMemberRegistry Registry { get; }

    /// <summary>The round ledger: training rounds, commitments, rewards, exclusions.</summary>
    public IRoundLedger Rounds { get; }

    /// <summary>The consortium token.</summary>
    public IRewardToken Token { get; }

    /// <summary>The dispatch ledger: dispatch events, allocations, declines, deliveries, settlements.</summary>
    public IDispatchLedger Dispatch { get; }

    /// <summary>Whether all four contracts have code at their addresses (a wrong chain or a reset anvil has none).</summary>
    public async Task<bool> IsDeployedAsync()
    {
        var present = await Task.WhenAll(
            Connection.HasCodeAsync(Addresses.Registry),
            Connection.HasCodeAsync(Addresses.Rounds),
            Connection.HasCodeAsync(Addresses.Token),
            Connection.HasCodeAsync(Addresses.Dispatch)).ConfigureAwait(false);
        return present.All(has => has);
    }
}
