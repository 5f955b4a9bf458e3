using Consortium.Dispatch.Baselines;
using Consortium.Dispatch.DayAhead;
using Consortium.Dispatch.Fleets;

namespace Consortium.Dispatch.Tests.DayAhead;

public class FlexibilityForecastTests
{
    private const int Steps = FleetGenerator.DaySteps;

    private static List<Fleet> Days(int vehicles, int firstSeed, int count) =>
        [.. Enumerable.Range(firstSeed, count).Select(seed => FleetGenerator.Generate(vehicles, seed))];

    private static double[] Uncontrolled(Fleet fleet) =>
        DispatchBaselines.Uncontrolled(new FleetRequest(Steps, new double[Steps], [fleet])).AggregateKw;

    [Fact]
    public void OneDaysOfferIsThatDayAndItsUncontrolledChargingLiesWithinIt()
    {
        var day = FleetGenerator.Generate(300, 5);

        var offer = FlexibilityForecast.Of([day], Steps);

        Assert.Equal(1, offer.Days);
        Assert.Equal(FlexibilityForecast.DefaultQuantiles, offer.Bands.Select(b => b.Quantile));
        Assert.All(offer.Bands, band => Assert.Equal(offer.Median.Series, band.Series));
        Assert.Equal(Uncontrolled(day), offer.Median.UncontrolledKw);
        var plugged = Enumerable.Range(0, Steps).Select(t => (double)Enumerable.Range(0, day.Count).Count(i => day.Arrival[i] <= t && t < day.Departure[i])).ToArray();
        Assert.Equal(plugged, offer.Median.PluggedIn);
        Assert.All(offer.Median.MaxChargeKw, kw => Assert.InRange(kw, 0, day.SiteLimitKw));

        var check = offer.Check(Uncontrolled(day));
        Assert.True(check.Within, check.Describe());
        Assert.True(check.PowerMarginKw >= -1e-9 && check.EnergyMarginKwh >= -1e-6, check.Describe());
    }

    [Fact]
    public void QuantilesAreOrderedStepByStepAndTheMedianLiesAmongTheDays()
    {
        var days = Days(200, 11, 10);

        var offer = FlexibilityForecast.Of(days, Steps);

        for (var s = 0; s < offer.Median.Series.Count; s++)
        {
            for (var t = 0; t < Steps; t++)
            {
                Assert.True(offer.Bands[0].Series[s][t] <= offer.Bands[1].Series[s][t] + 1e-9 && offer.Bands[1].Series[s][t] <= offer.Bands[2].Series[s][t] + 1e-9, $"series {s} step {t}");
            }
        }

        // Each day's least energy is below its most, so within one band too.
        Assert.All(offer.Bands, band => Assert.All(Enumerable.Range(0, Steps), t => Assert.True(band.MinEnergyKwh[t] <= band.MaxEnergyKwh[t] + 1e-9)));
        var uncontrolled = days.Select(Uncontrolled).ToList();
        Assert.All(Enumerable.Range(0, Steps), t => Assert.InRange(offer.Median.UncontrolledKw[t], uncontrolled.Min(u => u[t]), uncontrolled.Max(u => u[t])));
    }

    [Fact]
    public void TheConsortiumsOfferSumsItsOperatorsBandByBandAndRefusesMismatchedOnes()
    {
        var a = FlexibilityForecast.Of(Days(100, 1, 5), Steps);
        var b = FlexibilityForecast.Of(Days(150, 20, 7), Steps);

        var sum = FlexibilityForecast.Sum([a, b]);

        Assert.Equal(5, sum.Days);
        for (var q = 0; q < sum.Bands.Count; q++)
        {
            for (var s = 0; s < 6; s++)
            {
                Assert.Equal(a.Bands[q].Series[s].Zip(b.Bands[q].Series[s], (x, y) => x + y), sum.Bands[q].Series[s]);
            }
        }

        Assert.Throws<ArgumentException>(() => FlexibilityForecast.Sum([a, FlexibilityForecast.Of(Days(100, 1, 5), Steps, [0.25, 0.75])]));
        Assert.Throws<ArgumentException>(() => FlexibilityForecast.Sum([a, FlexibilityForecast.Of(Days(100, 1, 5), 48)]));
    }

    [Fact]
    public void ARequestBeyondTheOfferIsRefusedNamingTheStepAndTheBound()
    {
        var offer = FlexibilityForecast.Of(Days(200, 30, 10), Steps);
        var target = offer.Fit(offer.Median.UncontrolledKw);
        Assert.True(offer.Check(target).Within, offer.Check(target).Describe());

        // More power at 18:00 than the fleets draw on nine days in ten.
        var greedy = (double[])target.Clone();
        greedy[72] = offer.Band(0.1).MaxChargeKw[72] + 50;
        var check = offer.Check(greedy);
        Assert.False(check.Within);
        Assert.Contains(check.Shortfalls, s => s.Step == 72 && s.Bound == OfferBound.ChargePower);
        Assert.True(check.PowerMarginKw <= -49.9, check.Describe());
        Assert.Contains("step 72 (18:00)", check.Describe(), StringComparison.Ordinal);

        // Less energy all day than the drivers need.
        var starved = target.Select(kw => kw * 0.5).ToArray();
        var hungry = offer.Check(starved);
        Assert.Contains(hungry.Shortfalls, s => s.Bound == OfferBound.LeastEnergy);
        Assert.True(hungry.EnergyMarginKwh < 0);

        // More discharge than the V2G vehicles plugged in can give.
        var drained = (double[])target.Clone();
        drained[80] = -offer.Band(0.1).MaxDischargeKw[80] - 10;
        Assert.Contains(offer.Check(drained).Shortfalls, s => s.Step == 80 && s.Bound == OfferBound.DischargePower);
        Assert.Throws<ArgumentException>(() => offer.Check(target.Take(95).ToArray()));
        Assert.Throws<ArgumentException>(() => offer.Check(target, 0.95));
    }

    [Fact]
    public void FittingMovesARequestIntoTheOfferAndLeavesOneWithinItAlone()
    {
        var offer = FlexibilityForecast.Sum([FlexibilityForecast.Of(Days(300, 40, 10), Steps), FlexibilityForecast.Of(Days(200, 60, 10), Steps)]);
        var flat = Enumerable.Repeat(offer.Median.UncontrolledKw.Average() * 1.5, Steps).ToArray();
        Assert.False(offer.Check(flat).Within);

        var fitted = offer.Fit(flat);

        Assert.True(offer.Check(fitted).Within, offer.Check(fitted).Describe());
        Assert.Equal(fitted, offer.Fit(fitted));
    }

    [Fact]
    public void AMalformedBandIsNamed()
    {
        var offer = FlexibilityForecast.Of(Days(50, 1, 3), Steps);
        var band = offer.Median;

        Assert.Contains("maxChargeKw at step 3", Assert.Throws<ArgumentException>(() => (band with { MaxChargeKw = [.. band.MaxChargeKw.Select((v, t) => t == 3 ? double.NaN : v)] }).Validate(Steps)).Message, StringComparison.Ordinal);
        Assert.Contains("pluggedIn has 95 values", Assert.Throws<ArgumentException>(() => (band with { PluggedIn = [.. band.PluggedIn.Take(95)] }).Validate(Steps)).Message, StringComparison.Ordinal);
        Assert.Contains("(0, 1)", Assert.Throws<ArgumentException>(() => (band with { Quantile = 1 }).Validate(Steps)).Message, StringComparison.Ordinal);
        (band with { MinEnergyKwh = [.. band.MinEnergyKwh.Select(v => v - 5)] }).Validate(Steps);
    }
}
