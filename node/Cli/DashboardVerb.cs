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
    private static readonly string[] AddressOptions = ["registry", "rounds", "token"];

    /// <summary>Runs the verb until interrupted.</summary>
    public static async Task<int> RunAsync(CommandLine line, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(line);
        var reportPath = line.Text("report") is { } reportText ? Path.GetFullPath(reportText) : null;
        var rpcText = line.Text("rpc");
        var dataDirText = line.Text("data-dir");
        var port = line.Int("port", 0, 0, 65535);
        var given = AddressOptions.Where(option => line.Text(option) is not null).ToList();
        line.RejectUnknown();

        DemoReport? report = null;
        ConsortiumAddresses addresses;
        if (reportPath is not null)
        {
            if (given.Count > 0)
            {
                throw new UsageException("give either --report or --registry, --rounds and --token, not both");
            }

            report = LoadReport(reportPath);
            addresses = DemoReportFile.AddressesOf(report);
        }
        else
        {
            addresses = new ConsortiumAddresses(ParseAddress(line, "registry"), ParseAddress(line, "rounds"), ParseAddress(line, "token"), ParseAddress(line, "dispatch"));
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
        Console.WriteLine($"DASHBOARD {dashboard.Url}");
        Console.WriteLine($"  chain     {rpc}: registry {addresses.Registry}, rounds {addresses.Rounds}, token {addresses.Token}");
        Console.WriteLine($"  artifacts {source.Options.CoordinatorStorePath ?? "none (rounds are not checked against a coordinator store)"}");
        Console.WriteLine($"  report    {reportPath ?? "none"}");
        Console.Out.Flush();

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

    private static ChainAddress ParseAddress(CommandLine line, string option)
    {
        var text = line.Text(option) ?? throw new UsageException($"option --{option} is required without --report");
        return ChainAddress.TryParse(text, out var address)
            ? address
            : throw new UsageException($"option --{option} must be a 0x-prefixed 20-byte address, got '{text}'");
    }
}
