using System.Globalization;

namespace Consortium.Fl.Aggregation;

/// <summary>
/// Multi-Krum (Blanchard, El Mhamdi, Guerraoui and Stainer, "Machine Learning with Adversaries: Byzantine
/// Tolerant Gradient Descent", NeurIPS 2017): the m updates with the best Krum scores are kept and
/// averaged. The paper averages them uniformly; here they keep their weights, as in federated averaging,
/// which is the same with equal weights and makes m = n exactly FedAvg.
/// </summary>
public sealed class MultiKrumAggregator : UpdateAggregator
{
    /// <summary>Creates the rule.</summary>
    /// <param name="assumedByzantine">f, the number of arbitrary updates to withstand; a round needs n ≥ f + 3 updates (n &gt; 2f + 2 for the paper's guarantee).</param>
    /// <param name="selected">m, the number of updates kept; by default n − f. Capped at n.</param>
    /// <param name="normBound">Optional L2 bound on each update's change to the global model.</param>
    public MultiKrumAggregator(int assumedByzantine = 1, int? selected = null, double? normBound = null)
        : base(normBound)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(assumedByzantine);
        if (selected is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(selected), selected, "Multi-Krum must keep at least one update.");
        }

        AssumedByzantine = assumedByzantine;
        Selected = selected;
    }

    /// <summary>f, the number of arbitrary updates withstood.</summary>
    public int AssumedByzantine { get; }

    /// <summary>m, the number of updates kept, or null for n − f.</summary>
    public int? Selected { get; }

    /// <inheritdoc />
    public override string Name => Selected is { } m
        ? string.Create(CultureInfo.InvariantCulture, $"multi-krum(f={AssumedByzantine},m={m})")
        : string.Create(CultureInfo.InvariantCulture, $"multi-krum(f={AssumedByzantine})");

    /// <inheritdoc />
    public override AggregationRule Rule => new(AggregatorKind.MultiKrum, NormBound) { AssumedByzantine = AssumedByzantine, Selected = Selected };

    /// <summary>Updates kept out of <paramref name="count"/>.</summary>
    public int SelectedCount(int count) => Math.Clamp(Selected ?? count - AssumedByzantine, 1, count);

    /// <inheritdoc />
    protected override void CombineInto(IReadOnlyList<ReadOnlyMemory<float>> updates, ReadOnlySpan<double> weights, Span<float> destination)
    {
        var chosen = new int[SelectedCount(updates.Count)];
        KrumSelection.SelectMultiKrum(updates, AssumedByzantine, chosen);
        Array.Sort(chosen);
        var kept = new ReadOnlyMemory<float>[chosen.Length];
        var keptWeights = new double[chosen.Length];
        for (var i = 0; i < chosen.Length; i++)
        {
            kept[i] = updates[chosen[i]];
            keptWeights[i] = weights[chosen[i]];
        }

        ParameterAggregation.WeightedMean(kept, keptWeights, destination);
    }
}
