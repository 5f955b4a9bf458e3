namespace Consortium.Experiments.Forecasting;

/// <summary>The calibration and spending of a DP setting.</summary>
/// <param name="NoiseMultiplier">σ: Gaussian noise standard deviation over the clipping bound.</param>
/// <param name="ClipNorm">The bound each update's change is clipped to.</param>
/// <param name="SpentEpsilon">ε each member had spent after the last round, from the accountant.</param>
/// <param name="Delta">The δ of <paramref name="SpentEpsilon"/>.</param>
/// <param name="NoiseToSignal">
/// σ·√(d / M): the expected norm of the noise left in the round's mean of M updates of d parameters,
/// over the largest norm a clipped change can have (C). Above 1 the noise outweighs any update.
/// </param>
public sealed record PrivacyOutcome(double NoiseMultiplier, double ClipNorm, double SpentEpsilon, double Delta, double NoiseToSignal);
