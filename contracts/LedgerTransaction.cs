namespace Consortium.Contracts;

/// <summary>A transaction the chain accepted and mined successfully.</summary>
/// <param name="TxHash">The transaction's hash.</param>
/// <param name="BlockNumber">The block it was mined in.</param>
/// <param name="GasUsed">The gas it consumed.</param>
public sealed record LedgerTransaction(Hash32 TxHash, ulong BlockNumber, ulong GasUsed);
