using System.Numerics;
using Consortium.Contracts.Ledger;
using Consortium.Fl.Contribution;
using Consortium.Node.Federation.Coordinator;

namespace Consortium.Node.Tests.Federation.Coordinator;

/// <summary>
/// Whole rounds on an in-memory round ledger: real operator nodes and misbehaving members over real gRPC on loopback,
/// every commitment, finalization, exclusion, slash and claim recorded by a ledger that checks what the contract checks.
/// </summary>
public sealed class RoundCoordinatorTests
{
    private static readonly BigInteger Stake = TokenAmount.FromTokens(100m);

    [Fact]
    public async Task ARoundOpensTrainsValidatesAggregatesScoresFinalizesAndPaysItsMembers()
    {
        await using var consortium = await InMemoryConsortium.StartAsync(operators: 2);
        var coordinator = consortium.Coordinator(InMemoryConsortium.Options(quorum: 2));

        var outcome = await coordinator.RunRoundAsync(1, CancellationToken.None);

        var onChain = await consortium.CoordinatorRounds.GetRoundAsync(outcome.RoundId);
        Assert.Equal(RoundStatus.Finalized, onChain.Status);
        Assert.Equal(outcome.OpenedModelHash, onChain.GlobalModelHash);
        Assert.Equal(outcome.GlobalModelHash, onChain.NewModelHash);
        Assert.NotEqual(outcome.OpenedModelHash, outcome.GlobalModelHash);
        Assert.Equal(outcome.GlobalModelHash, Keccak.Hash(coordinator.Global.ToBytes()));
        Assert.True(outcome.Table.Matches(onChain));
        Assert.True(outcome.QuorumReached);
        Assert.Empty(outcome.Exclusions);
        Assert.Null(outcome.Enforcement);
        Assert.StartsWith("shapley", outcome.Scoring);
        Assert.True(outcome.Validation is { } validation && double.IsFinite(validation.Federated.Rmse) && validation.Federated.Rmse > 0);

        Assert.Equal(consortium.Members.Select(m => m.Address), outcome.Sampled);
        Assert.Equal(consortium.Members.Select(m => m.Address), outcome.Updates.Select(u => u.Member));
        foreach (var update in outcome.Updates)
        {
            Assert.Equal(update.UpdateHash, (await consortium.CoordinatorRounds.GetCommitmentAsync(outcome.RoundId, update.Member)).UpdateHash);
        }

        Assert.Equal(TokenAmount.FromTokens(10m), outcome.Scores.Aggregate(BigInteger.Zero, (sum, s) => sum + s.Reward), TokenUnitsOff(outcome.Scores.Count));
        Assert.Equal(outcome.Table.RewardPool, onChain.RewardPool);
        var claims = await consortium.CoordinatorRounds.GetRewardClaimedEventsAsync(outcome.RoundId);
        foreach (var score in outcome.Scores.Where(s => s.Reward > 0))
        {
            Assert.Contains(outcome.Claims, c => c.Member == score.Member && c.Claimed);
            Assert.Equal(score.Reward, await consortium.Token.BalanceOfAsync(score.Member));
            Assert.Contains(claims, c => c.Member == score.Member && c.Reward == score.Reward && c.Score == score.Score);
        }

        Assert.Equal(onChain.RewardPool, onChain.RewardClaimed);
    }

    [Fact]
    public async Task TheRewardRuleChangesTheScoresAndRewardsButNotTheModel()
    {
        var served = await RunOneRoundAsync(RewardRule.Served);
        var pooled = await RunOneRoundAsync(RewardRule.Pooled);

        Assert.Equal(served.GlobalModelHash, pooled.GlobalModelHash);
        Assert.Null(pooled.Served);
        var judged = Assert.IsType<IReadOnlyList<ServedScore>>(served.Served, exactMatch: false);
        Assert.Equal(served.Updates.Select(u => u.Member.ToString()), judged.Select(s => s.MemberId));
        Assert.All(judged, s => Assert.Equal(2, s.ByValidator.Count));
        Assert.Equal(judged.Select(s => s.ChainScore), served.Scores.Select(s => s.Score));
        var floorPart = TokenAmount.FromTokens(10m) * 2 / 10 / Math.Max(1, judged.Count(s => s.Paid));
        foreach (var (score, verdict) in served.Scores.Zip(judged))
        {
            Assert.True(verdict.Paid ? score.Reward >= floorPart : score.Reward.IsZero, $"{verdict.Verdict}: reward {score.Reward}");
        }

        Assert.True(served.Scores.Aggregate(BigInteger.Zero, (sum, s) => sum + s.Reward) <= TokenAmount.FromTokens(10m));

        static async Task<RoundOutcome> RunOneRoundAsync(RewardRule rule)
        {
            await using var consortium = await InMemoryConsortium.StartAsync(operators: 2);
            return await consortium.Coordinator(InMemoryConsortium.Options(quorum: 2) with { RewardRule = rule }).RunRoundAsync(1, CancellationToken.None);
        }
    }

    [Fact]
    public async Task TheSameSeedGivesTheSameModelsScoresAndRewardsAndAnotherSeedDoesNot()
    {
        var first = await RunOneRoundAsync(seed: 5);
        var again = await RunOneRoundAsync(seed: 5);
        var other = await RunOneRoundAsync(seed: 6);

        Assert.Equal(first.GlobalModelHash, again.GlobalModelHash);
        Assert.Equal(first.Updates.Select(u => u.UpdateHash), again.Updates.Select(u => u.UpdateHash));
        Assert.Equal(first.Scores, again.Scores);
        Assert.Equal(first.RewardRoot, again.RewardRoot);
        Assert.Equal(first.OpenedModelHash, other.OpenedModelHash);
        Assert.NotEqual(first.GlobalModelHash, other.GlobalModelHash);

        static async Task<RoundOutcome> RunOneRoundAsync(long seed)
        {
            await using var consortium = await InMemoryConsortium.StartAsync(operators: 2);
            return await consortium.Coordinator(InMemoryConsortium.Options(quorum: 2, seed: seed)).RunRoundAsync(1, CancellationToken.None);
        }
    }

    [Fact]
    public async Task AnUpdateWhoseBytesDoNotMatchItsCommitmentIsAccusedAsMaliciousAndLosesTheLargerShareOfItsStakeAfterTheChallengeWindow()
    {
        await using var consortium = await InMemoryConsortium.StartAsync(1, (rounds, address) => new TamperingMember(rounds, address));
        var tampering = consortium.Members[1].Address;
        var coordinator = consortium.Coordinator();

        var outcome = await coordinator.RunRoundAsync(1, CancellationToken.None);

        var exclusion = Assert.Single(outcome.Exclusions);
        Assert.Equal((tampering, ExclusionReason.Malicious), (exclusion.Member, exclusion.Reason));
        Assert.Contains("was committed on chain", exclusion.Detail);
        Assert.Single(outcome.Accusations);
        var commitment = await consortium.CoordinatorRounds.GetCommitmentAsync(outcome.RoundId, tampering);
        var accused = Assert.Single(await consortium.CoordinatorRounds.GetMemberAccusedEventsAsync(outcome.RoundId));
        Assert.Equal((tampering, commitment.UpdateHash), (accused.Member, accused.UpdateHash));
        Assert.Contains("was committed on chain", accused.ReasonText);
        Assert.Equal(Stake, (await consortium.Registry.GetMemberAsync(tampering)).Stake);
        Assert.Empty(await coordinator.SettleDueAccusationsAsync());

        consortium.Chain.AdvanceTime(await consortium.CoordinatorRounds.GetChallengeWindowAsync() + TimeSpan.FromSeconds(1));
        var settled = Assert.Single(await coordinator.SettleDueAccusationsAsync());

        Assert.Equal((AccusationStatus.Upheld, Stake / 2), (settled.Status, settled.Slashed));
        await AssertExcludedAndSlashedAsync(consortium, outcome, tampering, ExclusionReason.Malicious, Stake / 2);
    }

    [Fact]
    public async Task AnUpdateThatIsNotAModelIsExcludedAsInvalidAndLosesTheSmallerShareOfItsStake()
    {
        await using var consortium = await InMemoryConsortium.StartAsync(1, (rounds, address) => new GarbageMember(rounds, address));
        var garbage = consortium.Members[1].Address;

        var outcome = await consortium.Coordinator().RunRoundAsync(1, CancellationToken.None);

        var exclusion = Assert.Single(outcome.Exclusions);
        Assert.Equal((garbage, ExclusionReason.InvalidUpdate), (exclusion.Member, exclusion.Reason));
        Assert.Contains("not a valid model", exclusion.Detail);
        await AssertExcludedAndSlashedAsync(consortium, outcome, garbage, ExclusionReason.InvalidUpdate, Stake / 10);
    }

    [Fact]
    public async Task AMemberThatCommittedButDeliveredNothingIsExcludedAsNotDeliveredAndLosesTheSmallerShareOfItsStake()
    {
        await using var consortium = await InMemoryConsortium.StartAsync(1, (rounds, address) => new VanishingMember(rounds, address));
        var vanishing = consortium.Members[1].Address;

        var outcome = await consortium.Coordinator().RunRoundAsync(1, CancellationToken.None);

        var exclusion = Assert.Single(outcome.Exclusions);
        Assert.Equal((vanishing, ExclusionReason.NotDelivered), (exclusion.Member, exclusion.Reason));
        Assert.Contains("delivered nothing", exclusion.Detail);
        await AssertExcludedAndSlashedAsync(consortium, outcome, vanishing, ExclusionReason.NotDelivered, Stake / 10);
    }

    [Fact]
    public async Task AMemberMissingTheTrainingDeadlineIsExcludedAsMissedDeadlineAndKeepsItsStake()
    {
        await using var consortium = await InMemoryConsortium.StartAsync(1, (rounds, address) => new SilentMember(rounds, address));
        var silent = consortium.Members[1].Address;

        var outcome = await consortium.Coordinator(InMemoryConsortium.Options(trainTimeout: TimeSpan.FromSeconds(10))).RunRoundAsync(1, CancellationToken.None);

        var exclusion = Assert.Single(outcome.Exclusions);
        Assert.Equal((silent, ExclusionReason.MissedDeadline), (exclusion.Member, exclusion.Reason));
        Assert.Contains("deadline", exclusion.Detail);
        await AssertExcludedAndSlashedAsync(consortium, outcome, silent, ExclusionReason.MissedDeadline, BigInteger.Zero);
    }

    [Fact]
    public async Task ARoundBelowQuorumClosesWithTheModelUnchangedPaysNobodyAndStillSlashes()
    {
        await using var consortium = await InMemoryConsortium.StartAsync(1, (rounds, address) => new GarbageMember(rounds, address));
        var coordinator = consortium.Coordinator(InMemoryConsortium.Options(quorum: 2));
        var before = Keccak.Hash(coordinator.Global.ToBytes());

        var outcome = await coordinator.RunRoundAsync(1, CancellationToken.None);

        Assert.False(outcome.QuorumReached);
        Assert.Equal(before, outcome.OpenedModelHash);
        Assert.Equal(before, outcome.GlobalModelHash);
        Assert.Equal(before, Keccak.Hash(coordinator.Global.ToBytes()));
        Assert.Single(outcome.Updates);
        Assert.Empty(outcome.Scores);
        Assert.Empty(outcome.Claims);
        Assert.Null(outcome.Validation);
        var onChain = await consortium.CoordinatorRounds.GetRoundAsync(outcome.RoundId);
        Assert.Equal((RoundStatus.Finalized, before, BigInteger.Zero, 0), (onChain.Status, onChain.NewModelHash, onChain.RewardPool, onChain.ScoredMembers));
        Assert.Equal(0, await consortium.Token.BalanceOfAsync(consortium.Members[0].Address));
        await AssertExcludedAndSlashedAsync(consortium, outcome, consortium.Members[1].Address, ExclusionReason.InvalidUpdate, Stake / 10);
    }

    [Fact]
    public async Task AMemberWhoseNodeIsGoneIsLeftOutOfLaterRoundsAndTheRoundsStillComplete()
    {
        await using var consortium = await InMemoryConsortium.StartAsync(operators: 2);
        var coordinator = consortium.Coordinator();
        var gone = consortium.Members[1];
        await coordinator.RunRoundAsync(1, CancellationToken.None);

        await consortium.StopServingAsync(gone);
        var discovered = await coordinator.RunRoundAsync(2, CancellationToken.None);
        var later = await coordinator.RunRoundAsync(3, CancellationToken.None);

        var exclusion = Assert.Single(discovered.Exclusions);
        Assert.Equal((gone.Address, ExclusionReason.MissedDeadline), (exclusion.Member, exclusion.Reason));
        Assert.Contains("Unavailable", exclusion.Detail);
        Assert.True(discovered.QuorumReached);
        Assert.DoesNotContain(gone, coordinator.ActiveMembers);
        Assert.Equal([consortium.Members[0].Address], later.Sampled);
        Assert.Empty(later.Exclusions);
        Assert.Equal(RoundStatus.Finalized, (await consortium.CoordinatorRounds.GetRoundAsync(later.RoundId)).Status);
        Assert.Equal(later.OpenedModelHash, discovered.GlobalModelHash);
    }

    /// <summary>Rounding leaves at most one base unit per scored member unpaid.</summary>
    private static IEqualityComparer<BigInteger> TokenUnitsOff(int members) =>
        EqualityComparer<BigInteger>.Create((a, b) => BigInteger.Abs(a - b) <= members, _ => 0);

    private static async Task AssertExcludedAndSlashedAsync(
        InMemoryConsortium consortium, RoundOutcome outcome, ChainAddress member, ExclusionReason reason, BigInteger slashed)
    {
        var onChain = await consortium.CoordinatorRounds.GetRoundAsync(outcome.RoundId);
        Assert.Equal(RoundStatus.Finalized, onChain.Status);
        Assert.True(outcome.Table.Matches(onChain));
        Assert.Equal(1, onChain.ExcludedMembers);
        Assert.True(onChain.ExclusionsEnforced);
        Assert.NotNull(outcome.Enforcement);
        var history = await consortium.CoordinatorRounds.GetRoundHistoryAsync(outcome.RoundId);
        Assert.Equal([new MemberExclusion(member, reason)], history.Exclusions);
        Assert.DoesNotContain(member, outcome.Scores.Select(s => s.Member));
        Assert.DoesNotContain(member, outcome.Updates.Select(u => u.Member));

        Assert.Equal(Stake - slashed, (await consortium.Registry.GetMemberAsync(member)).Stake);
        var slashes = await consortium.Registry.GetMemberSlashedEventsAsync(member);
        if (slashed.IsZero)
        {
            Assert.Empty(slashes);
        }
        else
        {
            var slash = Assert.Single(slashes);
            Assert.Equal((slashed, (int)reason, outcome.RoundId, consortium.CoordinatorRounds.Address), (slash.Amount, slash.Reason, slash.Reference, slash.Ledger));
        }

        // The honest operator delivered, was scored and was paid.
        var honest = consortium.Members[0].Address;
        Assert.Equal(Stake, (await consortium.Registry.GetMemberAsync(honest)).Stake);
        Assert.Contains(honest, outcome.Updates.Select(u => u.Member));
    }
}
