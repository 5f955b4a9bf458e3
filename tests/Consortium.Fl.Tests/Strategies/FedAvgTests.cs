using Consortium.Fl.Strategies;

namespace Consortium.Fl.Tests.Strategies;

public class FedAvgTests : AggregationStrategyContract
{
    protected override AggregationStrategy CreateStrategy() => new FedAvg();

    [Fact]
    public void MembersWeighInProportionToTheirSampleCounts()
    {
        var next = new FedAvg().Aggregate(new float[2], [
            new MemberUpdate("small", [0f, 8f], 100),
            new MemberUpdate("large", [4f, 0f], 300),
        ]);
        Assert.Equal([3f, 2f], next);
    }

    [Fact]
    public void GlobalModelDoesNotEnterTheAverage()
    {
        var next = new FedAvg().Aggregate([100f], [new MemberUpdate("only", [1f], 5)]);
        Assert.Equal([1f], next);
    }

    [Fact]
    public void DestinationOverloadWritesTheSameResultWithoutAllocatingIt()
    {
        MemberUpdate[] updates = [new("a", [1f, 2f], 1), new("b", [3f, 4f], 1)];
        var destination = new float[2];
        new FedAvg().Aggregate(new float[2], updates, destination);
        Assert.Equal(new FedAvg().Aggregate(new float[2], updates), destination);
    }

    [Fact]
    public void EvaluationsAddUpAcrossMembers()
    {
        var total = new FedAvg().AggregateEvaluation([
            Consortium.Fl.Evaluation.ForecastErrors.Measure([1f], [3f]),
            Consortium.Fl.Evaluation.ForecastErrors.Measure([2f, 2f], [2f, 2f]),
        ]);
        Assert.Equal(3, total.Count);
        Assert.Equal(4, total.SumSquaredErrorKw2);
    }
}
