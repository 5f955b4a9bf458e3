namespace Consortium.Contracts.Ledger;

/// <summary>A member the coordinator left out of a round, and why.</summary>
/// <param name="Member">The member.</param>
/// <param name="Reason">The reason, which decides its slash.</param>
public sealed record MemberExclusion(ChainAddress Member, ExclusionReason Reason);
