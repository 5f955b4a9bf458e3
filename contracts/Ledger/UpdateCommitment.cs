using System.Numerics;

namespace Consortium.Contracts.Ledger;

/// <summary>What one member committed in one round, and how the coordinator scored it.</summary>
/// <param name="RoundId">The round.</param>
/// <param name="Member">The member.</param>
/// <param name="UpdateHash">Keccak-256 of the member's update; <see cref="Hash32.Zero"/> when it did not commit.</param>
/// <param name="CommittedAtBlock">The block of the commit; null when it did not commit.</param>
/// <param name="Scored">Whether the finalization scored this member.</param>
/// <param name="Score">The fixed-point score (see <see cref="MemberScore.Scale"/>); 0 until scored.</param>
/// <param name="Reward">The reward tokens minted to the member for the round, in the token's smallest unit.</param>
public sealed record UpdateCommitment(
    ulong RoundId,
    ChainAddress Member,
    Hash32 UpdateHash,
    ulong? CommittedAtBlock,
    bool Scored,
    long Score,
    BigInteger Reward)
{
    /// <summary>Whether the member committed an update in this round.</summary>
    public bool IsCommitted => !UpdateHash.IsZero;
}
