namespace Consortium.Experiments.Benchmarks;

/// <summary>One method timed on one (updates, parameters) case.</summary>
/// <param name="Method">"copy" (the baseline) or an aggregation rule's name.</param>
/// <param name="Updates">Member updates combined.</param>
/// <param name="Parameters">Parameters per update.</param>
/// <param name="Runs">Timed runs.</param>
/// <param name="MedianSeconds">Median wall time of one run.</param>
/// <param name="MinSeconds">Fastest run.</param>
/// <param name="GigabytesPerSecond">Update data read (updates × parameters × 4 bytes) per median run time, in 10⁹ bytes per second.</param>
/// <param name="TimesCopy">Median time divided by the copy baseline's median time on the same case.</param>
public sealed record AggregationMeasurement(
    string Method,
    int Updates,
    int Parameters,
    int Runs,
    double MedianSeconds,
    double MinSeconds,
    double GigabytesPerSecond,
    double TimesCopy);
