namespace Consortium.Dashboard.Audit;

/// <summary>
/// One training round: what the chain recorded and, where the node holds the artifacts, how they compare.
/// Properties rather than a positional record because most of them are optional and a call site reads better with names.
/// </summary>
public sealed record RoundView
{
    /// <summary>The round number on chain.</summary>
    public required ulong RoundId { get; init; }

    /// <summary>The hash of the global model the round was opened with.</summary>
    public required string OpenedModelHash { get; init; }

    /// <summary>The hash of the aggregated model, once the round is finalized.</summary>
    public string? FinalizedModelHash { get; init; }

    /// <summary>The federated task the round trains, as the chain records it: "load forecast" or "battery health".</summary>
    public string Task { get; init; } = "load forecast";

    /// <summary>Whether the round is still open or finalized.</summary>
    public required RoundStatus Status { get; init; }

    /// <summary>The update commitments recorded during the round.</summary>
    public IReadOnlyList<CommitView> Commits { get; init; } = [];

    /// <summary>The contribution scores and rewards recorded at finalization.</summary>
    public IReadOnlyList<ScoreView> Scores { get; init; } = [];

    /// <summary>The transaction that finalized the round.</summary>
    public string? FinalizeTxHash { get; init; }

    /// <summary>The gas the finalize transaction used.</summary>
    public ulong? GasUsed { get; init; }

    /// <summary>The aggregated model's forecast RMSE on the evaluation data, when known.</summary>
    public double? FederatedRmse { get; init; }

    /// <summary>The seasonal-naive baseline's RMSE on the same data, when known.</summary>
    public double? SeasonalNaiveRmse { get; init; }

    /// <summary>
    /// Whether the node's artifacts reproduce the hashes, scores and rewards on chain:
    /// <see langword="null"/> when the node holds no artifacts for the round to compare.
    /// </summary>
    public bool? ArtifactsMatch { get; init; }
}
