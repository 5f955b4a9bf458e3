using Consortium.Dispatch.Exact;

namespace Consortium.Dispatch.Tests.Exact;

public class DeviationPricingTests
{
    [Fact]
    public void APriceThatIsNotFiniteIsRejectedNamingTheStep()
    {
        var error = Assert.Throws<ArgumentException>(() => new DeviationPricing(0, [0.1], [0, 0, double.NaN]));
        Assert.Equal("pricesKw", error.ParamName);
        Assert.Contains("step 2", error.Message);
        Assert.Equal(0.1 + 3, new DeviationPricing(0, [0.1], [1, -3, 2]).SteepestSlope, 12);
        error = Assert.Throws<ArgumentException>(() => new DeviationPricing(1, [0.1, 0.2], growth: 0.9));
        Assert.Equal("growth", error.ParamName);
    }

    [Fact]
    public void GrowingPiecesReachAsFarAsAskedAndDrawTheQuadraticAtTheirMiddles()
    {
        var growth = DeviationPricing.GrowthToReach(0.001, 50, 24);
        Assert.InRange(growth, 1.5, 1.6);
        var shape = DeviationPricing.Quadratic(2, 0.001, 24, growth: growth);
        var reach = Enumerable.Range(0, 23).Sum(shape.Width);
        Assert.Equal(50, reach, 6);
        Assert.Equal(double.PositiveInfinity, shape.Width(23));

        // Slope of piece k: ρ times the middle of [start, start + width].
        Assert.Equal(2 * 0.0005, shape.Slopes[0], 12);
        Assert.Equal(2 * (0.001 + (0.001 * growth / 2)), shape.Slopes[1], 12);
        Assert.Equal(1, DeviationPricing.GrowthToReach(1, 10, 24));
        Assert.Equal(DeviationPricing.MaxGrowth, DeviationPricing.GrowthToReach(1e-12, 1e12, 24));
    }
}
