namespace Consortium.Contracts.Ledger;

/// <summary>Where the consortium's contracts live on the chain.</summary>
/// <param name="Registry">The MemberRegistry contract.</param>
/// <param name="Rounds">The RoundLedger contract.</param>
/// <param name="Token">The consortium token (created by the MemberRegistry).</param>
/// <param name="Dispatch">The DispatchLedger contract.</param>
public sealed record ConsortiumAddresses(ChainAddress Registry, ChainAddress Rounds, ChainAddress Token, ChainAddress Dispatch);
