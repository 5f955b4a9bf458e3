namespace Consortium.Fl.Privacy;

/// <summary>
/// Rényi differential privacy of the sampled Gaussian mechanism: each round a member takes part with
/// probability q and, when it does, releases its contribution (L2 sensitivity 1 after scaling by the
/// clip norm) plus Gaussian noise of standard deviation σ (the noise multiplier).
/// </summary>
/// <remarks>
/// <para>
/// Without sampling (q = 1) the mechanism is the Gaussian mechanism, whose RDP of order α is exactly
/// α / (2σ²) (Mironov, "Rényi Differential Privacy", CSF 2017, Proposition 7).
/// </para>
/// <para>
/// With sampling (0 &lt; q &lt; 1) the bound is that of Mironov, Talwar and Zhang, "Rényi Differential
/// Privacy of the Sampled Gaussian Mechanism", arXiv:1908.10530 (2019), Section 3.3: RDP(α) =
/// log(A_α) / (α − 1), with A_α the α-th moment of the ratio of the mixture (1 − q)·N(0, σ²) + q·N(1, σ²)
/// to N(0, σ²). For integer α, A_α is the finite binomial sum Σᵢ C(α, i) qⁱ (1 − q)^(α−i) exp((i² − i) / (2σ²));
/// for fractional α it is the paper's two-sided series with complementary error functions. Both are
/// evaluated in log space. The bound holds for the add-or-remove-one neighbouring relation.
/// </para>
/// </remarks>
public static class SampledGaussianRdp
{
    private const int MaxSeriesTerms = 100_000;

    /// <summary>Bound on the RDP of order <paramref name="order"/> of one application of the mechanism.</summary>
    /// <param name="samplingRate">q, the probability that a member takes part in a round, in [0, 1].</param>
    /// <param name="noiseMultiplier">σ, the noise standard deviation divided by the clip norm; 0 means no noise (no privacy).</param>
    /// <param name="order">α, a finite order greater than 1.</param>
    /// <returns>The RDP; 0 when q = 0 and +∞ when σ = 0.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range.</exception>
    public static double Compute(double samplingRate, double noiseMultiplier, double order)
    {
        Validate(samplingRate, noiseMultiplier, order);
        if (samplingRate == 0)
        {
            return 0;
        }

        if (noiseMultiplier == 0)
        {
            return double.PositiveInfinity;
        }

        if (samplingRate == 1)
        {
            return order / (2 * noiseMultiplier * noiseMultiplier);
        }

        var logA = order == Math.Floor(order)
            ? LogMomentIntegerOrder(samplingRate, noiseMultiplier, (int)order)
            : LogMomentFractionalOrder(samplingRate, noiseMultiplier, order);
        return logA / (order - 1);
    }

    internal static void Validate(double samplingRate, double noiseMultiplier, double order)
    {
        if (!(samplingRate >= 0 && samplingRate <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(samplingRate), samplingRate, "The sampling rate must be between 0 and 1.");
        }

        if (!(noiseMultiplier >= 0) || !double.IsFinite(noiseMultiplier))
        {
            throw new ArgumentOutOfRangeException(nameof(noiseMultiplier), noiseMultiplier, "The noise multiplier must be zero or positive and finite.");
        }

        if (!(order > 1) || !double.IsFinite(order))
        {
            throw new ArgumentOutOfRangeException(nameof(order), order, "The Rényi order must be finite and greater than 1.");
        }

        if (order == Math.Floor(order) && order > int.MaxValue / 2)
        {
            throw new ArgumentOutOfRangeException(nameof(order), order, "The integer Rényi order is too large.");
        }
    }

    /// <summary>log A_α for integer α: the binomial expansion of E[(1 − q + q·e^((2z − 1)/(2σ²)))^α], z ~ N(0, σ²).</summary>
    private static double LogMomentIntegerOrder(double q, double sigma, int alpha)
    {
        var logQ = Math.Log(q);
        var logOneMinusQ = Math.Log(1 - q);
        var twoSigmaSquared = 2 * sigma * sigma;
        var logA = double.NegativeInfinity;
        var logBinomial = 0.0; // log C(α, 0)
        for (var i = 0; i <= alpha; i++)
        {
            if (i > 0)
            {
                logBinomial += Math.Log(alpha - i + 1) - Math.Log(i);
            }

            var term = logBinomial + i * logQ + (alpha - i) * logOneMinusQ + ((double)i * i - i) / twoSigmaSquared;
            logA = LogSpace.Add(logA, term);
        }

        return logA;
    }

    /// <summary>
    /// log A_α for fractional α: A_α = A₀ + A₁, the integral split at z₀ = σ² log(1/q − 1) + 1/2, each
    /// side a series over generalized binomial coefficients C(α, i), whose sign alternates once i &gt; α + 1.
    /// The series stop when both sides' terms fall below e⁻³⁰ of the unit scale, as in the paper's reference code.
    /// </summary>
    private static double LogMomentFractionalOrder(double q, double sigma, double alpha)
    {
        var logQ = Math.Log(q);
        var logOneMinusQ = Math.Log(1 - q);
        var twoSigmaSquared = 2 * sigma * sigma;
        var rootTwoSigma = Math.Sqrt(2) * sigma;
        var z0 = sigma * sigma * Math.Log(1 / q - 1) + 0.5;
        var logHalf = Math.Log(0.5);

        double positive0 = double.NegativeInfinity, negative0 = double.NegativeInfinity;
        double positive1 = double.NegativeInfinity, negative1 = double.NegativeInfinity;
        var logAbsBinomial = 0.0; // log |C(α, 0)|
        var sign = 1;
        var converged = false;
        for (var i = 0; i < MaxSeriesTerms && !converged; i++)
        {
            if (i > 0)
            {
                var factor = alpha - i + 1;
                logAbsBinomial += Math.Log(Math.Abs(factor)) - Math.Log(i);
                if (factor < 0)
                {
                    sign = -sign;
                }
            }

            var j = alpha - i;
            var term0 = logAbsBinomial + i * logQ + j * logOneMinusQ
                + ((double)i * i - i) / twoSigmaSquared
                + logHalf + LogSpace.Erfc((i - z0) / rootTwoSigma);
            var term1 = logAbsBinomial + j * logQ + i * logOneMinusQ
                + (j * j - j) / twoSigmaSquared
                + logHalf + LogSpace.Erfc((z0 - j) / rootTwoSigma);

            if (sign > 0)
            {
                positive0 = LogSpace.Add(positive0, term0);
                positive1 = LogSpace.Add(positive1, term1);
            }
            else
            {
                negative0 = LogSpace.Add(negative0, term0);
                negative1 = LogSpace.Add(negative1, term1);
            }

            converged = Math.Max(term0, term1) < -30;
        }

        // A series that has not died out gives no bound; +∞ leaves this order out of the ε minimum.
        if (!converged)
        {
            return double.PositiveInfinity;
        }

        return LogSpace.Add(LogSpace.Subtract(positive0, negative0), LogSpace.Subtract(positive1, negative1));
    }
}
