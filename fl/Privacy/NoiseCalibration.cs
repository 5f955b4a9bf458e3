namespace Consortium.Fl.Privacy;

/// <summary>Chooses the noise for a privacy target.</summary>
public static class NoiseCalibration
{
    /// <summary>
    /// The smallest noise multiplier σ (to a relative precision of 10⁻⁶, rounded up) for which
    /// <paramref name="rounds"/> rounds of the sampled Gaussian mechanism at sampling rate
    /// <paramref name="samplingRate"/> stay within (<paramref name="targetEpsilon"/>, <paramref name="delta"/>),
    /// accounted as <see cref="RdpAccountant"/> does. ε falls as σ grows, so a bisection finds it.
    /// </summary>
    /// <param name="targetEpsilon">ε to reach, positive.</param>
    /// <param name="delta">δ, in (0, 1).</param>
    /// <param name="rounds">Rounds the member will take part in, at least 1.</param>
    /// <param name="samplingRate">q, in (0, 1].</param>
    /// <param name="orders">Rényi orders; <see cref="RdpAccountant.DefaultOrders"/> when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range.</exception>
    /// <exception cref="InvalidOperationException">No σ up to 10⁶ reaches the target.</exception>
    public static double NoiseMultiplier(double targetEpsilon, double delta, int rounds, double samplingRate = 1, IReadOnlyList<double>? orders = null)
    {
        if (!(targetEpsilon > 0) || !double.IsFinite(targetEpsilon))
        {
            throw new ArgumentOutOfRangeException(nameof(targetEpsilon), targetEpsilon, "The target ε must be positive and finite.");
        }

        if (!(delta > 0 && delta < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(delta), delta, "δ must lie strictly between 0 and 1.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(rounds, 1);
        if (!(samplingRate > 0 && samplingRate <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(samplingRate), samplingRate, "The sampling rate must be in (0, 1].");
        }

        var accountant = new RdpAccountant(orders);
        double Epsilon(double sigma) => accountant.GuaranteeAfter(sigma, samplingRate, rounds, delta).Epsilon;

        const double largest = 1e6;
        var high = 1.0;
        while (Epsilon(high) > targetEpsilon)
        {
            high *= 2;
            if (high > largest)
            {
                throw new InvalidOperationException(
                    FormattableString.Invariant($"No noise multiplier up to {largest:G} reaches ε = {targetEpsilon} at δ = {delta} over {rounds} rounds."));
            }
        }

        var low = 0.0;
        while (high - low > 1e-6 * high)
        {
            var middle = 0.5 * (low + high);
            if (Epsilon(middle) > targetEpsilon)
            {
                low = middle;
            }
            else
            {
                high = middle;
            }
        }

        return high;
    }
}
