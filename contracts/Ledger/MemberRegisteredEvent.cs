namespace Consortium.Contracts.Ledger;

/// <summary>A <c>MemberRegistered</c> event: the admin added a member.</summary>
/// <param name="Member">The member's account.</param>
/// <param name="Name">Its display name.</param>
/// <param name="TxHash">The transaction that emitted it.</param>
/// <param name="BlockNumber">The block it is in.</param>
public sealed record MemberRegisteredEvent(ChainAddress Member, string Name, Hash32 TxHash, ulong BlockNumber);
