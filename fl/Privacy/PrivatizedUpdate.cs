namespace Consortium.Fl.Privacy;

/// <summary>What <see cref="UpdatePrivatizer"/> did to one update.</summary>
/// <param name="DeltaNorm">L2 norm of the update's change from the global model before clipping.</param>
/// <param name="ClipFactor">The factor the change was scaled by: 1 when it was within the clip norm, below 1 otherwise.</param>
/// <param name="NoiseStandardDeviation">Standard deviation of the noise added to each coordinate, σ·C.</param>
public readonly record struct PrivatizedUpdate(double DeltaNorm, double ClipFactor, double NoiseStandardDeviation)
{
    /// <summary>Whether the change was longer than the clip norm and scaled down.</summary>
    public bool Clipped => ClipFactor < 1;
}
