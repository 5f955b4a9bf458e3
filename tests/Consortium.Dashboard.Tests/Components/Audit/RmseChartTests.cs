using System.Globalization;
using Bunit;
using Consortium.Dashboard.Audit;
using Consortium.Dashboard.Components.Audit;

namespace Consortium.Dashboard.Tests.Components.Audit;

public sealed class RmseChartTests : BunitContext
{
    private IRenderedComponent<RmseChart> RenderChart(params RoundView[] rounds) =>
        Render<RmseChart>(parameters => parameters.Add(chart => chart.Rounds, rounds));

    private static double Height(AngleSharp.Dom.IElement bar) =>
        double.Parse(bar.GetAttribute("height")!, CultureInfo.InvariantCulture);

    [Fact]
    public void DrawsAFederatedAndABaselineBarForEachRoundWithForecastErrors()
    {
        var chart = RenderChart(SampleAudit.RoundOne(), SampleAudit.RoundTwo(), SampleAudit.RoundThree());

        Assert.Equal(2, chart.FindAll("rect.bar-federated").Count);
        Assert.Equal(2, chart.FindAll("rect.bar-baseline").Count);
        Assert.Equal(["1", "2"], chart.FindAll("text.axis-label").Select(label => label.TextContent));
    }

    [Fact]
    public void BarHeightsAreProportionalToTheErrors()
    {
        var chart = RenderChart(SampleAudit.RoundOne());

        var federated = Height(chart.Find("rect.bar-federated"));
        var baseline = Height(chart.Find("rect.bar-baseline"));

        Assert.Equal(4.125 / 5.5, federated / baseline, precision: 2);
    }

    [Fact]
    public void GridlinesFallOnRoundValuesJustAboveTheLargestError()
    {
        var chart = RenderChart(SampleAudit.RoundOne(), SampleAudit.RoundTwo());

        var ticks = chart.FindAll("text.tick-label").Select(label => label.TextContent);

        Assert.Equal(["0", "2", "4", "6"], ticks);
    }

    [Fact]
    public void DrawsNothingWhenNoRoundHasAForecastError()
    {
        var chart = RenderChart(SampleAudit.RoundThree());

        Assert.Empty(chart.FindAll("svg"));
    }

    [Fact]
    public void CoordinatesUseInvariantNumbersWhateverTheServerCulture()
    {
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
        try
        {
            var chart = RenderChart(SampleAudit.RoundOne() with { FederatedRmse = 4.333 });

            var height = chart.Find("rect.bar-federated").GetAttribute("height")!;

            Assert.DoesNotContain(",", height);
            Assert.True(double.TryParse(height, CultureInfo.InvariantCulture, out _));
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }
}
