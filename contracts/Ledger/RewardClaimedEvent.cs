using System.Numerics;

namespace Consortium.Contracts.Ledger;

/// <summary>A <c>RewardClaimed</c> event: a member's score and reward were proven against the round's root and paid.</summary>
/// <param name="RoundId">The round.</param>
/// <param name="Member">The member.</param>
/// <param name="Score">The fixed-point score (see <see cref="ContributionScore.Scale"/>).</param>
/// <param name="Reward">The tokens paid, in the token's smallest unit.</param>
/// <param name="TxHash">The transaction that emitted it.</param>
/// <param name="BlockNumber">The block it is in.</param>
public sealed record RewardClaimedEvent(ulong RoundId, ChainAddress Member, long Score, BigInteger Reward, Hash32 TxHash, ulong BlockNumber);
