using Consortium.Contracts.Ledger;
using Consortium.Node.Reporting;
using static Consortium.Node.Tests.Audit.FindingAssert;

namespace Consortium.Node.Tests.Audit;

/// <summary>A report's rounds against the round ledger: each kind of tampering is named, and only what follows from it.</summary>
[Collection(AuditedRunCollection.Name)]
public sealed class RoundAuditTests(AuditedRun run)
{
    private ChainAddress Dundee => run.Dundee.Address;

    private ChainAddress Fife => run.Fife.Address;

    [Fact]
    public async Task ARoundTheChainNeverOpenedIsNamed()
    {
        var report = run.Report();
        report.Rounds.Add(new RoundSection { Round = 99 });

        var outcome = await run.AuditAsync(report);

        Exactly(outcome, Mismatch("round 99"));
        Assert.Equal("the chain has no such round", outcome.Findings[0].Problem);
    }

    [Fact]
    public async Task AnotherOpeningModelIsNamedWithTheHashInRoundOpened()
    {
        var report = run.Report();
        var round = report.Rounds[0];
        var opened = round.OpenedModelHash;
        round.OpenedModelHash = round.GlobalModelHash;

        var outcome = await run.AuditAsync(report);

        Exactly(outcome, Mismatch("round 1 opening model"));
        Assert.Equal($"the report says {round.GlobalModelHash}, RoundOpened says {opened}", outcome.Findings[0].Problem);
    }

    [Fact]
    public async Task AnotherTaskIsNamedWithTheTaskInRoundOpened()
    {
        var report = run.Report();
        report.Rounds[0].Task = FederatedTask.BatteryHealth;

        var outcome = await run.AuditAsync(report);

        Exactly(outcome, Mismatch("round 1 task"));
        Assert.Equal("the report says BatteryHealth, RoundOpened says LoadForecast", outcome.Findings[0].Problem);
    }

    [Fact]
    public async Task ASecureRoundReportedPlainIsNamed()
    {
        var report = run.Report();
        report.Rounds[0].SecureAggregation = true;

        var outcome = await run.AuditAsync(report);

        Assert.Contains(outcome.Findings, f => f.Subject == "round 1 mode" && f.Problem == "the report says secure, RoundOpened says plain");
    }

    [Fact]
    public async Task ARoundNeverFinalizedIsNamed()
    {
        var report = run.Report();
        report.Rounds.Add(run.RoundFour());

        var outcome = await run.AuditAsync(report);

        Exactly(outcome, Mismatch("round 4"));
        Assert.Equal("the chain has no RoundFinalized event for it", outcome.Findings[0].Problem);
    }

    [Fact]
    public async Task AnotherRewardRootIsNamedWithTheRootInRoundFinalized()
    {
        var report = run.Report();
        var round = report.Rounds[0];
        var finalized = round.RewardRoot;
        round.RewardRoot = round.OpenedModelHash;

        var outcome = await run.AuditAsync(report);

        Exactly(outcome, Mismatch("round 1 reward root"));
        Assert.Equal($"the report says {round.OpenedModelHash}, RoundFinalized says {finalized}", outcome.Findings[0].Problem);
    }

    [Fact]
    public async Task AnotherNewModelIsNamedWithTheHashInRoundFinalized()
    {
        var report = run.Report();
        var round = report.Rounds[0];
        var finalized = round.GlobalModelHash;
        round.GlobalModelHash = round.OpenedModelHash;

        var outcome = await run.AuditAsync(report);

        Exactly(outcome, Mismatch("round 1 new model"));
        Assert.Equal($"the report says {round.OpenedModelHash}, RoundFinalized says {finalized}", outcome.Findings[0].Problem);
    }

    [Fact]
    public async Task AnUpdateOtherThanTheOneItsMemberCommittedIsNamed()
    {
        var report = run.Report();
        var round = report.Rounds[0];
        var committed = round.UpdateHashes[Dundee];
        round.UpdateHashes[Dundee] = round.UpdateHashes[Fife];

        var outcome = await run.AuditAsync(report);

        Exactly(outcome, Mismatch($"round 1 update of {Dundee}"));
        Assert.Equal($"the report says {round.UpdateHashes[Fife]}, the chain holds {committed}", outcome.Findings[0].Problem);
    }

    [Fact]
    public async Task AnUpdateOfAMemberThatCommittedNothingIsNamed()
    {
        var report = run.Report();
        var angus = run.Angus.Address;
        report.Rounds[0].UpdateHashes[angus] = report.Rounds[0].UpdateHashes[Dundee];

        var outcome = await run.AuditAsync(report);

        Exactly(outcome, Mismatch($"round 1 update of {angus}"));
        Assert.EndsWith("the chain holds no commit of it", outcome.Findings[0].Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACommitOnChainTheReportNeitherUsesNorExcludesIsNotVerified()
    {
        var report = run.Report();
        var committed = report.Rounds[0].UpdateHashes[Dundee];
        report.Rounds[0].UpdateHashes.Remove(Dundee);

        var outcome = await run.AuditAsync(report);

        Exactly(outcome, NotVerified($"round 1 update of {Dundee}"));
        Assert.StartsWith($"the chain holds its commit {committed}, but the report neither uses nor excludes it", outcome.Findings[0].Problem, StringComparison.Ordinal);
        Assert.False(outcome.Passes(strict: true));
    }

    [Fact]
    public async Task ARoundSaidToHaveMissedItsQuorumWhoseModelChangedIsNamed()
    {
        var report = run.Report();
        report.Rounds[0].QuorumReached = false;

        var outcome = await run.AuditAsync(report);

        Exactly(outcome, Mismatch("round 1 new model"));
        Assert.StartsWith("the report says the round did not reach its quorum", outcome.Findings[0].Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AScoreWithoutARewardIsNamedAndTheBalanceItNoLongerExplains()
    {
        var report = run.Report();
        report.Rounds[0].Rewards.Remove(Fife);

        var outcome = await run.AuditAsync(report);

        Exactly(outcome, Mismatch("round 1 score table"), Mismatch($"operator {AuditedRun.FifeName} balance"));
        Assert.Equal($"the report gives {Fife} a score but no reward", About(outcome, "round 1 score table").Problem);
    }

    [Fact]
    public async Task AnExclusionReasonTheLedgerDoesNotKnowIsNamed()
    {
        var report = run.Report();
        report.Rounds[0].Excluded[run.Perth.Address] = "Lazy: delivered nothing";

        var outcome = await run.AuditAsync(report);

        Exactly(outcome, Mismatch("round 1 score table"));
        Assert.Equal("exclusion reason 'Lazy' is not one the ledger knows", outcome.Findings[0].Problem);
    }

    [Fact]
    public async Task AScoreChangedByOneUnitBreaksTheRewardRootEveryLeafProofAndThatMembersClaim()
    {
        var report = run.Report();
        report.Rounds[0].Scores[Dundee] += 1.0 / ContributionScore.Scale;

        var outcome = await run.AuditAsync(report);

        // With two leaves, a changed leaf changes the sibling hash of the other too: neither proves against the root.
        Exactly(
            outcome,
            Mismatch("round 1 score table"),
            Mismatch($"round 1 leaf of {Dundee}"),
            Mismatch($"round 1 leaf of {Fife}"),
            Mismatch($"round 1 claim of {Dundee}"));
        Assert.StartsWith("the report's scores, rewards and exclusions give reward root", About(outcome, "round 1 score table").Problem, StringComparison.Ordinal);
        var reported = ContributionScore.ToFixed(report.Rounds[0].Scores[Dundee]);
        Assert.Contains($"claimed score {reported - 1}", About(outcome, $"round 1 claim of {Dundee}").Problem);
        Assert.Contains($"the report says {reported}", About(outcome, $"round 1 claim of {Dundee}").Problem);
    }

    [Fact]
    public async Task ARewardChangedByOneUnitBreaksTheRewardRootTheClaimAndTheBalance()
    {
        var report = run.Report();
        var rewards = report.Rounds[0].Rewards;
        rewards[Dundee] += 1;

        var outcome = await run.AuditAsync(report);

        Exactly(
            outcome,
            Mismatch("round 1 score table"),
            Mismatch($"round 1 leaf of {Dundee}"),
            Mismatch($"round 1 leaf of {Fife}"),
            Mismatch($"round 1 claim of {Dundee}"),
            Mismatch($"operator {AuditedRun.DundeeName} balance"));
    }

    [Fact]
    public async Task AnExclusionForAnotherReasonLeavesTheRewardRootButNotTheFinalizedExclusions()
    {
        var report = run.Report();
        report.Rounds[0].Excluded[run.Perth.Address] = "Malicious: judged an attack";

        var outcome = await run.AuditAsync(report);

        Exactly(outcome, Mismatch("round 1 score table"));
        Assert.Contains($"it excludes {run.Perth.Address} (Malicious)", outcome.Findings[0].Problem);
        Assert.Contains($"excluded {run.Perth.Address} (NotDelivered)", outcome.Findings[0].Problem);
    }

    [Fact]
    public async Task AnExclusionWhoseSlashWasNeverEnforcedIsNotVerified()
    {
        var report = run.Report();
        report.Rounds.Add(run.RoundThree());

        var outcome = await run.AuditAsync(report);

        Exactly(outcome, NotVerified($"round 3 exclusion of {run.Angus.Address}"));
        Assert.StartsWith("the round's exclusions were not enforced on chain", outcome.Findings[0].Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASlashOfAMemberThatLaterToppedUpItsStakeIsNotVerified()
    {
        var report = run.Report();
        report.Rounds.Add(run.RoundTwo());

        var outcome = await run.AuditAsync(report);

        Exactly(outcome, NotVerified($"round 2 exclusion of {run.Angus.Address} slash"));
        Assert.Contains("(a top-up)", outcome.Findings[0].Problem);
    }

    [Fact]
    public async Task AMaliciousExclusionWhoseAccusationIsStillInItsWindowIsNotVerified()
    {
        var report = run.Report();
        report.Rounds.Add(run.RoundFive());

        var outcome = await run.AuditAsync(report);

        Exactly(outcome, NotVerified($"round 5 exclusion of {run.Angus.Address}"));
        Assert.StartsWith("its accusation is Pending", outcome.Findings[0].Problem, StringComparison.Ordinal);
    }
}
