using Consortium.Fl.Aggregation;

namespace Consortium.Fl.Tests.Aggregation;

public class AggregationRuleTests
{
    [Theory]
    [InlineData("mean")]
    [InlineData("median")]
    [InlineData("trimmed-mean:0.2")]
    [InlineData("multi-krum:2")]
    [InlineData("multi-krum:1:3")]
    [InlineData("median,norm=5")]
    public void TextFormRoundTrips(string text)
    {
        Assert.Equal(text, AggregationRule.Parse(text).ToString());
    }

    [Fact]
    public void EachKindCreatesItsRuleWithItsParameters()
    {
        Assert.IsType<MeanAggregator>(AggregationRule.Parse("mean").CreateAggregator());
        Assert.Equal(5.0, AggregationRule.Parse("median,norm=5").CreateAggregator().NormBound);
        Assert.Equal(0.3, Assert.IsType<TrimmedMeanAggregator>(AggregationRule.Parse("trimmed-mean:0.3").CreateAggregator()).TrimFraction);
        var krum = Assert.IsType<MultiKrumAggregator>(AggregationRule.Parse("multi-krum:2:4").CreateAggregator());
        Assert.Equal(2, krum.AssumedByzantine);
        Assert.Equal(4, krum.Selected);
    }

    [Theory]
    [InlineData("average")]
    [InlineData("median:3")]
    [InlineData("trimmed-mean:x")]
    [InlineData("mean,clip=3")]
    public void UnknownTextIsRefused(string text)
    {
        Assert.Throws<FormatException>(() => AggregationRule.Parse(text));
    }
}
