using System.Numerics;

namespace Consortium.Contracts.Ledger;

/// <summary>A training round as the ledger holds it.</summary>
/// <param name="RoundId">The round's id (1, 2, ...).</param>
/// <param name="Status">Open, finalized or abandoned.</param>
/// <param name="GlobalModelHash">Keccak-256 of the global model the round started from.</param>
/// <param name="NewModelHash">Keccak-256 of the aggregated model; <see cref="Hash32.Zero"/> until finalized.</param>
/// <param name="RewardRoot">The root of the reward Merkle tree; zero until finalized, or when nobody was scored.</param>
/// <param name="ScoreTableHash">The hash of the score table (<see cref="RoundScoreTable.ScoreTableHash"/>).</param>
/// <param name="ExclusionsHash">The hash of the exclusion list; zero when nobody was excluded.</param>
/// <param name="CommitDeadline">When commits stop being accepted (chain time).</param>
/// <param name="FinalizeDeadline">When the round can no longer be finalized, only abandoned (chain time).</param>
/// <param name="CommitCount">How many members committed an update.</param>
/// <param name="OpenedAtBlock">The block the round was opened in.</param>
/// <param name="FinalizedAtBlock">The block the round was finalized in; null until then.</param>
/// <param name="RewardPool">The tokens minted for the round's rewards.</param>
/// <param name="RewardClaimed">The tokens claimed from the pool so far.</param>
/// <param name="ScoredMembers">How many members the score table lists.</param>
/// <param name="ExcludedMembers">How many members were excluded.</param>
/// <param name="ExclusionsEnforced">Whether the exclusions' slashes were applied.</param>
public sealed record RoundState(
    ulong RoundId,
    RoundStatus Status,
    Hash32 GlobalModelHash,
    Hash32 NewModelHash,
    Hash32 RewardRoot,
    Hash32 ScoreTableHash,
    Hash32 ExclusionsHash,
    DateTimeOffset CommitDeadline,
    DateTimeOffset FinalizeDeadline,
    int CommitCount,
    ulong OpenedAtBlock,
    ulong? FinalizedAtBlock,
    BigInteger RewardPool,
    BigInteger RewardClaimed,
    int ScoredMembers,
    int ExcludedMembers,
    bool ExclusionsEnforced)
{
    /// <summary>Whether the round was opened secure: members send their updates only masked.</summary>
    public bool SecureAggregation { get; init; }

    /// <summary>The governance reward pool per round when the round was opened: the most it can pay.</summary>
    public BigInteger RewardCap { get; init; }

    /// <summary>The federated task the round trains.</summary>
    public FederatedTask Task { get; init; } = FederatedTask.LoadForecast;
}
