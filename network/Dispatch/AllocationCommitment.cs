namespace Consortium.Network.Dispatch;

/// <summary>The operator's on-chain commitment to its vehicle-level allocation.</summary>
/// <param name="AllocationHash">Keccak-256 of the salted allocation, as committed on chain.</param>
/// <param name="TxHash">The commitAllocation transaction.</param>
/// <param name="GasUsed">Gas of that transaction.</param>
public sealed record AllocationCommitment(Hash32 AllocationHash, Hash32 TxHash, long GasUsed);
