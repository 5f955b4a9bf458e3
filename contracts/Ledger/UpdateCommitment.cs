namespace Consortium.Contracts.Ledger;

/// <summary>What one member committed in one round, and whether its reward was claimed.</summary>
/// <param name="RoundId">The round.</param>
/// <param name="Member">The member.</param>
/// <param name="UpdateHash">Keccak-256 of the member's update; <see cref="Hash32.Zero"/> when it did not commit.</param>
/// <param name="Claimed">Whether the member's score and reward for the round were claimed.</param>
public sealed record UpdateCommitment(ulong RoundId, ChainAddress Member, Hash32 UpdateHash, bool Claimed)
{
    /// <summary>Whether the member committed an update in this round.</summary>
    public bool IsCommitted => !UpdateHash.IsZero;
}
