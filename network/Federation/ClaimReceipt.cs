namespace Consortium.Network.Federation;

/// <summary>The transaction with which a member claimed its reward.</summary>
public sealed record ClaimReceipt(string TxHash, long GasUsed);
