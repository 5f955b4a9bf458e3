using Consortium.Contracts.Ledger;
using Consortium.Node.Audit;
using Consortium.Node.Reporting;

namespace Consortium.Node.Cli;

/// <summary>
/// <c>consortium dashboard</c>: serves the auditor dashboard for a deployed consortium on 127.0.0.1, reading the chain on
/// every request. Prints <c>DASHBOARD http://127.0.0.1:PORT/</c> once it accepts connections, then serves until interrupted.
/// </summary>
public static class DashboardVerb
{
    private const string Description = """
        Serve the auditor dashboard on http://127.0.0.1:PORT/, reading the chain on every request; prints
        DASHBOARD http://127.0.0.1:PORT/ once it accepts connections. Give the consortium descriptor (an auditor's node),
        a demo report, or the contracts' addresses.
        """;

    /// <summary>The verb, binding its options to <see cref="Arguments"/>.</summary>
    public static Verb<Arguments> Create() => new("dashboard", Description, new Arguments(null, null, null, 0, null, null, null, null), RunAsync)
    {
        { CliOption.Text("--consortium", "the consortium descriptor naming the chain and the contracts [default: none]", "consortium.json"), (a, v) => a with { Consortium = v } },
        { CliOption.Url("--rpc", "the chain's JSON-RPC endpoint [default: the descriptor's or the report's]"), (a, v) => a with { RpcUrl = v } },
        { CliOption.Text("--report", "a demo report naming the chain, the contracts and the data directory [default: none; give the addresses]", "PATH"), (a, v) => a with { ReportPath = v is null ? null : Path.GetFullPath(v) } },
        { CliOption.Address("--registry", "the registry contract, needed without --report [default: the report's]"), (a, v) => a with { Registry = v } },
        { CliOption.Address("--rounds", "the rounds contract, needed without --report [default: the report's]"), (a, v) => a with { Rounds = v } },
        { CliOption.Address("--token", "the token contract, needed without --report [default: the report's]"), (a, v) => a with { Token = v } },
        { CliOption.Address("--dispatch", "the dispatch contract, needed without --report [default: the report's]"), (a, v) => a with { Dispatch = v } },
        { CliOption.Text("--data-dir", "the run's data directory, whose coordinator store the rounds are checked against [default: the report's, if any]", "DIR"), (a, v) => a with { DataDir = v } },
        { CliOption.Int("--port", "TCP port on 127.0.0.1; 0 lets the system pick a free one", 0, 0, 65535, "P"), (a, v) => a with { Port = v } },
    };

    /// <summary>Runs the verb until interrupted.</summary>
    private static async Task<int> RunAsync(Arguments arguments, TextWriter output, CancellationToken cancellationToken)
    {
        var (reportPath, rpcText, dataDirText, port, registry, rounds, token, dispatch) = arguments;
        DemoReport? report = null;
        ConsortiumAddresses addresses;
        if (arguments.Consortium is { } descriptorPath)
        {
            if (reportPath is not null || registry is not null || rounds is not null || token is not null || dispatch is not null)
            {
                throw new UsageException("give either --consortium, --report, or --registry, --rounds, --token and --dispatch");
            }

            var descriptor = await Home.ConsortiumAccess.ReadDescriptorAsync(descriptorPath, cancellationToken).ConfigureAwait(false);
            addresses = descriptor.Contracts;
            rpcText ??= descriptor.RpcUrl;
        }
        else if (reportPath is not null)
        {
            if (registry is not null || rounds is not null || token is not null || dispatch is not null)
            {
                throw new UsageException("give either --report or --registry, --rounds, --token and --dispatch, not both");
            }

            report = LoadReport(reportPath);
            addresses = DemoReportFile.AddressesOf(report);
        }
        else
        {
            addresses = new ConsortiumAddresses(Required(registry, "--registry"), Required(rounds, "--rounds"), Required(token, "--token"), Required(dispatch, "--dispatch"));
        }

        var rpc = rpcText ?? report?.Chain.RpcUrl;
        if (string.IsNullOrEmpty(rpc) || !Uri.TryCreate(rpc, UriKind.Absolute, out _))
        {
            throw new UsageException($"option --rpc must be an absolute URL such as http://127.0.0.1:8545, got '{rpc}'");
        }

        var dataDir = dataDirText is not null ? Path.GetFullPath(dataDirText) : report is null ? null : DemoReportFile.DataDirOf(report);
        var storePath = dataDir is null ? null : Path.Combine(dataDir, "coordinator", "node.db");
        if (dataDirText is not null && !File.Exists(storePath))
        {
            throw new UsageException($"option --data-dir: there is no coordinator store at {storePath}");
        }

        var source = new ChainAuditSource(new ChainAuditOptions(rpc, addresses)
        {
            Report = report,
            CoordinatorStorePath = storePath is not null && File.Exists(storePath) ? storePath : null,
        });
        await using var dashboard = await DashboardHost.StartAsync(new DashboardHostOptions(source) { Port = port, LogToConsole = true }, cancellationToken)
            .ConfigureAwait(false);
        output.WriteLine($"DASHBOARD {dashboard.Url}");
        output.WriteLine($"  chain     {rpc}: registry {addresses.Registry}, rounds {addresses.Rounds}, token {addresses.Token}");
        output.WriteLine($"  artifacts {source.Options.CoordinatorStorePath ?? "none (rounds are not checked against a coordinator store)"}");
        output.WriteLine($"  report    {reportPath ?? "none"}");
        output.Flush();

        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Interrupted: stop serving.
        }

        return 0;
    }

    private static DemoReport LoadReport(string path)
    {
        try
        {
            return DemoReportFile.Load(path);
        }
        catch (Exception unreadable) when (unreadable is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            throw new UsageException($"option --report: {unreadable.Message}");
        }
    }

    private static ChainAddress Required(ChainAddress? address, string option) =>
        address ?? throw new UsageException($"option {option} is required without --report");

    /// <summary>What the verb runs with.</summary>
    /// <param name="ReportPath">A demo report (absolute), or null when the addresses are given.</param>
    /// <param name="RpcUrl">The chain, or null for the report's.</param>
    /// <param name="DataDir">The run's data directory, or null for the report's.</param>
    /// <param name="Port">TCP port on 127.0.0.1, 0 for any free one.</param>
    /// <param name="Registry">The registry contract, without a report.</param>
    /// <param name="Rounds">The rounds contract, without a report.</param>
    /// <param name="Token">The token contract, without a report.</param>
    /// <param name="Dispatch">The dispatch contract, without a report.</param>
    public sealed record Arguments(
        string? ReportPath,
        string? RpcUrl,
        string? DataDir,
        int Port,
        ChainAddress? Registry,
        ChainAddress? Rounds,
        ChainAddress? Token,
        ChainAddress? Dispatch)
    {
        /// <summary>The consortium descriptor, instead of a report or the addresses.</summary>
        public string? Consortium { get; init; }
    }
}
