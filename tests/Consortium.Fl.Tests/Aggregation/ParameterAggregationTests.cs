using Consortium.Fl.Aggregation;

namespace Consortium.Fl.Tests.Aggregation;

public class ParameterAggregationTests
{
    [Fact]
    public void WeightedMeanWeighsEachUpdateByItsShare()
    {
        ReadOnlyMemory<float>[] updates = [new float[] { 0, 10, -4 }, new float[] { 4, 2, 8 }];
        var destination = new float[3];

        ParameterAggregation.WeightedMean(updates, [1, 3], destination);

        Assert.Equal([3f, 4f, 5f], destination);
    }

    [Fact]
    public void WeightedMeanIgnoresHowWeightsAreScaledAndWhatTheDestinationHeld()
    {
        ReadOnlyMemory<float>[] updates = [new float[] { 1, 2 }, new float[] { 3, 6 }];
        var small = new float[] { 99, 99 };
        var large = new float[2];

        ParameterAggregation.WeightedMean(updates, [1, 1], small);
        ParameterAggregation.WeightedMean(updates, [1000, 1000], large);

        Assert.Equal([2f, 4f], small);
        Assert.Equal(small, large);
    }

    [Fact]
    public void ZeroWeightLeavesAnUpdateOut()
    {
        ReadOnlyMemory<float>[] updates = [new float[] { 1, 1 }, new float[] { float.MaxValue, 5 }];
        var destination = new float[2];

        ParameterAggregation.WeightedMean(updates, [2, 0], destination);

        Assert.Equal([1f, 1f], destination);
    }

    [Theory]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void InvalidWeightIsRejected(double weight)
    {
        ReadOnlyMemory<float>[] updates = [new float[] { 1 }, new float[] { 2 }];
        Assert.Throws<ArgumentOutOfRangeException>(() => ParameterAggregation.WeightedMean(updates, [1, weight], new float[1]));
    }

    [Fact]
    public void AllZeroWeightsAreRejected()
    {
        ReadOnlyMemory<float>[] updates = [new float[] { 1 }];
        Assert.Throws<ArgumentException>(() => ParameterAggregation.WeightedMean(updates, [0], new float[1]));
    }

    [Fact]
    public void AddScaledCoversTheVectorizedPartAndTheTail()
    {
        var accumulator = Enumerable.Range(0, 37).Select(i => (float)i).ToArray();
        var update = Enumerable.Repeat(2f, 37).ToArray();

        ParameterAggregation.AddScaled(accumulator, update, 0.5f);

        Assert.Equal(Enumerable.Range(0, 37).Select(i => i + 1f), accumulator);
    }

    [Fact]
    public void NormsAndDistancesAreEuclidean()
    {
        Assert.Equal(5.0, ParameterAggregation.L2Norm([3f, 4f]), 12);
        Assert.Equal(5.0, ParameterAggregation.L2Distance([1f, 1f], [4f, 5f]), 12);
    }

    [Fact]
    public void FirstNonFiniteValueIsFound()
    {
        Assert.Equal(-1, ParameterAggregation.IndexOfNonFinite([1f, 2f]));
        Assert.Equal(1, ParameterAggregation.IndexOfNonFinite([1f, float.NaN, float.PositiveInfinity]));
    }
}
