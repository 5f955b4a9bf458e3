namespace Consortium.Experiments.Benchmarks;

/// <summary>What <see cref="AggregationBenchmark"/> measures.</summary>
/// <param name="UpdateCounts">Numbers of member updates per round, e.g. 10 and 100.</param>
/// <param name="ParameterCounts">Parameters per update, e.g. 1 M and 10 M.</param>
/// <param name="Repeat">Timed runs per measurement, after one warm-up run; the median is reported.</param>
/// <param name="Seed">Seed of the generated updates, so every run reads the same values.</param>
public sealed record AggregationBenchmarkOptions(
    IReadOnlyList<int> UpdateCounts,
    IReadOnlyList<int> ParameterCounts,
    int Repeat = 5,
    ulong Seed = 1)
{
    /// <summary>The grid: 10 and 100 updates of 1 M and 10 M parameters, five runs each.</summary>
    public static AggregationBenchmarkOptions Default { get; } = new([10, 100], [1_000_000, 10_000_000]);
}
