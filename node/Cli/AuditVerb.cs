using Consortium.Contracts.Chain;
using Consortium.Contracts.Ledger;
using Consortium.Node.Audit;

namespace Consortium.Node.Cli;

/// <summary>
/// <c>consortium audit verify</c>: checks a demo report against the chain (and, with the run's data
/// directory, against the artifacts). Exit code 0 when everything matches, 1 with a list of mismatches.
/// </summary>
public static class AuditVerb
{
    /// <summary>Runs the verb.</summary>
    public static async Task<int> RunAsync(CommandLine line, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (line.Positional is not ["verify"])
        {
            throw new UsageException("audit takes one sub-verb: verify");
        }

        var reportPath = line.Required("report");
        var rpcText = line.Text("rpc");
        var dataDir = line.Text("data-dir");
        line.RejectUnknown();

        var report = DemoReportFile.Load(reportPath);
        var rpc = rpcText ?? report.Chain.RpcUrl;
        if (!Uri.TryCreate(rpc, UriKind.Absolute, out _))
        {
            throw new UsageException($"option --rpc must be an absolute URL, got '{rpc}'");
        }

        if (dataDir is not null && !Directory.Exists(dataDir))
        {
            throw new UsageException($"--data-dir {dataDir} does not exist");
        }

        var ledger = new ConsortiumLedger(ChainConnection.ReadOnly(rpc), DemoReportFile.AddressesOf(report));
        var findings = await new ReportVerifier(ledger, report, dataDir, Console.Out).VerifyAsync(cancellationToken).ConfigureAwait(false);
        if (findings.Count == 0)
        {
            Console.WriteLine($"OK: every claim of {reportPath} matches the chain{(dataDir is null ? string.Empty : " and the artifacts")}.");
            return 0;
        }

        Console.WriteLine($"MISMATCH: {findings.Count} claim(s) of {reportPath} do not hold:");
        foreach (var finding in findings)
        {
            Console.WriteLine($"  - {finding}");
        }

        return 1;
    }
}
