namespace Consortium.Node.DispatchEvents.Runner;

/// <summary>An operator that sat a dispatch event out, as its decline is recorded on chain.</summary>
/// <param name="Name">The operator's name.</param>
/// <param name="Address">Its chain address, the key that declined.</param>
/// <param name="Reason">The reason the ledger holds for it.</param>
/// <param name="Detail">The detail it gave, as emitted on chain.</param>
/// <param name="TxHash">The declineDispatch transaction (its DispatchDeclined log was read back).</param>
/// <param name="GasUsed">Gas of that transaction, as the operator reported it (0 when it declined before and only read the decline back).</param>
/// <param name="AtSurvey">Whether it said so in its survey (its fleet was left out of the target) rather than only when asked to join.</param>
public sealed record DeclinedOperator(string Name, ChainAddress Address, DeclineReason Reason, string Detail, Hash32 TxHash, long GasUsed, bool AtSurvey);
