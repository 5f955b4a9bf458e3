namespace Consortium.Dashboard.Audit;

/// <summary>Everything the audit page shows, read at one moment.</summary>
/// <param name="Chain">Where the ledger is and which contracts hold the consortium's state.</param>
/// <param name="Members">The consortium's members with their reward-token balances.</param>
/// <param name="Rounds">The training rounds, in the order the page lists them (oldest first is natural).</param>
/// <param name="ReadAt">When the snapshot was taken.</param>
public sealed record AuditSnapshot(
    ChainInfo Chain,
    IReadOnlyList<MemberView> Members,
    IReadOnlyList<RoundView> Rounds,
    DateTimeOffset ReadAt)
{
    /// <summary>The wear prices published on the dispatch ledger, oldest first.</summary>
    public IReadOnlyList<WearPublicationView> WearPublications { get; init; } = [];
}
