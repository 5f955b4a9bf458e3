using System.Numerics;

namespace Consortium.Contracts.Ledger;

/// <summary>A <c>RoundFinalized</c> event: the coordinator closed a round.</summary>
/// <param name="RoundId">The round.</param>
/// <param name="NewModelHash">Keccak-256 of the aggregated model.</param>
/// <param name="ScoredMembers">How many members were scored.</param>
/// <param name="TotalReward">The sum of the rewards minted, in the token's smallest unit.</param>
/// <param name="TxHash">The transaction that emitted it.</param>
/// <param name="BlockNumber">The block it is in.</param>
public sealed record RoundFinalizedEvent(ulong RoundId, Hash32 NewModelHash, int ScoredMembers, BigInteger TotalReward, Hash32 TxHash, ulong BlockNumber);
