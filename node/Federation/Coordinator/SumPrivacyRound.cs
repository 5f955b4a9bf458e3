namespace Consortium.Node.Federation.Coordinator;

/// <summary>The distributed DP of one secure round's released sum.</summary>
/// <param name="NoiseMultiplier">σ: the sum carried Gaussian noise of standard deviation at least σ·C.</param>
/// <param name="ClipNorm">C: each member's change was clipped to it; the sum's sensitivity to one member.</param>
/// <param name="MinimumMembers">m_min: each member added 1/m_min of the noise's variance.</param>
/// <param name="Inputs">Members whose noisy inputs are in the sum (at least m_min).</param>
/// <param name="Epsilon">ε of all the sums released so far, this one included.</param>
/// <param name="Delta">δ of that guarantee.</param>
/// <param name="RoundEpsilon">ε of this round's sum alone.</param>
public sealed record SumPrivacyRound(double NoiseMultiplier, double ClipNorm, int MinimumMembers, int Inputs, double Epsilon, double Delta, double RoundEpsilon);
