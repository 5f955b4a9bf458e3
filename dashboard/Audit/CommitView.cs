namespace Consortium.Dashboard.Audit;

/// <summary>A member's commitment to its model update within a round.</summary>
/// <param name="Member">The committing member's address.</param>
/// <param name="UpdateHash">The hash of the update the member committed to.</param>
/// <param name="TxHash">The transaction that recorded the commitment.</param>
/// <param name="Block">The block that included the transaction.</param>
public sealed record CommitView(string Member, string UpdateHash, string TxHash, ulong Block);
