using Consortium.Fl.Aggregation;

namespace Consortium.Fl.Tests.Aggregation;

public class CoordinateStatisticsTests
{
    [Fact]
    public void TrimmingNothingIsThePlainMean()
    {
        var destination = new float[2];
        CoordinateStatistics.TrimmedMean([new float[] { 1, 10 }, new float[] { 2, 20 }, new float[] { 6, 0 }], 0, destination);
        Assert.Equal([3f, 10f], destination);
    }

    [Fact]
    public void MedianOfOneUpdateIsThatUpdate()
    {
        var destination = new float[3];
        CoordinateStatistics.Median([new float[] { 1.5f, -2f, 1e-30f }], destination);
        Assert.Equal([1.5f, -2f, 1e-30f], destination);
    }

    [Fact]
    public void TailCoordinatesBeyondTheLastFullSimdGroupAreComputedToo()
    {
        var length = (4 * System.Numerics.Vector<float>.Count) + 3;
        var updates = Enumerable.Range(0, 3).Select(k => Enumerable.Range(0, length).Select(j => (float)((j * 7) + (k * 100 % 7))).ToArray()).ToArray();
        var destination = new float[length];

        CoordinateStatistics.Median(updates.Select(u => (ReadOnlyMemory<float>)u).ToArray(), destination);

        for (var j = 0; j < length; j++)
        {
            Assert.Equal(updates.Select(u => u[j]).Order().ElementAt(1), destination[j]);
        }
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(2)]
    public void TrimmingThatLeavesNoValueIsRefused(int trimmed)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            CoordinateStatistics.TrimmedMean([new float[] { 1 }, new float[] { 2 }, new float[] { 3 }, new float[] { 4 }], trimmed, new float[1]));
    }

    [Fact]
    public void DestinationOfAnotherLengthIsRefused()
    {
        Assert.Throws<ArgumentException>(() => CoordinateStatistics.Median([new float[] { 1, 2 }], new float[3]));
    }
}
