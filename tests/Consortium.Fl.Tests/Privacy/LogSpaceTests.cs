using Consortium.Fl.Privacy;

namespace Consortium.Fl.Tests.Privacy;

public class LogSpaceTests
{
    [Theory]
    [InlineData(-1.0, 1.842700792949715)]
    [InlineData(0.0, 1.0)]
    [InlineData(0.5, 0.4795001221869535)]
    [InlineData(1.0, 0.15729920705028513)]
    [InlineData(1.9999, 0.004679802092970608)]
    [InlineData(2.0, 0.004677734981047265)]
    [InlineData(2.0001, 0.0046756686958033394)]
    [InlineData(2.5, 0.0004069520174449589)]
    [InlineData(2.9999, 2.210442648216091e-05)]
    [InlineData(3.0, 2.2090496998585438e-05)]
    [InlineData(3.0001, 2.2076575870193304e-05)]
    [InlineData(5.0, 1.5374597944280351e-12)]
    public void ErfcMatchesTabulatedValuesEitherSideOfTheMethodSwitch(double x, double erfc)
    {
        // Reference values from the C library's erfc (glibc), to 16 digits; the series and the continued
        // fraction meet at x = 2.
        Assert.Equal(Math.Log(erfc), LogSpace.Erfc(x), 1e-12);
    }

    [Fact]
    public void ErfcStaysFiniteInLogSpaceWhereTheValueUnderflows()
    {
        // erfc(30) ≈ 2.6e-393 is below the smallest double; its log follows the asymptotic series
        // e^(−x²)/(x√π)·(1 − 1/(2x²) + 3/(4x⁴) − …).
        const double x = 30;
        var expected = -x * x - Math.Log(x * Math.Sqrt(Math.PI)) + Math.Log(1 - 1 / (2 * x * x) + 3 / (4 * Math.Pow(x, 4)) - 15 / (8 * Math.Pow(x, 6)));
        Assert.Equal(expected, LogSpace.Erfc(x), 1e-9);
    }

    [Fact]
    public void AddAndSubtractAreInverseInLogSpace()
    {
        var sum = LogSpace.Add(Math.Log(3), Math.Log(5));
        Assert.Equal(Math.Log(8), sum, 14);
        Assert.Equal(Math.Log(3), LogSpace.Subtract(sum, Math.Log(5)), 14);
        Assert.Equal(double.NegativeInfinity, LogSpace.Subtract(1.5, 1.5));
        Assert.Equal(2.0, LogSpace.Add(double.NegativeInfinity, 2.0));
    }
}
