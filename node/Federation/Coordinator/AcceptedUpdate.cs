namespace Consortium.Node.Federation.Coordinator;

/// <summary>An update the coordinator accepted in a round: it matched its member's commitment on chain and passed validation.</summary>
/// <param name="Member">The member that trained it.</param>
/// <param name="UpdateHash">Keccak-256 of the update's bytes, as committed on chain.</param>
/// <param name="CommitTxHash">The member's commit transaction.</param>
/// <param name="CommitGasUsed">Gas of that transaction, paid by the member.</param>
/// <param name="TrainSamples">Training windows the member used (its aggregation weight).</param>
/// <param name="TrainSeconds">Wall time of the member's local training.</param>
/// <param name="LocalOnlyValidationRmse">Validation RMSE (kW) of the member's model trained on its own data alone.</param>
public sealed record AcceptedUpdate(
    ChainAddress Member,
    Hash32 UpdateHash,
    Hash32 CommitTxHash,
    long CommitGasUsed,
    long TrainSamples,
    double TrainSeconds,
    double LocalOnlyValidationRmse);
