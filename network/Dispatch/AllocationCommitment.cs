namespace Consortium.Network.Dispatch;

/// <summary>The operator's on-chain commitment to its vehicle-level allocation.</summary>
/// <param name="AllocationHash">Keccak-256 of the salted allocation, 32 bytes, as committed on chain.</param>
/// <param name="TxHash">The commitAllocation transaction.</param>
/// <param name="GasUsed">Gas of that transaction.</param>
public sealed record AllocationCommitment(byte[] AllocationHash, string TxHash, long GasUsed);
