namespace Consortium.Fl.Aggregation;

/// <summary>
/// The coordinate-wise median (Yin, Chen, Ramchandran and Bartlett, "Byzantine-Robust Distributed
/// Learning: Towards Optimal Statistical Rates", ICML 2018): robust while fewer than half of the updates
/// are arbitrary. Weights are ignored.
/// </summary>
/// <param name="normBound">Optional L2 bound on each update's change to the global model.</param>
public sealed class MedianAggregator(double? normBound = null) : UpdateAggregator(normBound)
{
    /// <inheritdoc />
    public override string Name => "median";

    /// <inheritdoc />
    public override AggregationRule Rule => new(AggregatorKind.Median, NormBound);

    /// <inheritdoc />
    protected override void CombineInto(IReadOnlyList<ReadOnlyMemory<float>> updates, ReadOnlySpan<double> weights, Span<float> destination) =>
        CoordinateStatistics.Median(updates, destination);
}
