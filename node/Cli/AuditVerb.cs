using System.CommandLine;
using Consortium.Contracts.Chain;
using Consortium.Contracts.Ledger;
using Consortium.Node.Audit;

namespace Consortium.Node.Cli;

/// <summary>
/// <c>consortium audit verify</c>: checks a demo report against the chain (and, with the run's data directory, against
/// the artifacts) with <see cref="ReportVerifier"/>. Exit code 0 when everything matches, 1 with a list of mismatches.
/// </summary>
public static class AuditVerb
{
    /// <summary>The verb and its sub-verb <c>verify</c>, binding its options to <see cref="VerifyArguments"/>.</summary>
    public static VerbGroup Create() => new("audit", "Check what a consortium run claims against the chain.")
    {
        new Verb<VerifyArguments>(
            "verify",
            "Check every claim of a demo report against the chain (and the artifacts).",
            new VerifyArguments(string.Empty, null, null),
            VerifyAsync)
        {
            { CliOption.RequiredText("--report", "the demo report to check", "PATH"), (a, v) => a with { ReportPath = v } },
            { CliOption.Url("--rpc", "the chain's JSON-RPC endpoint [default: the report's]"), (a, v) => a with { RpcUrl = v } },
            { CliOption.Text("--data-dir", "the run's data directory: recompute hashes, aggregates and scores from its artifacts [default: check the chain only]", "DIR"), (a, v) => a with { DataDir = v } },
        },
    };

    private static async Task<int> VerifyAsync(VerifyArguments arguments, TextWriter output, CancellationToken cancellationToken)
    {
        var (reportPath, rpcUrl, dataDir) = arguments;
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
        var findings = await new ReportVerifier(ledger, report, dataDir, output).VerifyAsync(cancellationToken).ConfigureAwait(false);
        if (findings.Count == 0)
        {
            output.WriteLine($"OK: every claim of {reportPath} matches the chain{(dataDir is null ? string.Empty : " and the artifacts")}.");
            return 0;
        }

        output.WriteLine($"MISMATCH: {findings.Count} claim(s) of {reportPath} do not hold:");
        foreach (var finding in findings)
        {
            output.WriteLine($"  - {finding}");
        }

        return 1;
    }

    /// <summary>What <c>audit verify</c> runs with.</summary>
    /// <param name="ReportPath">The demo report to check.</param>
    /// <param name="RpcUrl">The chain to read, or null for the one the report names.</param>
    /// <param name="DataDir">The run's data directory to recompute artifacts from, or null to check the chain only.</param>
    public sealed record VerifyArguments(string ReportPath, string? RpcUrl, string? DataDir);
}
