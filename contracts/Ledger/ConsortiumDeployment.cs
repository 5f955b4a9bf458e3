using Consortium.Contracts.Bindings;
using Consortium.Contracts.Chain;

namespace Consortium.Contracts.Ledger;

/// <summary>Deploys a fresh set of consortium contracts, with the deployer as registry admin and round coordinator.</summary>
public static class ConsortiumDeployment
{
    /// <summary>Deploys the member registry and the round ledger, which creates the reward token it alone can mint.</summary>
    /// <param name="rpcUrl">The JSON-RPC endpoint.</param>
    /// <param name="deployerPrivateKey">The deployer's private key; it becomes admin and coordinator.</param>
    /// <param name="chainId">The chain id; read from the node when omitted.</param>
    /// <param name="cancellationToken">Stops waiting for receipts.</param>
    /// <returns>The contracts' addresses.</returns>
    public static Task<ConsortiumAddresses> DeployAsync(
        string rpcUrl, string deployerPrivateKey, long? chainId = null, CancellationToken cancellationToken = default) =>
        DeployAsync(ChainConnection.WithSigner(rpcUrl, deployerPrivateKey, chainId), cancellationToken);

    /// <summary>Deploys the member registry and the round ledger, which creates the reward token it alone can mint.</summary>
    /// <param name="deployer">A signing connection; its account becomes admin and coordinator.</param>
    /// <param name="cancellationToken">Stops waiting for receipts.</param>
    /// <returns>The contracts' addresses.</returns>
    public static async Task<ConsortiumAddresses> DeployAsync(ChainConnection deployer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deployer);
        var (registry, _) = await deployer.DeployAsync(new MemberRegistryDeployment(), cancellationToken).ConfigureAwait(false);
        var (rounds, _) = await deployer.DeployAsync(
            new RoundLedgerDeployment { Registry = registry.ToString() }, cancellationToken).ConfigureAwait(false);
        var token = await new RoundLedgerClient(deployer, rounds).GetRewardTokenAsync().ConfigureAwait(false);
        return new ConsortiumAddresses(registry, rounds, token);
    }
}
