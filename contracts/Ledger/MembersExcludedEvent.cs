namespace Consortium.Contracts.Ledger;

/// <summary>A <c>MembersExcluded</c> event: the members a finalization left out of the round, with their reasons.</summary>
/// <param name="RoundId">The round.</param>
/// <param name="Exclusions">The excluded members in ascending address order.</param>
/// <param name="TxHash">The transaction that emitted it.</param>
/// <param name="BlockNumber">The block it is in.</param>
public sealed record MembersExcludedEvent(ulong RoundId, IReadOnlyList<MemberExclusion> Exclusions, Hash32 TxHash, ulong BlockNumber);
