using Consortium.Fl.Aggregation;

namespace Consortium.Fl.Tests.Aggregation;

public class MultiKrumAggregatorTests : UpdateAggregatorContract
{
    protected override UpdateAggregator CreateAggregator() => new MultiKrumAggregator(assumedByzantine: 1);

    protected override float[] Reference(float[] global, float[][] updates, double[] weights)
    {
        var n = updates.Length;
        var scores = Enumerable.Range(0, n).Select(i => Enumerable.Range(0, n)
                .Where(k => k != i)
                .Select(k => updates[i].Zip(updates[k], (a, b) => (double)(a - b) * (a - b)).Sum())
                .Order()
                .Take(n - 1 - 2)
                .Sum())
            .ToArray();
        var kept = Enumerable.Range(0, n).OrderBy(i => scores[i]).ThenBy(i => i).Take(n - 1).Order().ToArray();
        return WeightedMean(kept.Select(i => updates[i]).ToArray(), kept.Select(i => weights[i]).ToArray());
    }

    [Fact]
    public void OutlierIsLeftOutAndTheRestAveragedWithTheirWeights()
    {
        float[][] updates = [[1f, 1f], [1.2f, 0.8f], [50f, -50f], [0.8f, 1.2f], [1f, 1.1f]];
        var destination = new float[2];

        new MultiKrumAggregator(assumedByzantine: 1).Combine(new float[2], Memories(updates), [1, 1, 100, 1, 1], destination);

        Assert.Equal(1f, destination[0], 5);
        Assert.Equal(1.025f, destination[1], 5);
    }

    [Fact]
    public void KeepingEveryUpdateIsFederatedAveraging()
    {
        var updates = RandomUpdates(5, 20, seed: 4);
        double[] weights = [3, 1, 4, 1, 5];
        var krum = new float[20];
        var mean = new float[20];

        new MultiKrumAggregator(assumedByzantine: 1, selected: 5).Combine(new float[20], Memories(updates), weights, krum);
        new MeanAggregator().Combine(new float[20], Memories(updates), weights, mean);

        Assert.Equal(mean, krum);
    }

    [Fact]
    public void TooFewUpdatesForTheAssumedByzantineCountAreRefusedWithTheNeededCount()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            new MultiKrumAggregator(assumedByzantine: 2).Combine(new float[2], Memories(RandomUpdates(4, 2, seed: 1)), [1, 1, 1, 1], new float[2]));
        Assert.Contains("at least 5", error.Message);
    }

    [Fact]
    public void SelectionIsCappedAtTheUpdatesOfTheRound()
    {
        var rule = new MultiKrumAggregator(assumedByzantine: 1, selected: 10);
        Assert.Equal(4, rule.SelectedCount(4));
        Assert.Equal(3, new MultiKrumAggregator(assumedByzantine: 1).SelectedCount(4));
    }
}
