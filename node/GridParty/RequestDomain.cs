using Consortium.Contracts.Ledger;

namespace Consortium.Node.GridParty;

/// <summary>
/// The consortium a flexibility request is signed for: the EIP-712 domain's chain and verifying contract (the consortium's
/// dispatch ledger), so a request signed for one consortium or chain is worth nothing on another.
/// </summary>
/// <param name="ChainId">The chain's id (EIP-155).</param>
/// <param name="DispatchLedger">The consortium's dispatch ledger.</param>
public sealed record RequestDomain(long ChainId, ChainAddress DispatchLedger)
{
    /// <summary>The EIP-712 domain name the dispatch ledger signs under.</summary>
    public const string Name = "Consortium dispatch";

    /// <summary>The EIP-712 domain version.</summary>
    public const string Version = "1";

    /// <summary>
    /// The domain of requests written for <c>dispatch simulate</c> alone: anvil's chain id and an address no ledger is
    /// deployed at, so no consortium opens an event for them.
    /// </summary>
    public static RequestDomain Simulation { get; } = new(31337, ChainAddress.Parse("0x000000000000000000000000000000000000dead"));

    /// <summary>The domain of the consortium a descriptor names: its chain and its dispatch ledger.</summary>
    /// <param name="descriptor">The consortium's descriptor.</param>
    /// <returns>The domain requests for that consortium are signed under.</returns>
    public static RequestDomain Of(ConsortiumDescriptor descriptor)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        return new RequestDomain(descriptor.ChainId, descriptor.Contracts.Dispatch);
    }
}
