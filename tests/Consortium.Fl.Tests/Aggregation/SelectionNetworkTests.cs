using Consortium.Fl.Aggregation;

namespace Consortium.Fl.Tests.Aggregation;

public class SelectionNetworkTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(8)]
    [InlineData(13)]
    [InlineData(33)]
    [InlineData(100)]
    public void FullNetworkSortsAnyInputWithPaddingAtInfinity(int inputs)
    {
        var network = SelectionNetwork.For(inputs, 0, inputs - 1);
        var random = new Random(inputs);
        for (var trial = 0; trial < 50; trial++)
        {
            var values = Run(network, Enumerable.Range(0, inputs).Select(_ => (float)random.Next(-5, 6)).ToArray());
            Assert.Equal(values.Take(inputs).Order(), values.Take(inputs));
        }
    }

    [Theory]
    [InlineData(7, 3, 3)]
    [InlineData(10, 4, 5)]
    [InlineData(100, 49, 50)]
    [InlineData(100, 10, 89)]
    public void PrunedNetworkStillPlacesTheWantedRanks(int inputs, int first, int last)
    {
        var full = SelectionNetwork.For(inputs, 0, inputs - 1);
        var pruned = SelectionNetwork.For(inputs, first, last);
        var random = new Random(first + last);
        for (var trial = 0; trial < 50; trial++)
        {
            var input = Enumerable.Range(0, inputs).Select(_ => random.NextSingle()).ToArray();
            var sorted = input.Order().ToArray();
            var values = Run(pruned, input);
            Assert.Equal(sorted[first..(last + 1)], values[first..(last + 1)]);
        }

        Assert.True(pruned.Low.Length <= full.Low.Length);
    }

    [Fact]
    public void RanksOutsideTheInputsAreRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SelectionNetwork.For(5, 2, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => SelectionNetwork.For(0, 0, 0));
    }

    private static float[] Run(SelectionNetwork network, float[] input)
    {
        var wires = new float[network.Wires];
        Array.Fill(wires, float.PositiveInfinity);
        input.CopyTo(wires, 0);
        for (var c = 0; c < network.Low.Length; c++)
        {
            var (a, b) = (wires[network.Low[c]], wires[network.High[c]]);
            wires[network.Low[c]] = Math.Min(a, b);
            wires[network.High[c]] = Math.Max(a, b);
        }

        return wires;
    }
}
