using Consortium.Fl.Privacy;

namespace Consortium.Node.Federation.Coordinator;

/// <summary>
/// Distributed differential privacy on a secure round's sum, as the coordinator proposes it: the noise multiplier σ that
/// spends (<paramref name="Epsilon"/>, <paramref name="Delta"/>) over <paramref name="PlannedRounds"/> rounds of the Gaussian
/// mechanism on the sum, and m_min. Each member checks σ against its own configured floor before it trains.
/// </summary>
/// <param name="Epsilon">ε of the released sums over the planned rounds (member-level: one member's whole update).</param>
/// <param name="Delta">δ of that guarantee.</param>
/// <param name="PlannedRounds">Rounds the ε is spread over.</param>
/// <param name="MinimumMembers">m_min; null for one fewer than the members asked to train (one may drop or collude).</param>
public sealed record SumPrivacy(double Epsilon, double Delta, int PlannedRounds, int? MinimumMembers = null)
{
    /// <summary>σ: the noise standard deviation of the whole sum over the clip norm.</summary>
    public double NoiseMultiplier { get; } = NoiseCalibration.NoiseMultiplier(Epsilon, Delta, PlannedRounds);

    /// <summary>m_min for a round that asks <paramref name="asked"/> members to train.</summary>
    public int MinimumFor(int asked) => MinimumMembers ?? Math.Max(1, asked - 1);
}
