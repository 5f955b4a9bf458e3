using Consortium.Contracts.Chain;
using Consortium.Contracts.Ledger;
using Consortium.Node.Audit;

namespace Consortium.Node.Cli;

/// <summary>
/// <c>consortium audit verify</c>: checks a demo report against the chain (and, with the run's data directory, against the
/// artifacts). Exit code 0 when no claim is contradicted, with the list of claims that could not be verified; 1 with the
/// list of mismatches, or, with <c>--strict</c>, when any claim could not be verified.
/// </summary>
public static class AuditVerb
{
    /// <summary>Runs the verb, writing to the console.</summary>
    public static Task<int> RunAsync(CommandLine line, CancellationToken cancellationToken) => RunAsync(line, Console.Out, cancellationToken);

    /// <summary>Runs the verb, writing its progress and its verdict to <paramref name="output"/>.</summary>
    public static async Task<int> RunAsync(CommandLine line, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(output);
        if (line.Positional is not ["verify"])
        {
            throw new UsageException("audit takes one sub-verb: verify");
        }

        var reportPath = line.Required("report");
        var rpcText = line.Text("rpc");
        var dataDir = line.Text("data-dir");
        var strict = line.Flag("strict");
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
        var outcome = await new ReportAudit(ledger, report, dataDir, output).RunAsync(cancellationToken).ConfigureAwait(false);
        var checkedAgainst = dataDir is null ? "the chain" : "the chain and the artifacts";
        var mismatches = outcome.Mismatches;
        var notVerified = outcome.NotVerified;
        if (mismatches.Count > 0)
        {
            output.WriteLine($"MISMATCH: {mismatches.Count} claim(s) of {reportPath} do not hold:");
            foreach (var mismatch in mismatches)
            {
                output.WriteLine($"  - {mismatch}");
            }
        }
        else if (notVerified.Count == 0)
        {
            output.WriteLine($"OK: every claim of {reportPath} matches {checkedAgainst}.");
        }
        else if (strict)
        {
            output.WriteLine($"INCOMPLETE: {notVerified.Count} claim(s) of {reportPath} could not be verified, which --strict does not accept:");
        }
        else
        {
            output.WriteLine($"OK: every claim of {reportPath} that could be checked matches {checkedAgainst}; {notVerified.Count} could not be verified:");
        }

        foreach (var gap in notVerified)
        {
            output.WriteLine(gap);
        }

        return outcome.Passes(strict) ? 0 : 1;
    }
}
