namespace Consortium.Dashboard.Audit;

/// <summary>
/// Supplies the dashboard with what an auditor checks: the chain the consortium records on, its members and its rounds.
/// The node implements it by reading the chain and comparing with the artifacts in its own store; the dashboard only reads.
/// </summary>
public interface IAuditSource
{
    /// <summary>Reads the current state of the ledger and of the node's artifacts.</summary>
    /// <param name="cancellationToken">Cancels the read, for example when the browser goes away.</param>
    /// <returns>A consistent picture taken at one moment.</returns>
    /// <exception cref="Exception">Any failure to reach or decode the chain; the dashboard shows it instead of the data.</exception>
    Task<AuditSnapshot> GetSnapshotAsync(CancellationToken cancellationToken);
}
