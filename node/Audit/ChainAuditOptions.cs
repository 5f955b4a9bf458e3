using Consortium.Contracts.Ledger;
using Consortium.Node.Reporting;

namespace Consortium.Node.Audit;

/// <summary>Where <see cref="ChainAuditSource"/> reads the ledger and what it compares it with.</summary>
/// <param name="RpcUrl">The JSON-RPC endpoint of the chain the consortium records on.</param>
/// <param name="Addresses">The deployed registry, round ledger and reward token.</param>
public sealed record ChainAuditOptions(string RpcUrl, ConsortiumAddresses Addresses)
{
    /// <summary>The default bound on one snapshot's chain reads.</summary>
    public static readonly TimeSpan DefaultReadTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A demo run's report: supplies each round's validation errors and the hashes, scores and rewards the coordinator
    /// says it recorded, which are checked against the chain. <see langword="null"/> when there is none.
    /// </summary>
    public DemoReport? Report { get; init; }

    /// <summary>
    /// The coordinator's store file (<c>DATA_DIR/coordinator/node.db</c>), whose model artifacts are hashed and compared with
    /// the hashes on chain. Opened read-only for each snapshot; <see langword="null"/>, or a file that does not exist, means none.
    /// </summary>
    public string? CoordinatorStorePath { get; init; }

    /// <summary>How long one snapshot may wait for the chain before it fails with a <see cref="TimeoutException"/>.</summary>
    public TimeSpan ReadTimeout { get; init; } = DefaultReadTimeout;
}
