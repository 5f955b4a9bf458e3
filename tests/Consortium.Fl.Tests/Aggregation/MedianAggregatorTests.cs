using Consortium.Fl.Aggregation;

namespace Consortium.Fl.Tests.Aggregation;

public class MedianAggregatorTests : UpdateAggregatorContract
{
    protected override UpdateAggregator CreateAggregator() => new MedianAggregator();

    protected override float[] Reference(float[] global, float[][] updates, double[] weights) =>
        MeanOfRanks(updates, n => ((n - 1) / 2, n / 2));

    [Fact]
    public void OddCountTakesTheMiddleValueOfEachCoordinate()
    {
        var destination = new float[2];
        new MedianAggregator().Combine(new float[2], [new float[] { 5, -1 }, new float[] { 1, 9 }, new float[] { 3, 4 }], [1, 1, 1], destination);
        Assert.Equal([3f, 4f], destination);
    }

    [Fact]
    public void EvenCountAveragesTheTwoMiddleValues()
    {
        var destination = new float[1];
        new MedianAggregator().Combine(new float[1], [new float[] { 10 }, new float[] { 1 }, new float[] { 4 }, new float[] { 2 }], [1, 1, 1, 1], destination);
        Assert.Equal([3f], destination);
    }

    [Fact]
    public void MinorityOfHugeUpdatesCannotMoveTheMedianOutOfTheHonestRange()
    {
        var destination = new float[1];
        new MedianAggregator().Combine(
            new float[1],
            [new float[] { 1 }, new float[] { 1.2f }, new float[] { 0.9f }, new float[] { 1e30f }, new float[] { -1e30f + 1 }],
            [1, 1, 1, 1000, 1000],
            destination);
        Assert.InRange(destination[0], 0.9f, 1.2f);
    }

    [Fact]
    public void WeightsDoNotCount()
    {
        var destination = new float[1];
        new MedianAggregator().Combine(new float[1], [new float[] { 1 }, new float[] { 2 }, new float[] { 100 }], [1, 1, 1e9], destination);
        Assert.Equal([2f], destination);
    }
}
