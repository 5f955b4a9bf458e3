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
}
