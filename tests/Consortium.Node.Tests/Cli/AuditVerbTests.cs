using Consortium.Node.Cli;
using Consortium.Node.Tests.Audit;

namespace Consortium.Node.Tests.Cli;

/// <summary><c>consortium audit verify</c> on a real run: its verdict, its exit code, and what <c>--strict</c> changes.</summary>
[Collection(AuditedRunCollection.Name)]
public sealed class AuditVerbTests(AuditedRun run)
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AReportWhoseEveryClaimIsVerifiedPassesStrictOrNot(bool strict)
    {
        using var directory = new TemporaryDirectory();
        var path = AuditedRun.Write(run.Report(), directory);

        var (exit, output) = await VerifyAsync(strict, "--report", path);

        Assert.Equal(0, exit);
        Assert.EndsWith($"OK: every claim of {path} matches the chain.", output.TrimEnd(), StringComparison.Ordinal);
        Assert.DoesNotContain("NOT VERIFIED", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithTheDataDirectoryTheVerdictCoversTheArtifacts()
    {
        using var directory = new TemporaryDirectory();
        var path = AuditedRun.Write(run.Report(), directory);

        var (exit, output) = await VerifyAsync(false, "--report", path, "--data-dir", run.DataDir);

        Assert.Equal(0, exit);
        Assert.EndsWith($"OK: every claim of {path} matches the chain and the artifacts.", output.TrimEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClaimsNotVerifiedAreListedAndPassWithoutStrict()
    {
        using var directory = new TemporaryDirectory();
        var path = AuditedRun.Write(WithAnUnlistedOperator(), directory);

        var (exit, output) = await VerifyAsync(false, "--report", path);

        Assert.Equal(0, exit);
        Assert.Contains($"OK: every claim of {path} that could be checked matches the chain; 1 could not be verified:", output);
        Assert.Contains($"{Environment.NewLine}NOT VERIFIED: member {run.Perth.Address} ('{AuditedRun.PerthName}'): not verified, because ", output);
    }

    [Fact]
    public async Task ClaimsNotVerifiedFailAStrictAudit()
    {
        using var directory = new TemporaryDirectory();
        var path = AuditedRun.Write(WithAnUnlistedOperator(), directory);

        var (exit, output) = await VerifyAsync(true, "--report", path);

        Assert.Equal(1, exit);
        Assert.Contains($"INCOMPLETE: 1 claim(s) of {path} could not be verified, which --strict does not accept:", output);
        Assert.Contains($"{Environment.NewLine}NOT VERIFIED: member {run.Perth.Address} ('{AuditedRun.PerthName}'): not verified, because ", output);
        Assert.DoesNotContain("OK:", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AMismatchFailsStrictOrNotAndIsListedWithWhatWasNotVerified(bool strict)
    {
        var report = WithAnUnlistedOperator();
        report.Chain.ChainId += 1;
        using var directory = new TemporaryDirectory();
        var path = AuditedRun.Write(report, directory);

        var (exit, output) = await VerifyAsync(strict, "--report", path);

        Assert.Equal(1, exit);
        Assert.Contains($"MISMATCH: 1 claim(s) of {path} do not hold:{Environment.NewLine}  - chain id: the report says {report.Chain.ChainId}", output);
        Assert.Contains($"{Environment.NewLine}NOT VERIFIED: member {run.Perth.Address}", output);
    }

    [Fact]
    public async Task TheExecutableTakesStrictAsAFlag()
    {
        using var directory = new TemporaryDirectory();
        var path = AuditedRun.Write(WithAnUnlistedOperator(), directory);

        Assert.Equal(0, await ConsortiumCli.RunAsync(["audit", "verify", "--report", path, "--rpc", run.Chain.RpcUrl]));
        Assert.Equal(1, await ConsortiumCli.RunAsync(["audit", "verify", "--report", path, "--rpc", run.Chain.RpcUrl, "--strict"]));
    }

    private Consortium.Node.Reporting.DemoReport WithAnUnlistedOperator()
    {
        var report = run.Report();
        report.Operators.RemoveAll(op => op.Name == AuditedRun.PerthName);
        return report;
    }

    private async Task<(int Exit, string Output)> VerifyAsync(bool strict, params string[] options)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        string[] args = ["audit", "verify", .. options, "--rpc", run.Chain.RpcUrl, .. strict ? ["--strict"] : Array.Empty<string>()];
        var exit = await ConsortiumCli.RunAsync(args, output, error);
        return (exit, output.ToString());
    }
}
