namespace Consortium.Network.Federation;

/// <summary>A member's answer to a <see cref="TrainAssignment"/>.</summary>
/// <param name="Update">Serialized parameters after local training.</param>
/// <param name="UpdateHash">Keccak-256 of <paramref name="Update"/>, as committed on chain.</param>
/// <param name="TrainSamples">Training windows used (the FedAvg weight).</param>
/// <param name="CommitTxHash">Transaction that committed <paramref name="UpdateHash"/>.</param>
/// <param name="CommitGasUsed">Gas of that transaction.</param>
/// <param name="LocalOnlyValidationRmse">Validation RMSE (kW) of the member's model trained on its own data alone.</param>
/// <param name="SeasonalNaiveValidationRmse">Validation RMSE (kW) of the seasonal-naive forecast on the member's data.</param>
/// <param name="TrainSeconds">Wall time of local training.</param>
public sealed record TrainedUpdate(
    byte[] Update,
    Hash32 UpdateHash,
    long TrainSamples,
    Hash32 CommitTxHash,
    long CommitGasUsed,
    double LocalOnlyValidationRmse,
    double SeasonalNaiveValidationRmse,
    double TrainSeconds);
