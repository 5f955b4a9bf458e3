using System.Numerics;

namespace Consortium.Primitives.Tests;

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

    [Theory]
    [InlineData("-1500000000000000000", "-1.5 CRT")]
    [InlineData("-10000000000000000000000", "-10,000 CRT")]
    [InlineData("-1", "> -0.000001 CRT")]
    public void FormatShowsAPenaltyWithAMinusSign(string baseUnits, string expected)
    {
        Assert.Equal(expected, TokenAmount.Format(BigInteger.Parse(baseUnits)));
    }

    [Theory]
    [InlineData("1", "1000000000000000000")]
    [InlineData("0.25", "250000000000000000")]
    [InlineData("12345.000000000000000001", "12345000000000000000001")]
    [InlineData("-10", "-10000000000000000000")]
    [InlineData("0", "0")]
    public void FromTokensScalesByTenToTheEighteen(string tokens, string units)
    {
        var amount = decimal.Parse(tokens, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(BigInteger.Parse(units, System.Globalization.CultureInfo.InvariantCulture), TokenAmount.FromTokens(amount));
    }

    [Fact]
    public void FormatReadsBackWhatFromTokensScaled()
    {
        Assert.Equal("129.869 CRT", TokenAmount.Format(TokenAmount.FromTokens(129.869m)));
    }
}
