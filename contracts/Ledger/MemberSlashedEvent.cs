using System.Numerics;

namespace Consortium.Contracts.Ledger;

/// <summary>A <c>MemberSlashed</c> event: a ledger took part of a member's stake and burned it.</summary>
/// <param name="Member">The member.</param>
/// <param name="Ledger">The ledger that slashed: the round ledger or the dispatch ledger.</param>
/// <param name="Amount">The tokens taken.</param>
/// <param name="Reason">The ledger's reason code: an <see cref="ExclusionReason"/> from the round ledger, 1 (delivery shortfall) from the dispatch ledger.</param>
/// <param name="Reference">The round or dispatch event the slash is for.</param>
/// <param name="TxHash">The transaction that emitted it.</param>
/// <param name="BlockNumber">The block it is in.</param>
public sealed record MemberSlashedEvent(ChainAddress Member, ChainAddress Ledger, BigInteger Amount, int Reason, ulong Reference, Hash32 TxHash, ulong BlockNumber);
