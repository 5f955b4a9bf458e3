namespace Consortium.Contracts.Ledger;

/// <summary>A training round as the ledger holds it.</summary>
/// <param name="RoundId">The round's id (1, 2, ...).</param>
/// <param name="Status">Open or finalized.</param>
/// <param name="GlobalModelHash">Keccak-256 of the global model the round started from.</param>
/// <param name="NewModelHash">Keccak-256 of the aggregated model; <see cref="Hash32.Zero"/> until finalized.</param>
/// <param name="Deadline">When commits stop being accepted (chain time).</param>
/// <param name="CommitCount">How many members committed an update.</param>
/// <param name="OpenedAtBlock">The block the round was opened in.</param>
/// <param name="FinalizedAtBlock">The block the round was finalized in; null until then.</param>
public sealed record RoundState(
    ulong RoundId,
    RoundStatus Status,
    Hash32 GlobalModelHash,
    Hash32 NewModelHash,
    DateTimeOffset Deadline,
    int CommitCount,
    ulong OpenedAtBlock,
    ulong? FinalizedAtBlock);
