using System.Numerics;

namespace Consortium.Network.Federation;

/// <summary>A member's leaf of a round's reward tree with its Merkle proof.</summary>
/// <param name="Round">Round id on the ledger.</param>
/// <param name="Score">Fixed-point score (10⁶ = 1.0) as in the leaf.</param>
/// <param name="Reward">Reward in token base units as in the leaf.</param>
/// <param name="Proof">32-byte sibling hashes from the leaf up to the root.</param>
public sealed record RewardClaim(long Round, long Score, BigInteger Reward, IReadOnlyList<Hash32> Proof);
