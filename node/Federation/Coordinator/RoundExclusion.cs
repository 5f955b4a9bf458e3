using Consortium.Contracts.Ledger;

namespace Consortium.Node.Federation.Coordinator;

/// <summary>A sampled member the coordinator left out of a round, the reason written on chain and what it saw.</summary>
/// <param name="Member">The member.</param>
/// <param name="Reason">The reason the round was finalized with, which decides the member's slash.</param>
/// <param name="Detail">What the coordinator observed, for people; not on chain.</param>
public sealed record RoundExclusion(ChainAddress Member, ExclusionReason Reason, string Detail)
{
    /// <summary>The exclusion as the ledger records it.</summary>
    public MemberExclusion ToLedger() => new(Member, Reason);
}
