namespace Consortium.Contracts.Ledger;

/// <summary>A <c>StepCommitted</c> log: intraday, an operator committed the hash of one step's setpoints as it set them.</summary>
/// <param name="EventId">The dispatch event.</param>
/// <param name="Operator">The operator.</param>
/// <param name="Step">The step.</param>
/// <param name="StepHash">Keccak-256 of the step's salted setpoints.</param>
/// <param name="TxHash">The transaction that emitted it.</param>
/// <param name="BlockNumber">The block it is in.</param>
public sealed record StepCommittedEvent(ulong EventId, ChainAddress Operator, int Step, Hash32 StepHash, Hash32 TxHash, ulong BlockNumber);
