namespace Consortium.Experiments.Benchmarks;

/// <summary>The JSON written by <c>consortium bench aggregation --report PATH</c>.</summary>
/// <param name="Machine">Cores, SIMD width, runtime and OS the figures were measured on.</param>
/// <param name="Options">The grid measured.</param>
/// <param name="Measurements">One row per method and case, the copy baseline first in each case.</param>
/// <param name="Table">The same figures as the aligned text table printed.</param>
public sealed record AggregationBenchmarkReport(
    IReadOnlyDictionary<string, string> Machine,
    AggregationBenchmarkOptions Options,
    IReadOnlyList<AggregationMeasurement> Measurements,
    string Table);
