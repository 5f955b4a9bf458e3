using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Text;
using Consortium.Fl.Aggregation;

namespace Consortium.Experiments.Benchmarks;

/// <summary>
/// Aggregation throughput: for each (updates, parameters) case, the same generated updates are copied
/// into one destination (the memory-copy baseline: every byte read once and written once) and then
/// combined by each aggregation rule, on all cores. Each figure is the median of several timed runs
/// after a warm-up (two runs and at least 0.25 s); throughput counts the update bytes read, updates × parameters × 4.
/// </summary>
public static class AggregationBenchmark
{
    /// <summary>Runs the grid, printing each figure as it is measured, and returns the rows.</summary>
    public static IReadOnlyList<AggregationMeasurement> Run(AggregationBenchmarkOptions options, TextWriter progress)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(progress);
        var maxUpdates = Max(options.UpdateCounts);
        var maxParameters = Max(options.ParameterCounts);

        // Allocated and filled once; every case reads a prefix of the same updates.
        var clock = Stopwatch.StartNew();
        var global = new float[maxParameters];
        var updates = new float[maxUpdates][];
        Generate(global, updates, maxParameters, options.Seed);
        var destination = new float[maxParameters];
        progress.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"Generated {maxUpdates} updates of {maxParameters:N0} parameters ({4.0 * maxUpdates * maxParameters / 1e9:F1} GB) in {clock.Elapsed.TotalSeconds:F1} s; {Environment.ProcessorCount} cores, {Vector<float>.Count} floats per SIMD vector."));

        var rows = new List<AggregationMeasurement>();
        foreach (var n in options.UpdateCounts)
        {
            foreach (var d in options.ParameterCounts)
            {
                var slices = new ReadOnlyMemory<float>[n];
                var weights = new double[n];
                for (var k = 0; k < n; k++)
                {
                    slices[k] = updates[k].AsMemory(0, d);
                    weights[k] = 100 + (k % 7 * 10);
                }

                var globalSlice = global.AsMemory(0, d);
                var target = destination.AsMemory(0, d);
                var bound = MedianDeltaNorm(globalSlice, slices);
                // Multi-Krum withstands a tenth of the updates, as far as n ≥ f + 3 allows; below three updates it cannot run.
                var byzantine = Math.Min(Math.Max(1, n / 10), n - 3);
                var rules = new List<UpdateAggregator> { new MeanAggregator(), new MedianAggregator(), new TrimmedMeanAggregator(0.1) };
                if (byzantine >= 0)
                {
                    rules.Add(new MultiKrumAggregator(byzantine));
                }

                rules.Add(new MeanAggregator(bound));

                var copy = Measure("copy", n, d, options.Repeat, () => Copy(slices, target), baseline: null);
                rows.Add(copy);
                progress.WriteLine(Line(copy));
                foreach (var rule in rules)
                {
                    var row = Measure(rule.ToString(), n, d, options.Repeat, () => rule.Combine(globalSlice.Span, slices, weights, target.Span), copy.MedianSeconds);
                    rows.Add(row);
                    progress.WriteLine(Line(row));
                }
            }
        }

        return rows;
    }

    /// <summary>The rows as an aligned text table.</summary>
    public static string FormatTable(IReadOnlyList<AggregationMeasurement> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var methodWidth = Math.Max(6, rows.Count == 0 ? 0 : rows.Max(r => r.Method.Length));
        var text = new StringBuilder();
        text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"{"updates",7}  {"parameters",11}  {"method".PadRight(methodWidth)}  {"median s",9}  {"min s",9}  {"GB/s",7}  {"× copy",7}"));
        foreach (var row in rows)
        {
            text.AppendLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{row.Updates,7}  {row.Parameters,11:N0}  {row.Method.PadRight(methodWidth)}  {row.MedianSeconds,9:F4}  {row.MinSeconds,9:F4}  {row.GigabytesPerSecond,7:F2}  {row.TimesCopy,7:F2}"));
        }

        return text.ToString();
    }

    /// <summary>Cores, SIMD width, runtime and OS, for the report.</summary>
    public static IReadOnlyDictionary<string, string> Machine() => new SortedDictionary<string, string>(StringComparer.Ordinal)
    {
        ["cores"] = Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture),
        ["simdFloats"] = Vector<float>.Count.ToString(CultureInfo.InvariantCulture),
        ["simdAccelerated"] = Vector.IsHardwareAccelerated.ToString(),
        ["runtime"] = RuntimeInformation.FrameworkDescription,
        ["os"] = RuntimeInformation.OSDescription,
        ["architecture"] = RuntimeInformation.ProcessArchitecture.ToString(),
    };

    private static AggregationMeasurement Measure(string method, int n, int d, int repeat, Action run, double? baseline)
    {
        // Warm-up: at least two runs and a quarter of a second, so caches, pages and the JIT have settled.
        var warmUp = Stopwatch.StartNew();
        for (var w = 0; w < 2 || warmUp.Elapsed.TotalSeconds < 0.25; w++)
        {
            run();
        }

        var seconds = new double[repeat];
        for (var r = 0; r < repeat; r++)
        {
            var clock = Stopwatch.StartNew();
            run();
            seconds[r] = clock.Elapsed.TotalSeconds;
        }

        Array.Sort(seconds);
        var median = repeat % 2 == 1 ? seconds[repeat / 2] : (seconds[(repeat / 2) - 1] + seconds[repeat / 2]) / 2;
        var gigabytes = 4.0 * n * d / 1e9;
        return new AggregationMeasurement(method, n, d, repeat, median, seconds[0], gigabytes / median, median / (baseline ?? median));
    }

    private static string Line(AggregationMeasurement row) => string.Create(
        CultureInfo.InvariantCulture,
        $"  {row.Updates,4} × {row.Parameters,11:N0}  {row.Method,-32} {row.MedianSeconds,9:F4} s  {row.GigabytesPerSecond,7:F2} GB/s  {row.TimesCopy,6:F2} × copy");

    /// <summary>Each core copies its share of the coordinates of every update into the destination.</summary>
    private static void Copy(ReadOnlyMemory<float>[] updates, Memory<float> destination)
    {
        var parts = Environment.ProcessorCount;
        var length = destination.Length;
        Parallel.For(0, parts, p =>
        {
            var start = (int)((long)length * p / parts);
            var end = (int)((long)length * (p + 1) / parts);
            var target = destination.Span[start..end];
            foreach (var update in updates)
            {
                update.Span[start..end].CopyTo(target);
            }
        });
    }

    /// <summary>
    /// The global model uniform in ±0.5, and each update the global model plus a change uniform in
    /// ±0.01·(1 + k mod 4), so the changes' norms differ and a bound at their median clips about half.
    /// </summary>
    private static void Generate(float[] global, float[][] updates, int length, ulong seed)
    {
        Fill(global, seed, 0.5f, null);
        Parallel.For(0, updates.Length, k =>
        {
            updates[k] = new float[length];
            Fill(updates[k], seed + 1 + (ulong)k, 0.01f * (1 + (k % 4)), global);
        });
    }

    private static void Fill(float[] values, ulong seed, float halfWidth, float[]? around)
    {
        var state = seed * 0x9E3779B97F4A7C15UL;
        for (var i = 0; i < values.Length; i++)
        {
            var z = state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            var uniform = (z >> 40) * (1.0f / (1 << 24));
            values[i] = ((2 * uniform) - 1) * halfWidth + (around is null ? 0 : around[i]);
        }
    }

    private static double MedianDeltaNorm(ReadOnlyMemory<float> global, ReadOnlyMemory<float>[] updates)
    {
        var norms = new double[updates.Length];
        NormBounding.DeltaNorms(global.Span, updates, norms);
        Array.Sort(norms);
        return norms[norms.Length / 2];
    }

    private static int Max(IReadOnlyList<int> values)
    {
        if (values.Count == 0)
        {
            throw new ArgumentException("The benchmark needs at least one update count and one parameter count.", nameof(values));
        }

        var max = 0;
        foreach (var value in values)
        {
            max = Math.Max(max, value);
        }

        return max;
    }
}
