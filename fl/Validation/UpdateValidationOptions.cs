namespace Consortium.Fl.Validation;

/// <summary>What <see cref="UpdateValidator"/> accepts.</summary>
/// <param name="NormBound">
/// When set, an update whose L2 distance to the global model exceeds it is rejected. (A bound that
/// clips instead of rejecting belongs to the aggregation rule.)
/// </param>
public sealed record UpdateValidationOptions(double? NormBound = null)
{
    /// <summary>Shape, type and finiteness only.</summary>
    public static UpdateValidationOptions Default { get; } = new();

    /// <summary>Throws unless the bound, if any, is positive and finite.</summary>
    public void Validate()
    {
        if (NormBound is { } bound && (!(bound > 0) || !double.IsFinite(bound)))
        {
            throw new ArgumentOutOfRangeException(nameof(NormBound), bound, "The norm bound must be positive and finite.");
        }
    }
}
