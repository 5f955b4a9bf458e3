namespace Consortium.Fl.Privacy;

/// <summary>How a member privatizes its update before it leaves the node (DP-FedAvg's clip and noise).</summary>
/// <param name="ClipNorm">C: the largest L2 norm the update's change from the global model may have; longer changes are scaled down to it.</param>
/// <param name="NoiseMultiplier">σ: each coordinate gets Gaussian noise of standard deviation σ·C. 0 clips without noise (no privacy).</param>
public sealed record ClientPrivacyOptions(double ClipNorm, double NoiseMultiplier)
{
    /// <summary>The noise standard deviation per coordinate, σ·C.</summary>
    public double NoiseStandardDeviation => NoiseMultiplier * ClipNorm;

    /// <summary>
    /// The options that spend exactly (<paramref name="targetEpsilon"/>, <paramref name="delta"/>) over
    /// <paramref name="rounds"/> rounds at sampling rate <paramref name="samplingRate"/>: σ from
    /// <see cref="NoiseCalibration.NoiseMultiplier"/>.
    /// </summary>
    public static ClientPrivacyOptions ForBudget(double clipNorm, double targetEpsilon, double delta, int rounds, double samplingRate = 1)
    {
        var options = new ClientPrivacyOptions(clipNorm, NoiseCalibration.NoiseMultiplier(targetEpsilon, delta, rounds, samplingRate));
        options.Validate();
        return options;
    }

    /// <summary>Throws unless the clip norm is positive and finite and the noise multiplier zero or positive and finite.</summary>
    public void Validate()
    {
        if (!(ClipNorm > 0) || !double.IsFinite(ClipNorm))
        {
            throw new ArgumentOutOfRangeException(nameof(ClipNorm), ClipNorm, "The clip norm must be positive and finite.");
        }

        if (!(NoiseMultiplier >= 0) || !double.IsFinite(NoiseMultiplier))
        {
            throw new ArgumentOutOfRangeException(nameof(NoiseMultiplier), NoiseMultiplier, "The noise multiplier must be zero or positive and finite.");
        }
    }
}
