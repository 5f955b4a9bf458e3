namespace Consortium.Fl.Aggregation;

/// <summary>
/// The weighted mean of federated averaging (McMahan et al., AISTATS 2017): each update counts in
/// proportion to its weight. Not robust: one member can move the result anywhere, unless a norm bound
/// limits how far.
/// </summary>
/// <param name="normBound">Optional L2 bound on each update's change to the global model.</param>
public sealed class MeanAggregator(double? normBound = null) : UpdateAggregator(normBound)
{
    /// <inheritdoc />
    public override string Name => "mean";

    /// <inheritdoc />
    public override AggregationRule Rule => new(AggregatorKind.Mean, NormBound);

    /// <inheritdoc />
    protected override void CombineInto(IReadOnlyList<ReadOnlyMemory<float>> updates, ReadOnlySpan<double> weights, Span<float> destination) =>
        ParameterAggregation.WeightedMean(updates, weights, destination);

    /// <summary>
    /// The mean is linear, so the bounded mean is Σ cₖ·updateₖ + (1 − Σ cₖ)·global with
    /// cₖ = sₖ·wₖ / Σw: one pass over the updates and no copies.
    /// </summary>
    protected override void CombineBounded(
        ReadOnlySpan<float> global, IReadOnlyList<ReadOnlyMemory<float>> updates, ReadOnlySpan<double> weights, ReadOnlySpan<float> scales, Span<float> destination)
    {
        var total = ParameterAggregation.WeightTotal(weights);
        Span<float> coefficients = updates.Count <= 256 ? stackalloc float[updates.Count] : new float[updates.Count];
        var kept = 0.0;
        for (var k = 0; k < coefficients.Length; k++)
        {
            var share = scales[k] * weights[k] / total;
            coefficients[k] = (float)share;
            kept += share;
        }

        using var pinned = new PinnedUpdates(updates);
        ParameterAggregation.LinearCombination(pinned, coefficients, global, (float)(1 - kept), destination);
    }
}
