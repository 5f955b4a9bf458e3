namespace Consortium.Contracts.Ledger;

/// <summary>Where the consortium's contracts live on the chain.</summary>
/// <param name="Registry">The MemberRegistry contract.</param>
/// <param name="Rounds">The RoundLedger contract.</param>
/// <param name="Token">The RewardToken contract (created by the RoundLedger).</param>
public sealed record ConsortiumAddresses(ChainAddress Registry, ChainAddress Rounds, ChainAddress Token);
