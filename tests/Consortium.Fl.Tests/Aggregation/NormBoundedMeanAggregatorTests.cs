using Consortium.Fl.Aggregation;

namespace Consortium.Fl.Tests.Aggregation;

/// <summary>The mean with a norm bound that the random updates of the contract exceed, so clipping is always at work.</summary>
public class NormBoundedMeanAggregatorTests : UpdateAggregatorContract
{
    protected override UpdateAggregator CreateAggregator() => new MeanAggregator(normBound: 20);

    protected override float[] Reference(float[] global, float[][] updates, double[] weights) =>
        WeightedMean(updates.Select(u => Clipped(global, u, 20)).ToArray(), weights);

    [Fact]
    public void UpdatesWithinTheBoundAreAveragedExactlyAsWithoutOne()
    {
        float[][] updates = [[1f, 2f], [3f, 1f], [2f, 2f]];
        var bounded = new float[2];
        var plain = new float[2];

        new MeanAggregator(normBound: 100).Combine([0f, 0f], Memories(updates), [1, 2, 3], bounded);
        new MeanAggregator().Combine([0f, 0f], Memories(updates), [1, 2, 3], plain);

        Assert.Equal(plain, bounded);
    }

    [Fact]
    public void FarUpdateCountsOnlyUpToTheBound()
    {
        // One honest member at distance 1, one attacker at distance 1000 in the same direction; bound 2.
        var destination = new float[2];
        new MeanAggregator(normBound: 2).Combine([10f, 10f], [new float[] { 11f, 10f }, new float[] { 1010f, 10f }], [1, 1], destination);

        Assert.Equal(11.5f, destination[0], 5);
        Assert.Equal(10f, destination[1], 5);
    }

    [Fact]
    public void BoundMustBePositive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MeanAggregator(normBound: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MeanAggregator(normBound: double.PositiveInfinity));
    }

    internal static float[] Clipped(float[] global, float[] update, double bound)
    {
        var norm = Math.Sqrt(global.Zip(update, (g, u) => (double)(u - g) * (u - g)).Sum());
        var scale = norm > bound ? bound / norm : 1;
        return global.Zip(update, (g, u) => (float)(g + (scale * (u - g)))).ToArray();
    }
}
