using Consortium.Fl.Aggregation;
using Consortium.Fl.Strategies;

namespace Consortium.Fl.Tests.Strategies;

/// <summary>FedAvg combining with the coordinate-wise median: the contract holds whatever the rule.</summary>
public class FedAvgWithMedianTests : AggregationStrategyContract
{
    protected override AggregationStrategy CreateStrategy() => new FedAvg(new MedianAggregator());

    [Fact]
    public void AttackerSendingAHugeUpdateDoesNotMoveTheModelFar()
    {
        var next = CreateStrategy().Aggregate([0f, 0f], [
            new MemberUpdate("a", [1f, 1f], 10),
            new MemberUpdate("b", [1.1f, 0.9f], 10),
            new MemberUpdate("attacker", [-1e6f, 1e6f], 1_000_000),
        ]);
        Assert.InRange(next[0], 1f, 1.1f);
        Assert.InRange(next[1], 0.9f, 1f);
        Assert.Equal("FedAvg with median", CreateStrategy().ToString());
    }
}
