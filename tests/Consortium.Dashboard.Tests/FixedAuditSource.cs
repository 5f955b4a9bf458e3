using Consortium.Dashboard.Audit;

namespace Consortium.Dashboard.Tests;

/// <summary>An audit source that always answers with the same snapshot, standing in for the node's chain reader.</summary>
internal sealed class FixedAuditSource(AuditSnapshot snapshot) : IAuditSource
{
    private int _reads;

    public int Reads => Volatile.Read(ref _reads);

    public Task<AuditSnapshot> GetSnapshotAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _reads);
        return Task.FromResult(snapshot);
    }
}
