namespace Consortium.Experiments.Forecasting;

/// <summary>The calibration and spending of a DP setting.</summary>
/// <param name="NoiseMultiplier">σ: Gaussian noise standard deviation over the clipping bound.</param>
/// <param name="ClipNorm">The bound each update's change is clipped to.</param>
/// <param name="SpentEpsilon">ε each member had spent after the last round, from the accountant.</param>
/// <param name="Delta">The δ of <paramref name="SpentEpsilon"/>.</param>
/// <param name="NoiseToSignal">
/// The expected norm of the noise left in the round's mean change, over the largest norm a clipped change can have (C):
/// σ·√(d / M) for M members each adding its own noise (local), σ·√(d·M/m_min)/M on the secure sum of M inputs. Above 1
/// the noise outweighs any update.
/// </param>
/// <param name="MinimumMembers">On the secure sum, m_min: each member adds σ²C²/m_min of variance; null for local DP.</param>
/// <param name="SumMembers">On the secure sum, the inputs M the noise of the sum is that of (simulated or real); null for local DP.</param>
/// <param name="EncodingRange">On the secure sum, the fixed-point range every member encodes within; null for local DP or a simulated sum.</param>
/// <param name="ClippedByEncoding">On the secure sum, noisy coordinates the encoding had to clip over all rounds (0 when the range held).</param>
public sealed record PrivacyOutcome(
    double NoiseMultiplier,
    double ClipNorm,
    double SpentEpsilon,
    double Delta,
    double NoiseToSignal,
    int? MinimumMembers = null,
    int? SumMembers = null,
    double? EncodingRange = null,
    long ClippedByEncoding = 0);
