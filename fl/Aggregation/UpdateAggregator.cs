using System.Buffers;

namespace Consortium.Fl.Aggregation;

/// <summary>
/// The rule a consortium uses to combine its members' updates into one vector (a mean, or a robust
/// statistic), optionally bounding each update's change to the global model first. Every strategy
/// hands its updates to one of these; the rule itself is stateless and safe to share.
/// </summary>
/// <remarks>
/// Updates are full parameter vectors, not differences: the mean, the coordinate-wise statistics and
/// Krum's distances all commute with subtracting the global model, so there is no need to. Inputs are
/// expected to be finite (see <c>Consortium.Fl.Validation.UpdateValidator</c>); a NaN gives an
/// unspecified result, not an error, so that the hot path reads each value once.
/// </remarks>
public abstract class UpdateAggregator
{
    /// <summary>Sets the optional L2 bound on each update's change to the global model.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The bound is not positive and finite.</exception>
    protected UpdateAggregator(double? normBound)
    {
        if (normBound is { } bound)
        {
            NormBounding.CheckBound(bound);
        }

        NormBound = normBound;
    }

    /// <summary>Short name of the rule, e.g. "median" or "multi-krum(f=1)".</summary>
    public abstract string Name { get; }

    /// <summary>
    /// The rule as configuration, whose text form (<see cref="AggregationRule.ToString"/>) travels with coalition
    /// candidates so that a member rebuilds them exactly.
    /// </summary>
    public abstract AggregationRule Rule { get; }

    /// <summary>
    /// When set, each update whose distance to the global model exceeds it is first pulled back along
    /// the line to the global model until it is at that distance (<see cref="NormBounding"/>).
    /// </summary>
    public double? NormBound { get; }

    /// <summary>The name with the norm bound, if any: recorded with rounds and reports.</summary>
    public override string ToString() => NormBound is { } bound
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Name}, norm ≤ {bound:G6}")
        : Name;

    /// <summary>
    /// Combines <paramref name="updates"/> into <paramref name="destination"/>, which must not overlap any
    /// of them.
    /// </summary>
    /// <param name="global">The round's global model: the reference of the norm bound.</param>
    /// <param name="updates">At least one update, each as long as the global model.</param>
    /// <param name="weights">One weight per update (training samples): used by the rules that average.</param>
    /// <param name="destination">Receives the combined vector.</param>
    /// <exception cref="ArgumentException">No update, a length that differs from the global model's, or unusable weights.</exception>
    public void Combine(ReadOnlySpan<float> global, IReadOnlyList<ReadOnlyMemory<float>> updates, ReadOnlySpan<double> weights, Span<float> destination)
    {
        ParameterAggregation.CheckShapes(updates, global.Length);
        if (destination.Length != global.Length)
        {
            throw new ArgumentException($"The destination has {destination.Length} values, the model {global.Length}.", nameof(destination));
        }

        if (weights.Length != updates.Count)
        {
            throw new ArgumentException($"{updates.Count} updates but {weights.Length} weights.", nameof(weights));
        }

        ParameterAggregation.WeightTotal(weights);
        if (NormBound is not { } bound)
        {
            CombineInto(updates, weights, destination);
            return;
        }

        var n = updates.Count;
        var norms = ArrayPool<double>.Shared.Rent(n);
        var scales = ArrayPool<float>.Shared.Rent(n);
        try
        {
            NormBounding.DeltaNorms(global, updates, norms.AsSpan(0, n));
            var clipped = false;
            for (var k = 0; k < n; k++)
            {
                scales[k] = (float)NormBounding.ScaleFactor(norms[k], bound);
                clipped |= scales[k] < 1f;
            }

            if (clipped)
            {
                CombineBounded(global, updates, weights, scales.AsSpan(0, n), destination);
            }
            else
            {
                CombineInto(updates, weights, destination);
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(norms);
            ArrayPool<float>.Shared.Return(scales);
        }
    }

    /// <summary>Combines checked updates (at least one, equal lengths, usable weights).</summary>
    protected abstract void CombineInto(IReadOnlyList<ReadOnlyMemory<float>> updates, ReadOnlySpan<double> weights, Span<float> destination);

    /// <summary>
    /// Combines updates of which some exceed the norm bound, update k being scaled towards the global
    /// model by <paramref name="scales"/>[k] (1 for an update within the bound). By default, the scaled
    /// updates are written to pooled buffers, only for those that need it, and combined as usual; a rule
    /// that is linear in its inputs can do without the copies.
    /// </summary>
    protected virtual void CombineBounded(
        ReadOnlySpan<float> global, IReadOnlyList<ReadOnlyMemory<float>> updates, ReadOnlySpan<double> weights, ReadOnlySpan<float> scales, Span<float> destination)
    {
        var n = updates.Count;
        var bounded = new ReadOnlyMemory<float>[n];
        var rented = new float[]?[n];
        try
        {
            for (var k = 0; k < n; k++)
            {
                if (scales[k] == 1f)
                {
                    bounded[k] = updates[k];
                    continue;
                }

                rented[k] = ArrayPool<float>.Shared.Rent(global.Length);
                var copy = rented[k].AsMemory(0, global.Length);
                NormBounding.Scale(global, updates[k].Span, scales[k], copy.Span);
                bounded[k] = copy;
            }

            CombineInto(bounded, weights, destination);
        }
        finally
        {
            foreach (var buffer in rented)
            {
                if (buffer is not null)
                {
                    ArrayPool<float>.Shared.Return(buffer);
                }
            }
        }
    }
}
