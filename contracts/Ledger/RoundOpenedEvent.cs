namespace Consortium.Contracts.Ledger;

/// <summary>A <c>RoundOpened</c> event: the coordinator opened a round.</summary>
/// <param name="RoundId">The round.</param>
/// <param name="GlobalModelHash">The model the round starts from.</param>
/// <param name="Deadline">When commits stop being accepted (chain time).</param>
/// <param name="TxHash">The transaction that emitted it.</param>
/// <param name="BlockNumber">The block it is in.</param>
public sealed record RoundOpenedEvent(ulong RoundId, Hash32 GlobalModelHash, DateTimeOffset Deadline, Hash32 TxHash, ulong BlockNumber);
