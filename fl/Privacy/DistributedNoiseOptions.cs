namespace Consortium.Fl.Privacy;

/// <summary>
/// Distributed differential privacy on a secure sum: every member clips its change to <paramref name="ClipNorm"/> (C) and
/// adds its share of Gaussian noise, of variance σ²C²/m_min per coordinate, before its input is encoded and masked. A sum
/// of at least <paramref name="MinimumMembers"/> (m_min) such inputs carries noise of variance at least σ²C², so the
/// released sum is the Gaussian mechanism with sensitivity C and noise multiplier σ, which <see cref="RdpAccountant"/>
/// accounts as a round at sampling rate 1.
/// </summary>
/// <remarks>
/// <para>
/// The trust assumption: the members are honest but curious and add their share; the coordinator sees only the sum.
/// A member that colludes with the coordinator can subtract its own share from what the coordinator learns, so c
/// colluders among m inputs leave (m − c)/m_min of the calibrated variance: the guarantee holds as long as at least
/// m_min members that really added their noise are in the sum. m − m_min is the slack for dropouts and colluders
/// together. Members enforce m ≥ m_min themselves by revealing no unmasking share for a smaller sum.
/// </para>
/// <para>
/// The noise is continuous (double-precision Box–Muller) and the member's noisy input is then rounded onto the ring's
/// fixed-point grid. The accountant's figure is that of the real-valued noisy sum; the rounding (at most half a ring unit
/// per member and coordinate, far below the noise) is not covered by the proof. The discrete Gaussian of Kairouz, Liu and
/// Steinke (ICML 2021) or the Skellam mechanism of Agarwal, Kairouz and Liu (NeurIPS 2021) would close that gap.
/// </para>
/// </remarks>
/// <param name="ClipNorm">C: the L2 bound of a member's change, the sum's sensitivity to one member.</param>
/// <param name="NoiseMultiplier">σ: the noise standard deviation of the whole sum over C; positive.</param>
/// <param name="MinimumMembers">m_min: the fewest inputs a released sum may hold; each member adds 1/m_min of the variance.</param>
public sealed record DistributedNoiseOptions(double ClipNorm, double NoiseMultiplier, int MinimumMembers)
{
    /// <summary>
    /// Standard deviations of a member's noise share between the largest clipped coordinate and the encoding's bound:
    /// a share exceeds it with probability erfc(10/√2) ≈ 1.5·10⁻²³ per coordinate.
    /// </summary>
    public const double RangeTail = 10;

    /// <summary>The standard deviation of each member's share of the noise, σ·C/√m_min, per coordinate.</summary>
    public double ShareStandardDeviation => NoiseMultiplier * ClipNorm / Math.Sqrt(MinimumMembers);

    /// <summary>The standard deviation of the noise in a sum of <paramref name="members"/> inputs, σ·C·√(m/m_min).</summary>
    public double SumStandardDeviation(int members) => ShareStandardDeviation * Math.Sqrt(members);

    /// <summary>
    /// The bound every member encodes a coordinate within: C (the largest a coordinate of a clipped change can be) plus
    /// <see cref="RangeTail"/> share deviations, and at least 1 so that a weight of 1 fits too.
    /// </summary>
    public double EncodingRange => Math.Max(1.0, ClipNorm + (RangeTail * ShareStandardDeviation));

    /// <summary>
    /// The options whose noise multiplier spends exactly (<paramref name="targetEpsilon"/>, <paramref name="delta"/>) over
    /// <paramref name="rounds"/> rounds of the Gaussian mechanism on the sum (<see cref="NoiseCalibration.NoiseMultiplier"/>).
    /// </summary>
    public static DistributedNoiseOptions ForBudget(double clipNorm, double targetEpsilon, double delta, int rounds, int minimumMembers)
    {
        var options = new DistributedNoiseOptions(clipNorm, NoiseCalibration.NoiseMultiplier(targetEpsilon, delta, rounds), minimumMembers);
        options.Validate();
        return options;
    }

    /// <summary>
    /// A bound on the probability that any of <paramref name="members"/> members' <paramref name="coordinates"/> noisy
    /// coordinates falls outside <see cref="EncodingRange"/> and is clipped by the encoding: m·d·erfc(k/√2) with k =
    /// <see cref="RangeTail"/> (the union bound over the Gaussian tails). Clipping is the only way the encoding departs
    /// from the real sum beyond rounding; the guarantee then holds with δ plus (1 + e^ε) times this.
    /// </summary>
    public double OverflowProbability(int members, long coordinates)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(members, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(coordinates, 1);
        return Math.Min(1, members * (double)coordinates * Math.Exp(LogSpace.Erfc(RangeTail / Math.Sqrt(2))));
    }

    /// <summary>Throws unless C and σ are positive and finite and m_min at least 1.</summary>
    public void Validate()
    {
        if (!(ClipNorm > 0) || !double.IsFinite(ClipNorm))
        {
            throw new ArgumentOutOfRangeException(nameof(ClipNorm), ClipNorm, "The clip norm must be positive and finite.");
        }

        if (!(NoiseMultiplier > 0) || !double.IsFinite(NoiseMultiplier))
        {
            throw new ArgumentOutOfRangeException(nameof(NoiseMultiplier), NoiseMultiplier, "The noise multiplier of distributed DP must be positive and finite.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MinimumMembers, 1, nameof(MinimumMembers));
    }
}
