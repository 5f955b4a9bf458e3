using Consortium.Fl.Aggregation;

namespace Consortium.Fl.Tests.Aggregation;

public class MeanAggregatorTests : UpdateAggregatorContract
{
    protected override UpdateAggregator CreateAggregator() => new MeanAggregator();

    protected override float[] Reference(float[] global, float[][] updates, double[] weights) => WeightedMean(updates, weights);

    [Fact]
    public void UpdatesWeighInProportionToTheirWeights()
    {
        var destination = new float[2];
        new MeanAggregator().Combine(new float[2], [new float[] { 0, 8 }, new float[] { 4, 0 }], [100, 300], destination);
        Assert.Equal([3f, 2f], destination);
    }

    [Fact]
    public void OneOutlierMovesTheMeanWithoutLimit()
    {
        var destination = new float[1];
        new MeanAggregator().Combine(new float[1], [new float[] { 1 }, new float[] { 1 }, new float[] { 1 }, new float[] { 1e6f }], [1, 1, 1, 1], destination);
        Assert.True(destination[0] > 1e5f);
    }
}
