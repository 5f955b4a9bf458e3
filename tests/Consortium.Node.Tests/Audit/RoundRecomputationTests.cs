using Consortium.Node.Store;
using static Consortium.Node.Tests.Audit.FindingAssert;

namespace Consortium.Node.Tests.Audit;

/// <summary>
/// A report's rounds against the run's stores: the stored models and updates, the aggregate and the scores recomputed
/// from them. Each tampering is named, and each piece of evidence missing is listed as not verified.
/// </summary>
[Collection(AuditedRunCollection.Name)]
public sealed class RoundRecomputationTests(AuditedRun run)
{
    private ChainAddress Dundee => run.Dundee.Address;

    private ChainAddress Fife => run.Fife.Address;

    [Fact]
    public async Task WithoutTheCoordinatorsStoreNoRoundsArtifactsAreVerified()
    {
        using var data = run.CopyDataDir();
        File.Delete(data.CoordinatorStore);

        var outcome = await run.AuditAsync(run.Report(), data.Path);

        Exactly(outcome, NotVerified("round 1 artifacts"));
        Assert.Equal($"there is no store of the coordinator at {data.CoordinatorStore}", outcome.Findings[0].Problem);
        Assert.True(outcome.Passes(strict: false));
        Assert.False(outcome.Passes(strict: true));
    }

    [Fact]
    public async Task AnOpeningModelMissingFromTheStoreLeavesTheAggregateAndTheScoresNotVerified()
    {
        using var data = run.CopyDataDir();
        var report = run.Report();
        StoreTampering.DeleteArtifact(data.CoordinatorStore, report.Rounds[0].OpenedModelHash);

        var outcome = await run.AuditAsync(report, data.Path);

        Exactly(
            outcome,
            NotVerified("round 1 artifacts"),
            NotVerified("round 1 aggregate"),
            NotVerified($"round 1 score of {Dundee}"),
            NotVerified($"round 1 score of {Fife}"));
        Assert.Equal($"the coordinator's store holds no opening model {report.Rounds[0].OpenedModelHash}", About(outcome, "round 1 artifacts").Problem);
    }

    [Fact]
    public async Task OtherBytesStoredUnderTheNewModelsHashAreNamed()
    {
        using var data = run.CopyDataDir();
        var report = run.Report();
        var finalized = report.Rounds[0].GlobalModelHash;
        StoreTampering.ReplaceArtifact(data.CoordinatorStore, finalized, [1, 2, 3]);

        var outcome = await run.AuditAsync(report, data.Path);

        Exactly(outcome, Mismatch("round 1 artifacts"));
        Assert.Equal($"the bytes stored as new model {finalized} hash to {Keccak.Hash([1, 2, 3])}", outcome.Findings[0].Problem);
    }

    [Fact]
    public async Task AnUpdateMissingFromTheStoreLeavesTheAggregateAndTheScoresNotVerified()
    {
        using var data = run.CopyDataDir();
        var report = run.Report();
        StoreTampering.DeleteArtifact(data.CoordinatorStore, report.Rounds[0].UpdateHashes[Fife]);

        var outcome = await run.AuditAsync(report, data.Path);

        Exactly(
            outcome,
            NotVerified("round 1 artifacts"),
            NotVerified("round 1 aggregate"),
            NotVerified($"round 1 score of {Dundee}"),
            NotVerified($"round 1 score of {Fife}"));
        Assert.Equal($"the update of {Fife} could not be read from the coordinator's store", About(outcome, "round 1 aggregate").Problem);
    }

    [Fact]
    public async Task StoredBytesThatAreNotAModelAreNamed()
    {
        using var data = run.CopyDataDir();
        var report = run.Report();
        byte[] garbage = [.. "not a model"u8];
        using (var store = new NodeStore(data.CoordinatorStore))
        {
            store.PutArtifact(ArtifactKind.Update, 1, garbage);
        }

        report.Rounds[0].UpdateHashes[Dundee] = Keccak.Hash(garbage);

        var outcome = await run.AuditAsync(report, data.Path);

        Exactly(
            outcome,
            Mismatch($"round 1 update of {Dundee}"),
            Mismatch("round 1 artifacts"),
            NotVerified("round 1 aggregate"),
            NotVerified($"round 1 score of {Dundee}"),
            NotVerified($"round 1 score of {Fife}"));
        Assert.StartsWith($"the update of {Dundee} {Keccak.Hash(garbage)} is not a model", About(outcome, "round 1 artifacts").Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUpdateOfAnOperatorTheReportDoesNotListCannotBeWeighedSoTheAggregateIsNotVerified()
    {
        var report = run.Report();
        report.Operators.RemoveAll(op => op.Name == AuditedRun.FifeName);

        var outcome = await run.AuditAsync(report, run.DataDir);

        Exactly(
            outcome,
            NotVerified($"member {run.Fife.Address} ('{AuditedRun.FifeName}')"),
            NotVerified("round 1 aggregate"),
            NotVerified($"round 1 score of {Dundee}"),
            NotVerified($"round 1 score of {Fife}"));
        Assert.Contains("no sample count", About(outcome, "round 1 aggregate").Problem);
    }

    [Fact]
    public async Task AnAggregateOtherThanTheStoredUpdatesGiveIsNamed()
    {
        // Weighing dundee's update by more samples than it trained on moves the aggregate, and with it every coalition's loss.
        var report = run.Report();
        report.Operators[0].TrainSamples += 40;

        var outcome = await run.AuditAsync(report, run.DataDir);

        Exactly(
            outcome,
            Mismatch("round 1 artifacts"),
            Mismatch($"round 1 score of {Dundee}"),
            Mismatch($"round 1 score of {Fife}"));
        Assert.EndsWith($"the round finalized {report.Rounds[0].GlobalModelHash}", About(outcome, "round 1 artifacts").Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AScoreOtherThanTheOneRecomputedFromTheOperatorsDataIsNamed()
    {
        var report = run.Report();
        var recomputed = ContributionScore.ToFixed(report.Rounds[0].Scores[Dundee]);
        report.Rounds[0].Scores[Dundee] += 1.0 / ContributionScore.Scale;

        var outcome = await run.AuditAsync(report, run.DataDir);

        Exactly(
            outcome,
            Mismatch("round 1 score table"),
            Mismatch($"round 1 leaf of {Dundee}"),
            Mismatch($"round 1 leaf of {Fife}"),
            Mismatch($"round 1 claim of {Dundee}"),
            Mismatch($"round 1 score of {Dundee}"));
        Assert.Equal(
            $"recomputed from the artifacts and the operators' data: {recomputed}, the report says {recomputed + 1}",
            About(outcome, $"round 1 score of {Dundee}").Problem);
    }

    [Fact]
    public async Task WithoutAnOperatorsStoreItsDataCannotJudgeTheScoresNorOpenItsAllocation()
    {
        using var data = run.CopyDataDir();
        var store = Path.Combine(data.Path, AuditedRun.DundeeName, "node.db");
        File.Delete(store);

        var outcome = await run.AuditAsync(run.Report(), data.Path);

        // Every score is judged on the pooled data of the round's members: one store missing leaves both unchecked.
        Exactly(
            outcome,
            NotVerified($"round 1 score of {Dundee}"),
            NotVerified($"round 1 score of {Fife}"),
            NotVerified($"dispatch event {run.Report().Dispatch!.EventId} allocation of {AuditedRun.DundeeName}"));
        Assert.Equal($"there is no store of operator {AuditedRun.DundeeName} at {store}", About(outcome, $"round 1 score of {Fife}").Problem);
    }

    [Fact]
    public async Task AnOperatorsStoreWithoutLoadDataCannotJudgeTheScores()
    {
        using var data = run.CopyDataDir();
        var path = Path.Combine(data.Path, AuditedRun.FifeName, "node.db");
        File.Delete(path);
        new NodeStore(path).Dispose();

        var outcome = await run.AuditAsync(run.Report(), data.Path);

        Exactly(
            outcome,
            NotVerified($"round 1 score of {Dundee}"),
            NotVerified($"round 1 score of {Fife}"),
            NotVerified($"dispatch event {run.Report().Dispatch!.EventId} allocation of {AuditedRun.FifeName}"));
        Assert.StartsWith($"the store of operator {AuditedRun.FifeName} holds no usable load data", About(outcome, $"round 1 score of {Dundee}").Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("strategy", "fedfoo", true)]
    [InlineData("aggregator", "mode", true)]
    [InlineData("scoring", "banzhaf", false)]
    [InlineData("rewardRule", "lottery", false)]
    [InlineData("windowStride", "daily", false)]
    public async Task ASettingThisNodeCannotReplayLeavesWhatDependsOnItNotVerified(string setting, string value, bool aggregateToo)
    {
        var report = run.Report();
        report.Settings[setting] = value;

        var outcome = await run.AuditAsync(report, run.DataDir);

        var scores = new[] { NotVerified($"round 1 score of {Dundee}"), NotVerified($"round 1 score of {Fife}") };
        Exactly(outcome, aggregateToo ? [.. scores, NotVerified("round 1 aggregate")] : scores);
        Assert.Contains($"'{value}'", About(outcome, $"round 1 score of {Dundee}").Problem);
    }

    [Fact]
    public async Task ScoresReportedUnderThePooledRuleAreNamedWhenTheReportClaimsTheServedRule()
    {
        // The run scored on the pooled loss; judged on each operator's own loss the same round gives other scores.
        var report = run.Report();
        report.Settings["rewardRule"] = "served";

        var outcome = await run.AuditAsync(report, run.DataDir);

        Exactly(outcome, Mismatch($"round 1 score of {Dundee}"), Mismatch($"round 1 score of {Fife}"));
        Assert.StartsWith("recomputed from the artifacts and the operators' data: ", About(outcome, $"round 1 score of {Dundee}").Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AStrategyWithServerStateCannotReplayARoundAfterOneItCouldNotReplay()
    {
        using var data = run.CopyDataDir();
        var report = run.Report();
        report.Settings["strategy"] = "fedadam";
        report.Rounds.Add(run.RoundTwo());
        StoreTampering.DeleteArtifact(data.CoordinatorStore, report.Rounds[0].OpenedModelHash);

        var outcome = await run.AuditAsync(report, data.Path);

        Exactly(
            outcome,
            NotVerified("round 1 artifacts"),
            NotVerified("round 1 aggregate"),
            NotVerified($"round 1 score of {Dundee}"),
            NotVerified($"round 1 score of {Fife}"),
            NotVerified($"round 2 exclusion of {run.Angus.Address} slash"),
            NotVerified("round 2 aggregate"),
            NotVerified($"round 2 score of {Dundee}"));
        Assert.StartsWith("the FedAdam strategy keeps server state, and round 1's aggregate could not be replayed", About(outcome, "round 2 aggregate").Problem, StringComparison.Ordinal);
    }
}
