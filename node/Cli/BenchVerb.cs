using System.Globalization;
using System.Text.Json;
using Consortium.Experiments.Benchmarks;
using Consortium.Node.Reporting;

namespace Consortium.Node.Cli;

/// <summary><c>consortium bench aggregation</c>: aggregation throughput next to a memory-copy baseline.</summary>
public static class BenchVerb
{
    /// <summary>The verb's lines in the executable's usage text.</summary>
    public const string Usage = """
          bench     aggregation throughput of each rule next to a memory-copy baseline of the same bytes
                      aggregation  --updates 10,100  --parameters 1M,10M  --repeat N (5)  --report PATH  --seed S
        """;

    /// <summary>Runs the verb.</summary>
    public static async Task<int> RunAsync(CommandLine line, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (line.Positional.Count != 1 || line.Positional[0] != "aggregation")
        {
            throw new UsageException("bench needs what to measure: consortium bench aggregation [--updates 10,100] [--parameters 1M,10M] [--repeat N] [--report PATH]");
        }

        var defaults = AggregationBenchmarkOptions.Default;
        var options = new AggregationBenchmarkOptions(
            Counts(line, "updates", defaults.UpdateCounts, 1, 10_000),
            Counts(line, "parameters", defaults.ParameterCounts, 1, 500_000_000),
            line.Int("repeat", defaults.Repeat, 1, 1000),
            (ulong)line.Int("seed", (int)defaults.Seed, 0));
        var report = line.Text("report");
        line.RejectUnknown();

        var bytes = 4.0 * options.UpdateCounts.Max() * options.ParameterCounts.Max();
        var available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        if (bytes > 0.8 * available)
        {
            throw new UsageException(string.Create(
                CultureInfo.InvariantCulture,
                $"{options.UpdateCounts.Max()} updates of {options.ParameterCounts.Max():N0} parameters need {bytes / 1e9:F1} GB, more than 80 % of the {available / 1e9:F1} GB available"));
        }

        var rows = await Task.Run(() => AggregationBenchmark.Run(options, Console.Out), cancellationToken).ConfigureAwait(false);
        var table = AggregationBenchmark.FormatTable(rows);
        Console.WriteLine();
        Console.Write(table);
        if (report is not null)
        {
            var path = Path.GetFullPath(report);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var document = new AggregationBenchmarkReport(AggregationBenchmark.Machine(), options, rows, table);
            await File.WriteAllTextAsync(path, JsonSerializer.Serialize(document, ReportJson.Options), cancellationToken).ConfigureAwait(false);
            Console.WriteLine($"Report written to {path}");
        }

        return 0;
    }

    /// <summary>A comma-separated list of counts; k and M stand for thousand and million (e.g. 1M,10M).</summary>
    private static IReadOnlyList<int> Counts(CommandLine line, string name, IReadOnlyList<int> fallback, int min, int max)
    {
        var text = line.Text(name);
        if (text is null)
        {
            return fallback;
        }

        var counts = new List<int>();
        foreach (var item in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var (digits, factor) = item[^1] switch
            {
                'k' or 'K' => (item[..^1], 1_000L),
                'M' or 'm' => (item[..^1], 1_000_000L),
                _ => (item, 1L),
            };
            if (!long.TryParse(digits.Replace("_", string.Empty, StringComparison.Ordinal), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
                || value * factor < min || value * factor > max)
            {
                throw new UsageException($"option --{name} takes counts from {min} to {max:N0} separated by commas (k and M allowed), got '{item}'");
            }

            counts.Add((int)(value * factor));
        }

        if (counts.Count == 0)
        {
            throw new UsageException($"option --{name} needs at least one count");
        }

        return counts;
    }
}
