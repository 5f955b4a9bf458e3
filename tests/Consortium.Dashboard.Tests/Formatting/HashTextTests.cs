using Consortium.Dashboard.Formatting;

namespace Consortium.Dashboard.Tests.Formatting;

public sealed class HashTextTests
{
    [Fact]
    public void ShortenKeepsThePrefixTheFirstSixAndTheLastFourDigits()
    {
        Assert.Equal("0xa1b2c3…8f90", HashText.Shorten(SampleAudit.RoundOneModelHash));
    }

    [Fact]
    public void ShortenReturnsValuesThatAreAlreadyShortUnchanged()
    {
        Assert.Equal("0x12345678901", HashText.Shorten("0x12345678901"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void ShortenShowsADashWhenThereIsNoValue(string? value)
    {
        Assert.Equal(HashText.Missing, HashText.Shorten(value));
    }
}
