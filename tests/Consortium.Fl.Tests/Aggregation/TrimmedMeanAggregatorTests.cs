using Consortium.Fl.Aggregation;

namespace Consortium.Fl.Tests.Aggregation;

public class TrimmedMeanAggregatorTests : UpdateAggregatorContract
{
    protected override UpdateAggregator CreateAggregator() => new TrimmedMeanAggregator(0.2);

    protected override float[] Reference(float[] global, float[][] updates, double[] weights) =>
        MeanOfRanks(updates, n => ((int)(0.2 * n), n - 1 - (int)(0.2 * n)));

    [Fact]
    public void DropsTheSmallestAndLargestValuesOfEachCoordinate()
    {
        var destination = new float[2];
        new TrimmedMeanAggregator(0.2).Combine(
            new float[2],
            [new float[] { -100, 1 }, new float[] { 1, 2 }, new float[] { 2, 3 }, new float[] { 3, 4 }, new float[] { 100, 500 }],
            [1, 1, 1, 1, 1],
            destination);
        Assert.Equal([2f, 3f], destination);
    }

    [Theory]
    [InlineData(0.1, 9, 0)]
    [InlineData(0.1, 10, 1)]
    [InlineData(0.25, 7, 1)]
    [InlineData(0.45, 100, 45)]
    public void TrimsTheFloorOfBetaTimesTheCountAtEachEnd(double beta, int count, int trimmed)
    {
        Assert.Equal(trimmed, new TrimmedMeanAggregator(beta).TrimmedCount(count));
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(0.5)]
    [InlineData(double.NaN)]
    public void BetaMustLeaveSomethingToAverage(double beta)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TrimmedMeanAggregator(beta));
    }
}
