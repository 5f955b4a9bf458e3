using Consortium.Fl.Strategies;

namespace Consortium.Fl.Tests.Strategies;

public class FedYogiTests : AggregationStrategyContract
{
    protected override AggregationStrategy CreateStrategy() => new FedYogi();

    protected override bool AdoptsTheCombinedUpdate => false;

    [Fact]
    public void SecondMomentMovesAdditivelyTowardsTheSquaredChange()
    {
        var strategy = new FedYogi();
        strategy.Aggregate([0f], [new MemberUpdate("a", [1f], 1)]);
        var afterLarge = strategy.SecondMoment[0];
        strategy.Aggregate([0f], [new MemberUpdate("a", [0.1f], 1)]);

        // Round 1: v = τ² − 0.01·1·sign(τ² − 1) = τ² + 0.01. Round 2: v > Δ² = 0.01 → v − 0.01·0.01.
        Assert.Equal(1e-6 + 0.01, afterLarge, 6);
        Assert.Equal(afterLarge - (0.01 * 0.01), strategy.SecondMoment[0], 6);
    }

    [Fact]
    public void YogiAndAdamDifferOnceTheChangesShrink()
    {
        var adam = new FedAdam();
        var yogi = new FedYogi();
        float[] global = [0f];
        foreach (var change in new[] { 1f, 0.01f, 0.01f })
        {
            adam.Aggregate(global, [new MemberUpdate("a", [change], 1)]);
            yogi.Aggregate(global, [new MemberUpdate("a", [change], 1)]);
        }

        Assert.NotEqual(adam.SecondMoment[0], yogi.SecondMoment[0]);
        Assert.Equal(adam.FirstMoment[0], yogi.FirstMoment[0]);
    }

    [Fact]
    public void RepeatedRoundsReachTheMembersCommonOptimum()
    {
        float[] target = [0.3f, -0.2f, 0.05f, 0.4f];
        var strategy = new FedYogi();
        var global = new float[4];
        for (var round = 0; round < 150; round++)
        {
            var local = global.Zip(target, (g, t) => g + (0.5f * (t - g))).ToArray();
            global = strategy.Aggregate(global, [new MemberUpdate("a", local, 1)]);
        }

        for (var j = 0; j < target.Length; j++)
        {
            Assert.Equal(target[j], global[j], 2);
        }
    }
}
