using System.Numerics;
using Consortium.Node.Federation.Coordinator;

namespace Consortium.Node.Tests.Federation.Coordinator;

public sealed class RewardSplitTests
{
    [Fact]
    public void PoolIsSharedInProportionToPositiveScores()
    {
        var rewards = RewardSplit.Share(1000, [300, 100, -50, 0]);

        Assert.Equal([new BigInteger(750), new BigInteger(250), BigInteger.Zero, BigInteger.Zero], rewards);
    }

    [Fact]
    public void PaidRewardsNeverExceedThePool()
    {
        var pool = BigInteger.Parse("100000000000000000000", System.Globalization.CultureInfo.InvariantCulture);
        var rewards = RewardSplit.Share(pool, [1, 1, 1]);

        var paid = rewards.Aggregate(BigInteger.Zero, (sum, r) => sum + r);
        Assert.True(paid <= pool);
        Assert.True(pool - paid < 3);
    }

    [Fact]
    public void NoPositiveScoreMeansNoReward()
    {
        Assert.All(RewardSplit.Share(1000, [-1, 0]), r => Assert.Equal(BigInteger.Zero, r));
    }

    [Fact]
    public void NegativePoolIsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RewardSplit.Share(-1, [1]));
    }

    [Fact]
    public void TheFloorGoesInEqualPartsToPaidMembersAndTheRestByScore()
    {
        // 20 % of 1000 in three equal parts (66 each, 2 unpaid), 800 by scores 300:100:0 among the paid.
        var rewards = RewardSplit.ShareWithFloor(1000, [300, 100, 0, 500], [true, true, true, false], 0.2);

        Assert.Equal([new BigInteger(66 + 600), new BigInteger(66 + 200), new BigInteger(66), BigInteger.Zero], rewards);
    }

    [Fact]
    public void AMemberNotPaidGetsNothingWhateverItsScore()
    {
        var rewards = RewardSplit.ShareWithFloor(1000, [1_000_000, 10], [false, true], 0.2);

        Assert.Equal([BigInteger.Zero, new BigInteger(1000)], rewards);
    }

    [Fact]
    public void WithNoPositiveScoreAmongThePaidOnlyTheFloorIsPaidAndWithNobodyPaidNothing()
    {
        Assert.Equal([new BigInteger(100), new BigInteger(100)], RewardSplit.ShareWithFloor(1000, [0, -5], [true, true], 0.2));
        Assert.All(RewardSplit.ShareWithFloor(1000, [7, 9], [false, false], 0.2), r => Assert.Equal(BigInteger.Zero, r));
    }

    [Fact]
    public void AFloorOfZeroIsTheProportionalSplitAmongThePaidAndAFloorOfOneAnEqualSplit()
    {
        Assert.Equal([.. RewardSplit.Share(1000, [300, 100, 0]), BigInteger.Zero], RewardSplit.ShareWithFloor(1000, [300, 100, 0, 400], [true, true, true, false], 0));
        Assert.Equal([new BigInteger(333), new BigInteger(333), new BigInteger(333), BigInteger.Zero], RewardSplit.ShareWithFloor(1000, [300, 100, 0, 400], [true, true, true, false], 1));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void OnRandomTablesTheTotalNeverExceedsThePoolAndEveryPaidMemberGetsAtLeastTheFloorPart(int seed)
    {
        var random = new Random(seed);
        for (var trial = 0; trial < 200; trial++)
        {
            var n = random.Next(1, 40);
            var pool = new BigInteger(random.NextInt64(0, long.MaxValue)) * random.Next(1, 1000);
            var scores = Enumerable.Range(0, n).Select(_ => random.NextInt64(-2_000_000, 2_000_000)).ToArray();
            var paid = Enumerable.Range(0, n).Select(_ => random.Next(4) > 0).ToArray();
            var floor = random.Next(3) == 0 ? 0 : random.NextDouble();

            var rewards = RewardSplit.ShareWithFloor(pool, scores, paid, floor);

            var total = rewards.Aggregate(BigInteger.Zero, (sum, r) => sum + r);
            Assert.True(total <= pool, $"paid {total} of {pool}");
            var count = paid.Count(p => p);
            var floorPart = count == 0 ? BigInteger.Zero : pool * (long)Math.Round(floor * RewardSplit.FloorScale) / RewardSplit.FloorScale / count;
            for (var i = 0; i < n; i++)
            {
                Assert.True(paid[i] ? rewards[i] >= floorPart : rewards[i].IsZero, $"member {i}: paid {paid[i]}, reward {rewards[i]}, floor part {floorPart}");
            }

            // What is left unpaid is rounding only (under one unit per paid member for each of the two parts), or the
            // proportional part when no paid member has a positive score.
            var anyPositive = Enumerable.Range(0, n).Any(i => paid[i] && scores[i] > 0);
            if (count > 0 && anyPositive)
            {
                Assert.True(pool - total <= 2 * count, $"{pool - total} left unpaid by {count} paid members");
            }
        }
    }

    [Fact]
    public void AFloorOutsideZeroToOneAndMismatchedFlagsAreRefused()
    {
        Assert.Equal("floor", Assert.Throws<ArgumentOutOfRangeException>(() => RewardSplit.ShareWithFloor(1000, [1], [true], 1.1)).ParamName);
        Assert.Equal("paid", Assert.Throws<ArgumentException>(() => RewardSplit.ShareWithFloor(1000, [1, 2], [true], 0.2)).ParamName);
    }
}
