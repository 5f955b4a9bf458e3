using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Consortium.Experiments.Benchmarks;
using Consortium.Node.Reporting;

namespace Consortium.Node.Cli;

/// <summary><c>consortium bench aggregation</c>: aggregation throughput next to a memory-copy baseline (<see cref="AggregationBenchmark"/>).</summary>
public static class BenchVerb
{
    /// <summary>The verb and its sub-verb <c>aggregation</c>, binding its options to <see cref="AggregationArguments"/>.</summary>
    public static VerbGroup Create() => new("bench", "Measure the node's hot paths.")
    {
        new Verb<AggregationArguments>(
            "aggregation",
            "Aggregation throughput of each rule next to a memory-copy baseline of the same bytes.",
            new AggregationArguments(AggregationBenchmarkOptions.Default, null),
            RunAsync)
        {
            { CliOption.Counts("--updates", "numbers of member updates per round, separated by commas [default: 10,100]", 1, 10_000), (a, v) => v is null ? a : a with { Options = a.Options with { UpdateCounts = v } } },
            { CliOption.Counts("--parameters", "parameters per update, separated by commas; k and M allowed [default: 1M,10M]", 1, 500_000_000), (a, v) => v is null ? a : a with { Options = a.Options with { ParameterCounts = v } } },
            { CliOption.Int("--repeat", "timed runs per measurement after one warm-up; the median is reported", AggregationBenchmarkOptions.Default.Repeat, 1, 1000), (a, v) => a with { Options = a.Options with { Repeat = v } } },
            { CliOption.Int("--seed", "seed of the generated updates", (int)AggregationBenchmarkOptions.Default.Seed, 0, helpName: "S"), (a, v) => a with { Options = a.Options with { Seed = (ulong)v } } },
            { CliOption.Text("--report", "where to write the JSON report [default: none]", "PATH"), (a, v) => a with { ReportPath = v } },
        },
        new Verb<PeersArguments>(
            "peers",
            "What admitting only members costs a call: plaintext without checks against mutual TLS with each call's certificate checked on a local chain.",
            new PeersArguments(2000, 256),
            RunPeersAsync)
        {
            { CliOption.Int("--calls", "timed Describe calls per setting (a quarter as many Train calls) after a warm-up", 2000, 10, 1_000_000), (a, v) => a with { Calls = v } },
            { CliOption.Int("--model-kb", "KiB of model each Train call carries", 256, 1, 4096, "KB"), (a, v) => a with { ModelKb = v } },
        },
        new Verb<SecureAggregationArguments>(
            "secure-aggregation",
            "What secure aggregation costs against plain updates: bytes and CPU time per member, the coordinator's time, the fixed-point error of the sum; every party in this process, real keys and crypto.",
            new SecureAggregationArguments([5, 10, 20, 40], [100_000, 1_000_000], null),
            RunSecureAggregationAsync)
        {
            { CliOption.Counts("--members", "members per round, separated by commas (3 to 255) [default: 5,10,20,40]", 3, 255), (a, v) => v is null ? a : a with { Members = v } },
            { CliOption.Counts("--parameters", "parameters per update, separated by commas; k and M allowed [default: 100k,1M]", 1, 50_000_000), (a, v) => v is null ? a : a with { Parameters = v } },
            { CliOption.Text("--report", "where to write the table as Markdown [default: none]", "PATH"), (a, v) => a with { ReportPath = v } },
        },
    };

    private static async Task<int> RunSecureAggregationAsync(SecureAggregationArguments arguments, TextWriter output, CancellationToken cancellationToken)
    {
        output.WriteLine($"Secure against plain aggregation, every party in this process ({Environment.ProcessorCount} cores); values within ±{Federation.SecureAggregation.SecureAggregationBenchmark.Range}...");
        var rows = await Task.Run(() => Federation.SecureAggregation.SecureAggregationBenchmark.Run(arguments.Members, arguments.Parameters, output, cancellationToken), cancellationToken).ConfigureAwait(false);
        var table = Federation.SecureAggregation.SecureAggregationBenchmark.FormatTable(rows);
        output.WriteLine();
        output.Write(table);
        if (arguments.ReportPath is { } path)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            await File.WriteAllTextAsync(path, table, cancellationToken).ConfigureAwait(false);
            output.WriteLine($"Table written to {path}");
        }

        return 0;
    }

    /// <summary>What <c>bench secure-aggregation</c> runs with.</summary>
    /// <param name="Members">Members per round.</param>
    /// <param name="Parameters">Parameters per update.</param>
    /// <param name="ReportPath">Where to write the table, or null.</param>
    public sealed record SecureAggregationArguments(IReadOnlyList<int> Members, IReadOnlyList<int> Parameters, string? ReportPath);

    private static async Task<int> RunPeersAsync(PeersArguments arguments, TextWriter output, CancellationToken cancellationToken)
    {
        output.WriteLine($"Calling a member node on loopback {arguments.Calls} times per setting ({Environment.ProcessorCount} cores)...");
        var rows = await Hosting.PeerCallBenchmark.RunAsync(arguments.Calls, arguments.ModelKb * 1024, output, cancellationToken).ConfigureAwait(false);
        output.WriteLine();
        output.Write(Hosting.PeerCallBenchmark.FormatTable(rows));
        return 0;
    }

    /// <summary>What <c>bench peers</c> runs with.</summary>
    /// <param name="Calls">Timed Describe calls per setting.</param>
    /// <param name="ModelKb">KiB of model per Train call.</param>
    public sealed record PeersArguments(int Calls, int ModelKb);

    private static async Task<int> RunAsync(AggregationArguments arguments, TextWriter output, CancellationToken cancellationToken)
    {
        var (options, report) = arguments;
        var bytes = 4.0 * options.UpdateCounts.Max() * options.ParameterCounts.Max();
        var available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        if (bytes > 0.8 * available)
        {
            throw new UsageException(string.Create(
                CultureInfo.InvariantCulture,
                $"{options.UpdateCounts.Max()} updates of {options.ParameterCounts.Max():N0} parameters need {bytes / 1e9:F1} GB, more than 80 % of the {available / 1e9:F1} GB available"));
        }

        var rows = await Task.Run(() => AggregationBenchmark.Run(options, output), cancellationToken).ConfigureAwait(false);
        var table = AggregationBenchmark.FormatTable(rows);
        output.WriteLine();
        output.Write(table);
        if (report is not null)
        {
            var path = Path.GetFullPath(report);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var document = new AggregationBenchmarkReport(AggregationBenchmark.Machine(), options, rows, table);
            await File.WriteAllTextAsync(path, JsonSerializer.Serialize(document, ReportJson.Options), cancellationToken).ConfigureAwait(false);
            output.WriteLine($"Report written to {path}");
        }

        return 0;
    }

    /// <summary>What <c>bench aggregation</c> runs with.</summary>
    /// <param name="Options">What to measure.</param>
    /// <param name="ReportPath">Where to write the JSON report, or null.</param>
    public sealed record AggregationArguments(AggregationBenchmarkOptions Options, string? ReportPath);
}
