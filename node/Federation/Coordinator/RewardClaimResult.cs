using Consortium.Network.Federation;

namespace Consortium.Node.Federation.Coordinator;

/// <summary>What became of a scored member's reward claim: the member claimed it with its key, or the call failed and the leaf stays claimable.</summary>
/// <param name="Member">The scored member.</param>
/// <param name="Receipt">The member's claim transaction; null when the call failed.</param>
/// <param name="Failure">Why the member did not claim; null when it did.</param>
public sealed record RewardClaimResult(ChainAddress Member, ClaimReceipt? Receipt, string? Failure)
{
    /// <summary>Whether the reward was claimed on chain.</summary>
    public bool Claimed => Receipt is not null;
}
