using Consortium.Fl.Aggregation;

namespace Consortium.Fl.Tests.Aggregation;

public class KrumSelectionTests
{
    [Fact]
    public void SquaredDistancesMatchThePairwiseDefinitionOnLongVectors()
    {
        var random = new Random(3);
        var updates = Enumerable.Range(0, 6).Select(_ => Enumerable.Range(0, 300_001).Select(_ => random.NextSingle()).ToArray()).ToArray();
        var distances = new double[36];

        KrumSelection.SquaredDistances(updates.Select(u => (ReadOnlyMemory<float>)u).ToArray(), distances);

        for (var j = 0; j < 6; j++)
        {
            Assert.Equal(0, distances[(j * 6) + j]);
            for (var k = 0; k < 6; k++)
            {
                var expected = updates[j].Zip(updates[k], (a, b) => (double)(a - b) * (a - b)).Sum();
                Assert.Equal(expected, distances[(j * 6) + k], expected * 1e-5);
                Assert.Equal(distances[(j * 6) + k], distances[(k * 6) + j]);
            }
        }
    }

    [Fact]
    public void ScoreSumsTheDistancesToTheNearestNMinusFMinusTwoOthers()
    {
        // Points 0, 1, 3 and 10 on a line: squared distances.
        float[] points = [0, 1, 3, 10];
        var distances = points.SelectMany(a => points.Select(b => (double)(a - b) * (a - b))).ToArray();
        var scores = new double[4];

        KrumSelection.Scores(distances, 4, assumedByzantine: 1, scores);

        // n − f − 2 = 1 neighbour each.
        Assert.Equal([1.0, 1.0, 4.0, 49.0], scores);
    }

    [Fact]
    public void MultiKrumPicksTheCentralUpdatesBestFirst()
    {
        ReadOnlyMemory<float>[] updates = [new float[] { 0 }, new float[] { 0.1f }, new float[] { 100 }, new float[] { -0.1f }, new float[] { 0.3f }];
        var selected = new int[3];

        KrumSelection.SelectMultiKrum(updates, assumedByzantine: 1, selected);

        Assert.Equal(0, selected[0]);
        Assert.DoesNotContain(2, selected);
    }

    [Fact]
    public void SelectingMoreThanThereAreIsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => KrumSelection.SelectMultiKrum([new float[] { 1 }, new float[] { 2 }, new float[] { 3 }], 0, new int[4]));
    }
}
