using Consortium.Network.SecureAggregation;

namespace Consortium.Node.Tests.Network.SecureAggregation;

/// <summary>The pieces of a secure round: secret sharing, the mask generator, the neighbour graph, the fixed-point ring.</summary>
public sealed class SecureAggregationPrimitivesTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 3)]
    [InlineData(3, 5)]
    [InlineData(7, 12)]
    public void AnyThresholdOfSharesGivesTheSecretBack(int threshold, int count)
    {
        var secret = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        var shares = ShamirSharing.Split(secret, threshold, [.. Enumerable.Range(1, count).Select(x => (byte)(x * 7))]);
        var random = new Random(threshold * count);

        for (var attempt = 0; attempt < 10; attempt++)
        {
            var subset = shares.OrderBy(_ => random.Next()).Take(threshold).ToList();
            Assert.Equal(secret, ShamirSharing.Combine(subset));
        }

        if (threshold > 1)
        {
            Assert.NotEqual(secret, ShamirSharing.Combine([.. shares.Take(threshold - 1)]));
        }
    }

    [Fact]
    public void SharingRefusesPointsAndThresholdsThatCannotWork()
    {
        Assert.Throws<ArgumentException>(() => ShamirSharing.Split(new byte[4], 3, [1, 2]));
        Assert.Throws<ArgumentException>(() => ShamirSharing.Split(new byte[4], 1, [0, 2]));
        Assert.Throws<ArgumentException>(() => ShamirSharing.Split(new byte[4], 1, [2, 2]));
        Assert.Throws<ArgumentException>(() => ShamirSharing.Combine([new SecretShare(1, [1]), new SecretShare(1, [2])]));
    }

    [Fact]
    public void AMaskAddedAndSubtractedLeavesTheWordsAsTheyWere()
    {
        var seed = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        var words = Enumerable.Range(0, 100_003).Select(i => (uint)i * 2654435761u).ToArray();
        var original = words.ToArray();

        MaskStream.Apply(seed, words, 1);
        var masked = words.ToArray();
        MaskStream.Apply(seed, words, -1);
        var again = original.ToArray();
        MaskStream.Apply(seed, again, 1);
        var other = original.ToArray();
        seed[0] ^= 1;
        MaskStream.Apply(seed, other, 1);

        Assert.Equal(original, words);
        Assert.Equal(masked, again);
        Assert.True(masked.Zip(original).Count(p => p.First == p.Second) < 10);
        Assert.True(masked.Zip(other).Count(p => p.First == p.Second) < 10);
        Assert.Throws<ArgumentException>(() => MaskStream.Apply(new byte[16], words, 1));
    }

    [Theory]
    [InlineData(3, 2, 1)]
    [InlineData(4, 3, 2)]
    [InlineData(5, 4, 3)]
    [InlineData(10, 8, 5)]
    [InlineData(20, 10, 6)]
    [InlineData(40, 12, 7)]
    [InlineData(1000, 20, 11)]
    public void TheGraphIsSymmetricWithLogarithmicDegree(int members, int degree, int threshold)
    {
        var graph = NeighbourGraph.Create(members, [1, 2, 3]);
        var reseeded = NeighbourGraph.Create(members, [1, 2, 3]);

        Assert.Equal((degree, threshold), (graph.Degree, graph.Threshold));
        for (var m = 0; m < members; m++)
        {
            Assert.Equal(degree, graph.NeighboursOf(m).Count);
            Assert.DoesNotContain(m, graph.NeighboursOf(m));
            Assert.All(graph.NeighboursOf(m), n => Assert.True(graph.AreNeighbours(n, m)));
            Assert.Equal(graph.NeighboursOf(m), reseeded.NeighboursOf(m));
        }

        if (degree < members - 1)
        {
            var other = NeighbourGraph.Create(members, [1, 2, 4]);
            Assert.Contains(Enumerable.Range(0, members), m => !graph.NeighboursOf(m).SequenceEqual(other.NeighboursOf(m)));
        }
    }

    [Fact]
    public void FixedPointSumsDecodeWithinTheResolutionAndClipOutliers()
    {
        var encoding = new FixedPointEncoding(range: 2.0, members: 40);
        var random = new Random(3);
        var values = Enumerable.Range(0, 40).Select(_ => Enumerable.Range(0, 500).Select(_ => (float)((random.NextDouble() * 4) - 2)).ToArray()).ToList();
        var sum = new uint[500];
        var exact = new double[500];
        foreach (var vector in values)
        {
            var words = new uint[500];
            Assert.Equal(0, encoding.Encode(vector, words));
            for (var i = 0; i < 500; i++)
            {
                sum[i] = unchecked(sum[i] + words[i]);
                exact[i] += vector[i];
            }
        }

        var decoded = new double[500];
        encoding.DecodeSum(sum, decoded);
        var outlier = new uint[2];

        Assert.All(Enumerable.Range(0, 500), i => Assert.InRange(Math.Abs(decoded[i] - exact[i]), 0, 40 * encoding.Resolution));
        Assert.Equal(1, encoding.Encode([5f, -1f], outlier));
        Assert.Equal(2.0, unchecked((int)outlier[0]) / encoding.Scale, 6);
        Assert.Throws<ArgumentException>(() => encoding.Encode([float.NaN], new uint[1]));
    }
}
