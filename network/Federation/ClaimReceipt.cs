namespace Consortium.Network.Federation;

/// <summary>The transaction with which a member claimed its reward.</summary>
public sealed record ClaimReceipt(Hash32 TxHash, long GasUsed);
