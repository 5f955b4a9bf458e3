using System.Numerics;
using Consortium.Contracts.Bindings;
using Consortium.Contracts.Chain;
using Nethereum.Contracts.MessageEncodingServices;

namespace Consortium.Contracts.Ledger;

/// <summary>
/// Deploys a fresh consortium in one transaction: the member registry, which creates the token, the round ledger and the
/// dispatch ledger, and stakes the founders. The deployer has no special rights.
/// </summary>
public static class ConsortiumDeployment
{
    /// <summary>EIP-3860's limit on creation code with its constructor arguments, bytes.</summary>
    public const int MaxInitcodeBytes = 49_152;

    /// <summary>Founders whose creation code fits <see cref="MaxInitcodeBytes"/> when each name has at most 32 characters (tested).</summary>
    public const int MaxFoundersWithShortNames = 24;

    /// <summary>Connects with the deployer's key and deploys the consortium described by <paramref name="setup"/>.</summary>
    /// <param name="rpcUrl">The JSON-RPC endpoint.</param>
    /// <param name="deployerPrivateKey">The deployer's private key.</param>
    /// <param name="setup">Founders and parameters.</param>
    /// <param name="options">Chain id, gas price policy and confirmations; defaults when null.</param>
    /// <param name="cancellationToken">Stops waiting for receipts.</param>
    /// <returns>The contracts' addresses.</returns>
    public static Task<ConsortiumAddresses> DeployAsync(
        string rpcUrl, string deployerPrivateKey, ConsortiumSetup setup, ChainConnectionOptions? options = null, CancellationToken cancellationToken = default) =>
        DeployAsync(ChainConnection.WithSigner(rpcUrl, deployerPrivateKey, options), setup, cancellationToken);

    /// <summary>Deploys the consortium described by <paramref name="setup"/> from <paramref name="deployer"/>'s account.</summary>
    /// <param name="deployer">A signing connection.</param>
    /// <param name="setup">Founders and parameters.</param>
    /// <param name="cancellationToken">Stops waiting for receipts.</param>
    /// <returns>The contracts' addresses.</returns>
    /// <exception cref="ArgumentException">The setup is invalid.</exception>
    public static async Task<ConsortiumAddresses> DeployAsync(ChainConnection deployer, ConsortiumSetup setup, CancellationToken cancellationToken = default) =>
        (await DeployWithBlockAsync(deployer, setup, cancellationToken).ConfigureAwait(false)).Addresses;

    /// <summary>
    /// Deploys as <see cref="DeployAsync(ChainConnection, ConsortiumSetup, CancellationToken)"/> does and also returns the block the registry was deployed in: where a reader of
    /// the consortium's events starts (<see cref="ConsortiumDescriptor.DeploymentBlock"/>).
    /// </summary>
    /// <param name="deployer">A connection with a signer that pays for the deployment.</param>
    /// <param name="setup">The founders and the consortium's parameters.</param>
    /// <param name="cancellationToken">Stops waiting for receipts.</param>
    public static async Task<(ConsortiumAddresses Addresses, ulong DeploymentBlock)> DeployWithBlockAsync(ChainConnection deployer, ConsortiumSetup setup, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deployer);
        ArgumentNullException.ThrowIfNull(setup);
        setup.Validate();
        var treasury = setup.TreasuryAllocation.IsZero ? ChainAddress.Zero : setup.Treasury ?? deployer.Account!.Value;
        var message = new MemberRegistryDeployment
        {
            Founders = [.. setup.Founders.Select(founder => founder.Account.ToString())],
            Names = [.. setup.Founders.Select(founder => founder.Name)],
            Roles = [.. setup.Founders.Select(founder => new BigInteger((int)founder.Role))],
            MinStake = setup.MinStake,
            AdmissionThresholdBps = checked((ushort)setup.AdmissionThresholdBps),
            ExitNoticePeriod = checked((ulong)setup.ExitNoticePeriod.TotalSeconds),
            Treasury = treasury.ToString(),
            TreasuryAllocation = setup.TreasuryAllocation,
            RoundRules = new RoundRulesData
            {
                MaliciousSlashBps = checked((ushort)setup.MaliciousSlashBps),
                NonDeliverySlashBps = checked((ushort)setup.NonDeliverySlashBps),
                ChallengeWindow = checked((ulong)setup.ChallengeWindow.TotalSeconds),
                InitialRewardPool = setup.RewardPoolPerRound,
            },
        };

        // The registry creates the token and both ledgers, so its creation code embeds theirs; with the founders' list
        // it must stay within EIP-3860's limit, or every chain refuses it with a bare "max initcode size exceeded".
        var initcode = (new DeploymentMessageEncodingService<MemberRegistryDeployment>().GetDeploymentData(message).Length - 2) / 2;
        if (initcode > MaxInitcodeBytes)
        {
            throw new ArgumentException(
                $"With {setup.Founders.Count} founders the registry's creation code is {initcode:N0} bytes, over the {MaxInitcodeBytes:N0} a chain accepts (EIP-3860): found the consortium with fewer members (about {MaxFoundersWithShortNames} with names of up to 32 characters fit) and admit the others by vote.",
                nameof(setup));
        }

        var (address, deployment) = await deployer.DeployAsync(message, cancellationToken).ConfigureAwait(false);
        var registry = new MemberRegistryClient(deployer, address);
        var created = await Task.WhenAll(registry.GetRoundLedgerAsync(), registry.GetTokenAsync(), registry.GetDispatchLedgerAsync()).ConfigureAwait(false);
        return (new ConsortiumAddresses(address, created[0], created[1], created[2]), deployment.BlockNumber);
    }
}
