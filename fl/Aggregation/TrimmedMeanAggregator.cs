using System.Globalization;

namespace Consortium.Fl.Aggregation;

/// <summary>
/// The coordinate-wise trimmed mean (Yin, Chen, Ramchandran and Bartlett, "Byzantine-Robust Distributed
/// Learning: Towards Optimal Statistical Rates", ICML 2018): for each coordinate, ⌊β·n⌋ values are
/// dropped at each end and the rest averaged; robust while at most that many updates are arbitrary.
/// Weights are ignored.
/// </summary>
public sealed class TrimmedMeanAggregator : UpdateAggregator
{
    /// <summary>Creates the rule.</summary>
    /// <param name="trimFraction">β, the fraction of the updates dropped at each end, in [0, 0.5).</param>
    /// <param name="normBound">Optional L2 bound on each update's change to the global model.</param>
    public TrimmedMeanAggregator(double trimFraction = 0.1, double? normBound = null)
        : base(normBound)
    {
        if (!(trimFraction >= 0 && trimFraction < 0.5))
        {
            throw new ArgumentOutOfRangeException(nameof(trimFraction), trimFraction, "The trimmed fraction β must be at least 0 and below 0.5.");
        }

        TrimFraction = trimFraction;
    }

    /// <summary>β, the fraction of the updates dropped at each end.</summary>
    public double TrimFraction { get; }

    /// <inheritdoc />
    public override string Name => string.Create(CultureInfo.InvariantCulture, $"trimmed-mean(β={TrimFraction:G4})");

    /// <inheritdoc />
    public override AggregationRule Rule => new(AggregatorKind.TrimmedMean, NormBound) { TrimFraction = TrimFraction };

    /// <summary>Values dropped at each end of <paramref name="count"/>: ⌊β·n⌋.</summary>
    public int TrimmedCount(int count) => (int)Math.Floor(TrimFraction * count);

    /// <inheritdoc />
    protected override void CombineInto(IReadOnlyList<ReadOnlyMemory<float>> updates, ReadOnlySpan<double> weights, Span<float> destination) =>
        CoordinateStatistics.TrimmedMean(updates, TrimmedCount(updates.Count), destination);
}
