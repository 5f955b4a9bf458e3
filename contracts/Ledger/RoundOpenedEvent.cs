namespace Consortium.Contracts.Ledger;

/// <summary>A <c>RoundOpened</c> event: the coordinator opened a round.</summary>
/// <param name="RoundId">The round.</param>
/// <param name="GlobalModelHash">The model the round starts from.</param>
/// <param name="CommitDeadline">When commits stop being accepted (chain time).</param>
/// <param name="FinalizeDeadline">When the round can no longer be finalized (chain time).</param>
/// <param name="TxHash">The transaction that emitted it.</param>
/// <param name="BlockNumber">The block it is in.</param>
public sealed record RoundOpenedEvent(ulong RoundId, Hash32 GlobalModelHash, DateTimeOffset CommitDeadline, DateTimeOffset FinalizeDeadline, Hash32 TxHash, ulong BlockNumber)
{
    /// <summary>Whether the round was opened secure.</summary>
    public bool SecureAggregation { get; init; }

    /// <summary>The federated task the round trains.</summary>
    public FederatedTask Task { get; init; } = FederatedTask.LoadForecast;
}
