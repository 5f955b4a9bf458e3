using System.CommandLine;
using Consortium.Contracts.Chain;
using Consortium.Contracts.Ledger;
using Consortium.Node.Audit;

namespace Consortium.Node.Cli;

/// <summary>
/// <c>consortium audit verify</c>: checks a demo report against the chain (and, with the run's data directory, against
/// the artifacts) with <see cref="ReportAudit"/>. Exit code 0 when no claim is contradicted, with the list of claims that
/// could not be verified; 1 with the list of mismatches, or, with <c>--strict</c>, when any claim could not be verified.
/// </summary>
public static class AuditVerb
{
    /// <summary>The verb and its sub-verb <c>verify</c>, binding its options to <see cref="VerifyArguments"/>.</summary>
    public static VerbGroup Create() => new("audit", "Check what a consortium run claims against the chain.")
    {
        new Verb<VerifyArguments>(
            "verify",
            "Check every claim of a demo report against the chain (and the artifacts).",
            new VerifyArguments(string.Empty, null, null, false),
            VerifyAsync)
        {
            { CliOption.RequiredText("--report", "the demo report to check", "PATH"), (a, v) => a with { ReportPath = v } },
            { CliOption.Url("--rpc", "the chain's JSON-RPC endpoint [default: the report's]"), (a, v) => a with { RpcUrl = v } },
            { CliOption.Text("--data-dir", "the run's data directory: recompute hashes, aggregates and scores from its artifacts, open allocations [default: check the chain only]", "DIR"), (a, v) => a with { DataDir = v } },
            { CliOption.Flag("--strict", "fail when any claim could not be verified (by default they are listed and the audit passes)"), (a, v) => a with { Strict = v } },
        },
    };

    private static async Task<int> VerifyAsync(VerifyArguments arguments, TextWriter output, CancellationToken cancellationToken)
    {
        var (reportPath, rpcUrl, dataDir, strict) = arguments;
        var report = DemoReportFile.Load(reportPath);
        var rpc = rpcUrl ?? report.Chain.RpcUrl;
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

    /// <summary>What <c>audit verify</c> runs with.</summary>
    /// <param name="ReportPath">The demo report to check.</param>
    /// <param name="RpcUrl">The chain to read, or null for the one the report names.</param>
    /// <param name="DataDir">The run's data directory to recompute artifacts from, or null to check the chain only.</param>
    /// <param name="Strict">Whether a claim that could not be verified fails the audit.</param>
    public sealed record VerifyArguments(string ReportPath, string? RpcUrl, string? DataDir, bool Strict);
}
