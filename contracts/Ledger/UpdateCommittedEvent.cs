namespace Consortium.Contracts.Ledger;

/// <summary>An <c>UpdateCommitted</c> event: a member committed its update's hash.</summary>
/// <param name="RoundId">The round.</param>
/// <param name="Member">The member.</param>
/// <param name="UpdateHash">Keccak-256 of the member's update.</param>
/// <param name="TxHash">The transaction that emitted it.</param>
/// <param name="BlockNumber">The block it is in.</param>
public sealed record UpdateCommittedEvent(ulong RoundId, ChainAddress Member, Hash32 UpdateHash, Hash32 TxHash, ulong BlockNumber);
