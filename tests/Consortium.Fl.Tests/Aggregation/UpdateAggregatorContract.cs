using Consortium.Fl.Aggregation;

namespace Consortium.Fl.Tests.Aggregation;

/// <summary>Behaviour every aggregation rule must have; each rule's test class derives from this.</summary>
public abstract class UpdateAggregatorContract
{
    protected abstract UpdateAggregator CreateAggregator();

    /// <summary>The rule written the obvious way, coordinate by coordinate, to check the fast one against.</summary>
    protected abstract float[] Reference(float[] global, float[][] updates, double[] weights);

    [Fact]
    public void IdenticalUpdatesCombineToThatUpdateWhateverTheirWeights()
    {
        float[] update = [0.5f, -1.25f, 3f, 0f, 7.75f];
        var updates = Enumerable.Range(0, 5).Select(_ => (float[])update.Clone()).ToArray();
        var destination = new float[5];

        CreateAggregator().Combine(new float[5], Memories(updates), [10, 1, 1234, 3, 3], destination);

        // Exact for the order statistics; within float rounding of the weight shares for the means.
        Assert.Equal(update, destination, new Close(1e-6f));
    }

    [Fact]
    public void ResultStaysWithinTheRangeOfTheUpdatesCoordinateByCoordinate()
    {
        var updates = RandomUpdates(7, 50, seed: 5);
        var destination = new float[50];

        CreateAggregator().Combine(new float[50], Memories(updates), [1, 2, 3, 4, 5, 6, 7], destination);

        for (var j = 0; j < destination.Length; j++)
        {
            Assert.InRange(destination[j], updates.Min(u => u[j]) - 1e-5f, updates.Max(u => u[j]) + 1e-5f);
        }
    }

    [Fact]
    public void OrderOfUpdatesDoesNotMatter()
    {
        var updates = RandomUpdates(6, 40, seed: 9);
        double[] weights = [3, 1, 2, 5, 4, 1];
        int[] permutation = [4, 0, 5, 2, 1, 3];
        var inOrder = new float[40];
        var shuffled = new float[40];
        var aggregator = CreateAggregator();

        aggregator.Combine(new float[40], Memories(updates), weights, inOrder);
        aggregator.Combine(new float[40], Memories(permutation.Select(i => updates[i]).ToArray()), permutation.Select(i => weights[i]).ToArray(), shuffled);

        Assert.Equal(inOrder, shuffled, new Close(1e-5f));
    }

    [Fact]
    public void InputsAreLeftUntouched()
    {
        var global = RandomUpdates(1, 30, seed: 2)[0];
        var updates = RandomUpdates(5, 30, seed: 3);
        var globalCopy = (float[])global.Clone();
        var updateCopies = updates.Select(u => (float[])u.Clone()).ToArray();

        CreateAggregator().Combine(global, Memories(updates), [1, 1, 2, 2, 3], new float[30]);

        Assert.Equal(globalCopy, global);
        for (var k = 0; k < updates.Length; k++)
        {
            Assert.Equal(updateCopies[k], updates[k]);
        }
    }

    [Fact]
    public void LargeVectorsSplitAcrossCoresMatchTheCoordinateByCoordinateRuleAndRepeatExactly()
    {
        // Long enough to be split into blocks on several cores, and not a multiple of any SIMD width.
        const int length = 100_003;
        var global = RandomUpdates(1, length, seed: 11)[0];
        var updates = RandomUpdates(7, length, seed: 12);
        double[] weights = [1, 4, 2, 8, 5, 7, 3];
        var first = new float[length];
        var second = new float[length];
        var aggregator = CreateAggregator();

        aggregator.Combine(global, Memories(updates), weights, first);
        aggregator.Combine(global, Memories(updates), weights, second);

        Assert.Equal(first, second);
        Assert.Equal(Reference(global, updates, weights), first, new Close(1e-4f));
    }

    [Fact]
    public void EmptyUpdateListIsRejected()
    {
        Assert.Throws<ArgumentException>(() => CreateAggregator().Combine(new float[3], [], [], new float[3]));
    }

    [Fact]
    public void UpdateOfTheWrongLengthIsRejected()
    {
        var updates = RandomUpdates(4, 3, seed: 1);
        updates[2] = [1f, 2f];
        Assert.Throws<ArgumentException>(() => CreateAggregator().Combine(new float[3], Memories(updates), [1, 1, 1, 1], new float[3]));
    }

    [Fact]
    public void WeightsMustMatchTheUpdates()
    {
        Assert.Throws<ArgumentException>(() => CreateAggregator().Combine(new float[3], Memories(RandomUpdates(4, 3, seed: 1)), [1, 1], new float[3]));
    }

    [Fact]
    public void NameIsStatedForTheRoundRecord()
    {
        Assert.False(string.IsNullOrWhiteSpace(CreateAggregator().ToString()));
    }

    protected static ReadOnlyMemory<float>[] Memories(float[][] updates) => updates.Select(u => (ReadOnlyMemory<float>)u).ToArray();

    protected static float[][] RandomUpdates(int count, int length, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => Enumerable.Range(0, length).Select(_ => (random.NextSingle() * 10) - 5).ToArray()).ToArray();
    }

    /// <summary>Each coordinate's mean of its sorted values from rank first to last.</summary>
    protected static float[] MeanOfRanks(float[][] updates, Func<int, (int First, int Last)> ranks)
    {
        var length = updates[0].Length;
        var (first, last) = ranks(updates.Length);
        var result = new float[length];
        for (var j = 0; j < length; j++)
        {
            var sorted = updates.Select(u => (double)u[j]).Order().ToArray();
            result[j] = (float)sorted[first..(last + 1)].Average();
        }

        return result;
    }

    protected static float[] WeightedMean(float[][] updates, double[] weights)
    {
        var total = weights.Sum();
        var result = new float[updates[0].Length];
        for (var j = 0; j < result.Length; j++)
        {
            result[j] = (float)Enumerable.Range(0, updates.Length).Sum(k => weights[k] * updates[k][j] / total);
        }

        return result;
    }

    protected sealed class Close(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => MathF.Abs(x - y) <= tolerance * Math.Max(1f, MathF.Abs(x));

        public int GetHashCode(float obj) => 0;
    }
}
