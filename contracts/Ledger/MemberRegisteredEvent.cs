using System.Numerics;

namespace Consortium.Contracts.Ledger;

/// <summary>A <c>MemberRegistered</c> event: an account became a member, at deployment or by an admission vote.</summary>
/// <param name="Member">The member's account.</param>
/// <param name="Name">Its display name.</param>
/// <param name="Role">Its role.</param>
/// <param name="Stake">The stake it joined with.</param>
/// <param name="TxHash">The transaction that emitted it.</param>
/// <param name="BlockNumber">The block it is in.</param>
public sealed record MemberRegisteredEvent(ChainAddress Member, string Name, MemberRole Role, BigInteger Stake, Hash32 TxHash, ulong BlockNumber);
