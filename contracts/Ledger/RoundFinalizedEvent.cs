using System.Numerics;

namespace Consortium.Contracts.Ledger;

/// <summary>A <c>RoundFinalized</c> event: the coordinator closed a round and committed to its score table.</summary>
/// <param name="RoundId">The round.</param>
/// <param name="NewModelHash">Keccak-256 of the aggregated model.</param>
/// <param name="RewardRoot">The root of the reward Merkle tree.</param>
/// <param name="ScoreTableHash">The hash of the score table.</param>
/// <param name="RewardPool">The tokens minted for the round's rewards.</param>
/// <param name="ScoredMembers">How many members the table lists.</param>
/// <param name="ExcludedMembers">How many members were excluded.</param>
/// <param name="TxHash">The transaction that emitted it.</param>
/// <param name="BlockNumber">The block it is in.</param>
public sealed record RoundFinalizedEvent(
    ulong RoundId,
    Hash32 NewModelHash,
    Hash32 RewardRoot,
    Hash32 ScoreTableHash,
    BigInteger RewardPool,
    int ScoredMembers,
    int ExcludedMembers,
    Hash32 TxHash,
    ulong BlockNumber);
