using System.Numerics;
using static Consortium.Node.Tests.Audit.FindingAssert;

namespace Consortium.Node.Tests.Audit;

/// <summary>The checks every part of a report shares: the chain, the contracts, the coordinator, the operators.</summary>
[Collection(AuditedRunCollection.Name)]
public sealed class ReportAuditTests(AuditedRun run)
{
    [Fact]
    public async Task EveryClaimOfAnHonestRunIsVerifiedAgainstTheChain()
    {
        var outcome = await run.AuditAsync(run.Report());

        Exactly(outcome);
        Assert.True(outcome.Passes(strict: true));
    }

    [Fact]
    public async Task EveryClaimOfAnHonestRunIsVerifiedAgainstTheChainAndItsStores()
    {
        var outcome = await run.AuditAsync(run.Report(), run.DataDir);

        Exactly(outcome);
    }

    [Fact]
    public async Task AnotherChainIdIsNamedWithBothIds()
    {
        var report = run.Report();
        report.Chain.ChainId += 1;

        var outcome = await run.AuditAsync(report);

        Exactly(outcome, Mismatch("chain id"));
        Assert.Contains($"the report says {report.Chain.ChainId}, the chain at {run.Chain.RpcUrl} is {run.Chain.ChainId}", outcome.Findings[0].Problem);
    }

    [Fact]
    public async Task AContractAddressWithoutCodeIsNamedAndNothingElseIsReadFromIt()
    {
        var report = run.Report();
        report.Chain.Contracts.Dispatch = run.Perth.Address;

        var outcome = await run.AuditAsync(report);

        Exactly(outcome, Mismatch("dispatch contract"), NotVerified("every other claim"));
        Assert.Equal($"no code at {run.Perth.Address}", About(outcome, "dispatch contract").Problem);
        Assert.False(outcome.Passes(strict: false));
    }

    [Fact]
    public async Task ACoordinatorOtherThanTheRegistrysIsNamed()
    {
        var report = run.Report();
        report.Chain.Coordinator = run.Dundee.Address;

        var outcome = await run.AuditAsync(report);

        Exactly(outcome, Mismatch("coordinator"));
        Assert.Contains($"the registry's coordinator is {run.Coordinator.Address}", outcome.Findings[0].Problem);
    }

    [Fact]
    public async Task AnOperatorNameOtherThanTheRegistrysIsNamed()
    {
        var report = run.Report();
        report.Operators[1].Name = "Fife Council";

        var outcome = await run.AuditAsync(report);

        Exactly(outcome, Mismatch("operator Fife Council"));
        Assert.Equal($"the registry names {run.Fife.Address} '{AuditedRun.FifeName}'", outcome.Findings[0].Problem);
    }

    [Fact]
    public async Task ABalanceBeforeThatDoesNotAddUpWithTheRewardsToTheBalanceAfterIsNamed()
    {
        var report = run.Report();
        var dundee = report.Operators[0];
        dundee.TokenBalanceBefore = Plus(dundee.TokenBalanceBefore, 1);

        var outcome = await run.AuditAsync(report);

        Exactly(outcome, Mismatch($"operator {AuditedRun.DundeeName} balance"));
        Assert.Contains($"is not its balance before ({dundee.TokenBalanceBefore})", outcome.Findings[0].Problem);
    }

    [Fact]
    public async Task ABalanceThatAddsUpButIsNotOnChainIsNamed()
    {
        var report = run.Report();
        var dundee = report.Operators[0];
        dundee.TokenBalanceBefore = Plus(dundee.TokenBalanceBefore, 1);
        dundee.TokenBalanceAfter = Plus(dundee.TokenBalanceAfter, 1);

        var outcome = await run.AuditAsync(report);

        Exactly(outcome, Mismatch($"operator {AuditedRun.DundeeName} balance"));
        Assert.Contains($"the report says {dundee.TokenBalanceAfter} token units, the chain holds {Plus(dundee.TokenBalanceAfter, -1)}", outcome.Findings[0].Problem);
    }

    [Fact]
    public async Task AnOperatorOnChainThatTheReportDoesNotListIsNotVerified()
    {
        var report = run.Report();
        report.Operators.RemoveAll(op => op.Name == AuditedRun.PerthName);

        var outcome = await run.AuditAsync(report);

        Exactly(outcome, NotVerified($"member {run.Perth.Address} ('{AuditedRun.PerthName}')"));
        Assert.True(outcome.Passes(strict: false));
        Assert.False(outcome.Passes(strict: true));
        Assert.StartsWith($"NOT VERIFIED: member {run.Perth.Address} ('{AuditedRun.PerthName}'): not verified, because the registry admitted it as an operator", outcome.Findings[0].ToString());
    }

    private static BigInteger Plus(BigInteger units, int delta) => units + delta;
}
