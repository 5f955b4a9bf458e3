using System.Text.Json;
using Consortium.Contracts;
using Consortium.Contracts.Ledger;
using Consortium.Fl.Contribution;
using Consortium.Network.Federation;
using Consortium.Node.Demo;
using Consortium.Node.Federation.Coordinator;
using Consortium.Node.Reporting;

namespace Consortium.Node.Tests.Demo;

/// <summary>The report's record of a round, written from the coordinator's outcome in the shape auditors read.</summary>
public sealed class RoundReporterTests
{
    private static readonly ChainAddress Alba = ChainAddress.Parse("0x00000000000000000000000000000000000000a1");
    private static readonly ChainAddress Bute = ChainAddress.Parse("0x00000000000000000000000000000000000000b2");
    private static readonly ChainAddress Coll = ChainAddress.Parse("0x00000000000000000000000000000000000000c3");

    [Fact]
    public void AFinalizedRoundIsWrittenWithItsHashesScoresRewardsClaimsAndGas()
    {
        var outcome = Finalized();

        var section = RoundReporter.ToSection(outcome);

        Assert.Equal(7, section.Round);
        Assert.Equal(Hash(1), section.OpenedModelHash);
        Assert.Equal(Hash(2), section.GlobalModelHash);
        Assert.Equal([Alba, Bute, Coll], section.Sampled);
        Assert.True(section.QuorumReached);
        Assert.Equal(new Dictionary<ChainAddress, string> { [Coll] = "Malicious: update hashes to x but y was committed on chain" }, section.Excluded);
        Assert.Equal([Hash(10), Hash(11), Hash(12)], section.TxHashes);
        Assert.Equal(100_000 + 200_000 + 30_000, section.GasUsed);
        Assert.Equal(section.GasUsed, section.Gas.Coordinator);
        Assert.Equal(Hash(20), section.UpdateHashes[Alba]);
        Assert.Equal(Hash(21), section.CommitTxHashes[Bute]);
        Assert.Equal(0.75, section.Scores[Alba]);
        Assert.Equal(0.25, section.Scores[Bute]);
        Assert.Equal(TokenAmount.FromTokens(7.5m), section.Rewards[Alba]);
        Assert.Equal("shapley-exact", section.Scoring);
        Assert.Equal(4, section.ScoringEvaluations);
        Assert.Equal(outcome.RewardRoot, section.RewardRoot);
        Assert.Equal(Hash(30), section.ClaimTxHashes[Alba]);
        Assert.Equal("Unavailable: gone", section.UnclaimedRewards[Bute]);
        Assert.Equal(60_000 + 90_000, section.Gas.Members[Alba]);
        Assert.Equal(61_000, section.Gas.Members[Bute]);
        Assert.Equal(1.5, section.Validation.LocalOnlyRmse[Bute]);
        Assert.Equal(Math.Sqrt(4), section.Validation.FederatedRmse);
        Assert.Equal(Math.Sqrt(9), section.Validation.SeasonalNaiveRmse);
        Assert.Equal(12.5, section.Seconds);
    }

    [Fact]
    public void ARoundBelowQuorumIsWrittenWithTheModelUnchangedAndNoRewardRoot()
    {
        var outcome = Finalized() with
        {
            GlobalModelHash = Hash(1),
            QuorumReached = false,
            Table = RoundScoreTable.Create(7, [], [new MemberExclusion(Coll, ExclusionReason.Malicious)]),
            Scoring = string.Empty,
            ScoringEvaluations = 0,
            Validation = null,
            Claims = [],
        };

        var section = RoundReporter.ToSection(outcome);

        Assert.False(section.QuorumReached);
        Assert.Equal(section.OpenedModelHash, section.GlobalModelHash);
        Assert.Null(section.RewardRoot);
        Assert.Empty(section.Scores);
        Assert.Empty(section.Rewards);
        Assert.Equal(2, section.UpdateHashes.Count);
        Assert.Equal(0, section.Validation.FederatedRmse);
    }

    [Fact]
    public void TheRoundSectionKeepsTheJsonShapeTheAuditReads()
    {
        var json = JsonSerializer.SerializeToElement(RoundReporter.ToSection(Finalized()), ReportJson.Options);

        Assert.Equal(
            [
                "round", "task", "openedModelHash", "globalModelHash", "updateHashes", "commitTxHashes", "sampled", "quorumReached", "excluded",
                "txHashes", "gasUsed", "scores", "rewards", "scoring", "scoringEvaluations", "rewardRoot", "claimTxHashes",
                "unclaimedRewards", "gas", "validation", "seconds",
            ],
            json.EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.Number, json.GetProperty("round").ValueKind);
        Assert.Equal(JsonValueKind.String, json.GetProperty("rewards").GetProperty(Alba.ToString()).ValueKind);
        Assert.Equal(JsonValueKind.Number, json.GetProperty("scores").GetProperty(Alba.ToString()).ValueKind);
        Assert.Equal(["coordinator", "members"], json.GetProperty("gas").EnumerateObject().Select(p => p.Name));
        Assert.Equal(
            ["federatedMae", "federatedNrmse", "federatedRmse", "localOnlyRmse", "seasonalNaiveRmse"],
            json.GetProperty("validation").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ASecureRoundWithDpOnTheSumIsWrittenWithItsNoiseAndEpsilon()
    {
        var outcome = Finalized() with { Secure = true, SumPrivacy = new SumPrivacyRound(1.25, 0.5, 2, 3, 6.5, 1e-5, 3.1) };

        var json = JsonSerializer.SerializeToElement(RoundReporter.ToSection(outcome), ReportJson.Options).GetProperty("distributedDp");

        Assert.Equal(
            [("noiseMultiplier", 1.25), ("clipNorm", 0.5), ("minMembers", 2), ("inputs", 3), ("roundEpsilon", 3.1), ("epsilon", 6.5), ("delta", 1e-5)],
            json.EnumerateObject().Select(p => (p.Name, p.Value.GetDouble())));
        Assert.False(JsonSerializer.SerializeToElement(RoundReporter.ToSection(Finalized()), ReportJson.Options).TryGetProperty("distributedDp", out _));
    }

    [Fact]
    public void UnderTheServedRuleEachMembersVerdictAndValuesPerValidatorAreWrittenKeyedByAddress()
    {
        var outcome = Finalized() with
        {
            Served =
            [
                new ServedScore(Alba.ToString(), 0.75, [0.5, 0.25], 0.5, 0.25, ServedVerdict.Served, 750_000),
                new ServedScore(Bute.ToString(), 0.25, [-0.75, 0.1], 0.1, -0.75, ServedVerdict.Poisoner, -750_000),
            ],
        };

        var section = RoundReporter.ToSection(outcome);

        var served = Assert.IsType<Dictionary<ChainAddress, ServedSection>>(section.Served);
        Assert.Equal(("Served", 0.75), (served[Alba].Verdict, served[Alba].Served));
        Assert.Equal(new Dictionary<ChainAddress, double> { [Alba] = 0.5, [Bute] = 0.25 }, served[Alba].ByValidator);
        Assert.Equal("Poisoner", served[Bute].Verdict);
        Assert.Equal(-0.75, served[Bute].ByValidator[Alba]);
        Assert.Null(RoundReporter.ToSection(Finalized()).Served);
    }

    private static Hash32 Hash(int i) => Keccak.Hash(BitConverter.GetBytes(i));

    private static RoundOutcome Finalized()
    {
        var table = RoundScoreTable.Create(
            7,
            [new MemberScore(Alba, 750_000, TokenAmount.FromTokens(7.5m)), new MemberScore(Bute, 250_000, TokenAmount.FromTokens(2.5m))],
            [new MemberExclusion(Coll, ExclusionReason.Malicious)]);
        return new RoundOutcome
        {
            RoundId = 7,
            OpenedModelHash = Hash(1),
            GlobalModelHash = Hash(2),
            Sampled = [Alba, Bute, Coll],
            Updates =
            [
                new AcceptedUpdate(Alba, Hash(20), Hash(22), 60_000, 500, 1.0, 2.5),
                new AcceptedUpdate(Bute, Hash(23), Hash(21), 61_000, 400, 1.0, 1.5),
            ],
            Exclusions = [new RoundExclusion(Coll, ExclusionReason.Malicious, "update hashes to x but y was committed on chain")],
            QuorumReached = true,
            Table = table,
            Scoring = "shapley-exact",
            ScoringEvaluations = 4,
            Validation = new RoundValidation(new ErrorSums("model", 40, 10, 100, 10), new ErrorSums("seasonal-naive", 90, 20, 100, 10)),
            Claims = [new RewardClaimResult(Alba, new ClaimReceipt(Hash(30), 90_000), null), new RewardClaimResult(Bute, null, "Unavailable: gone")],
            Opening = new LedgerTransaction(Hash(10), 1, 100_000),
            Finalization = new LedgerTransaction(Hash(11), 2, 200_000),
            Enforcement = new LedgerTransaction(Hash(12), 3, 30_000),
            Timings = new RoundTimings(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(12.5)),
        };
    }
}
