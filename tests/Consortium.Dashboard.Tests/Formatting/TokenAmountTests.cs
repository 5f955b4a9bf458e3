using System.Numerics;
using Consortium.Dashboard.Formatting;

namespace Consortium.Dashboard.Tests.Formatting;

public sealed class TokenAmountTests
{
    [Theory]
    [InlineData("1500000000000000000", "1.5 CRT")]
    [InlineData("12345678000000000000", "12.345678 CRT")]
    [InlineData("1000000000000000000", "1 CRT")]
    [InlineData("0", "0 CRT")]
    [InlineData("250000000000000", "0.00025 CRT")]
    [InlineData("1234567000000000000000", "1,234.567 CRT")]
    public void FormatShowsWholeTokensWithTrailingZerosDropped(string baseUnits, string expected)
    {
        Assert.Equal(expected, TokenAmount.Format(BigInteger.Parse(baseUnits)));
    }

    [Fact]
    public void FormatCutsDigitsBeyondTheSixthRatherThanRoundingUp()
    {
        Assert.Equal("1.999999 CRT", TokenAmount.Format(BigInteger.Parse("1999999999999999999")));
    }

    [Fact]
    public void FormatDoesNotShowANonZeroDustAmountAsZero()
    {
        Assert.Equal("< 0.000001 CRT", TokenAmount.Format(BigInteger.One));
    }

    [Fact]
    public void FormatExactKeepsEveryBaseUnit()
    {
        Assert.Equal("1.500000000000000001 CRT", TokenAmount.FormatExact(BigInteger.Parse("1500000000000000001")));
    }

    [Fact]
    public void FormatHandlesAmountsBeyondTheRangeOfDecimal()
    {
        var maxUint256 = BigInteger.Pow(2, 256) - 1;

        var text = TokenAmount.Format(maxUint256);

        Assert.StartsWith("115,792,089,237,316,195,423,570,985,008,687,907,853,269,984,665,640,564,039,457.584007 ", text);
    }

    [Fact]
    public void FormatRejectsNegativeAmounts()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TokenAmount.Format(BigInteger.MinusOne));
    }
}
