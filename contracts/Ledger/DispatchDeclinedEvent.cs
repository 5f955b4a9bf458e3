namespace Consortium.Contracts.Ledger;

/// <summary>A <c>DispatchDeclined</c> event: an operator sat a dispatch event out.</summary>
/// <param name="EventId">The dispatch event.</param>
/// <param name="Operator">The operator.</param>
/// <param name="Reason">Why it declined.</param>
/// <param name="Detail">The free text it gave; emitted with the event, not stored by the ledger.</param>
/// <param name="TxHash">The transaction that emitted it.</param>
/// <param name="BlockNumber">The block it is in.</param>
public sealed record DispatchDeclinedEvent(ulong EventId, ChainAddress Operator, DeclineReason Reason, string Detail, Hash32 TxHash, ulong BlockNumber);
