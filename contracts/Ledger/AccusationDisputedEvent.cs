namespace Consortium.Contracts.Ledger;

/// <summary>An <c>AccusationDisputed</c> event: the accused objected, and the members vote on reversing the accusation.</summary>
/// <param name="RoundId">The round.</param>
/// <param name="Member">The accused member.</param>
/// <param name="Statement">Its statement.</param>
/// <param name="VoteEndsAt">Until when the members may vote (chain time).</param>
/// <param name="TxHash">The transaction that emitted it.</param>
/// <param name="BlockNumber">The block it is in.</param>
public sealed record AccusationDisputedEvent(ulong RoundId, ChainAddress Member, string Statement, DateTimeOffset VoteEndsAt, Hash32 TxHash, ulong BlockNumber);
