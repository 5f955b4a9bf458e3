namespace Consortium.Fl.Aggregation;

/// <summary>The ways a consortium can combine its members' updates.</summary>
public enum AggregatorKind
{
    /// <summary>Weighted mean (<see cref="MeanAggregator"/>).</summary>
    Mean,

    /// <summary>Coordinate-wise median (<see cref="MedianAggregator"/>).</summary>
    Median,

    /// <summary>Coordinate-wise trimmed mean (<see cref="TrimmedMeanAggregator"/>).</summary>
    TrimmedMean,

    /// <summary>Multi-Krum (<see cref="MultiKrumAggregator"/>).</summary>
    MultiKrum,
}
