using Consortium.Dashboard.Audit;

namespace Consortium.Dashboard.Tests;

/// <summary>An audit source whose chain endpoint refuses connections, as when anvil is not running.</summary>
internal sealed class UnreachableChainSource : IAuditSource
{
    public const string Message = "Connection refused (127.0.0.1:8545)";

    public Task<AuditSnapshot> GetSnapshotAsync(CancellationToken cancellationToken) =>
        Task.FromException<AuditSnapshot>(new HttpRequestException(Message));
}
