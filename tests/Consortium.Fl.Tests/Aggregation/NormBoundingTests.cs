using Consortium.Fl.Aggregation;

namespace Consortium.Fl.Tests.Aggregation;

public class NormBoundingTests
{
    [Fact]
    public void UpdateWithinTheBoundIsCopiedUnchanged()
    {
        float[] update = [1.1f, 2.3f];
        var destination = new float[2];

        var scale = NormBounding.Clip([1f, 2f], update, 1.0, destination);

        Assert.Equal(1.0, scale);
        Assert.Equal(update, destination);
    }

    [Fact]
    public void UpdateBeyondTheBoundIsPulledBackAlongTheLineToTheGlobalModel()
    {
        var destination = new float[2];

        var scale = NormBounding.Clip([1f, 1f], [4f, 5f], 2.5, destination);

        Assert.Equal(0.5, scale, 12);
        Assert.Equal([2.5f, 3f], destination);
        Assert.Equal(2.5, ParameterAggregation.L2Distance(destination, [1f, 1f]), 5);
    }

    [Fact]
    public void DeltaNormsOfLongVectorsMatchTheDistanceOfEachUpdate()
    {
        var random = new Random(8);
        var global = Enumerable.Range(0, 200_001).Select(_ => random.NextSingle()).ToArray();
        var updates = Enumerable.Range(0, 4).Select(_ => global.Select(g => g + random.NextSingle() - 0.5f).ToArray()).ToArray();
        var norms = new double[4];

        NormBounding.DeltaNorms(global, updates.Select(u => (ReadOnlyMemory<float>)u).ToArray(), norms);

        for (var k = 0; k < 4; k++)
        {
            var expected = ParameterAggregation.L2Distance(updates[k], global);
            Assert.Equal(expected, norms[k], expected * 1e-6);
        }
    }

    [Fact]
    public void ScaleFactorIsOneWithinTheBoundAndTheRatioBeyond()
    {
        Assert.Equal(1.0, NormBounding.ScaleFactor(3, 5));
        Assert.Equal(0.25, NormBounding.ScaleFactor(20, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => NormBounding.ScaleFactor(1, -1));
    }
}
