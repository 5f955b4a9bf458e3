namespace Consortium.Network.Federation;

/// <summary>The coordinator's request to train one round from a global model.</summary>
/// <param name="Round">Round id on the ledger.</param>
/// <param name="GlobalModel">Serialized global parameters, exactly the bytes whose hash opened the round.</param>
/// <param name="GlobalModelHash">Keccak-256 of <paramref name="GlobalModel"/>.</param>
/// <param name="LocalEpochs">Passes over the member's training data.</param>
/// <param name="Seed">Seed for the member's shuffling, so a round can be replayed.</param>
/// <param name="ProximalMu">FedProx proximal weight μ the strategy asks for (0 for none).</param>
/// <param name="SecureAggregation">Whether the update stays on the member and leaves it only masked (the Secure* calls).</param>
/// <param name="ClipNorm">In a secure round, the L2 bound the member clips its update's change to (the coordinator cannot check norms).</param>
/// <param name="DpNoiseMultiplier">
/// In a secure round with distributed DP, σ: the sum must carry Gaussian noise of standard deviation σ·<paramref name="ClipNorm"/>;
/// 0 for none.
/// </param>
/// <param name="DpMinMembers">With <paramref name="DpNoiseMultiplier"/>, m_min: each member adds 1/m_min of the noise's variance, and no sum of fewer inputs is released.</param>
public sealed record TrainAssignment(
    long Round,
    byte[] GlobalModel,
    Hash32 GlobalModelHash,
    int LocalEpochs,
    long Seed,
    double ProximalMu = 0,
    bool SecureAggregation = false,
    double ClipNorm = 0,
    double DpNoiseMultiplier = 0,
    int DpMinMembers = 0);
