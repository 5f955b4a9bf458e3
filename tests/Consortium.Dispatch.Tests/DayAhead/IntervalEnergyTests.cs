using Consortium.Dispatch.DayAhead;
using Consortium.Dispatch.Fleets;

namespace Consortium.Dispatch.Tests.DayAhead;

public class IntervalEnergyTests
{
    private const int Steps = FleetGenerator.DaySteps;
    private const double Dt = FleetRequest.StepHours;

    /// <summary>Vehicles without V2G: <paramref name="count"/> staying [arrival, departure), each needing <paramref name="neededKwh"/> at 8 kW, lossless.</summary>
    private static Fleet Group(int count, int arrival, int departure, double neededKwh, double siteLimitKw = double.PositiveInfinity) => new(
        SmallFleets.Filled(count, arrival), SmallFleets.Filled(count, departure), SmallFleets.Filled(count, neededKwh), SmallFleets.Filled(count, 60.0),
        SmallFleets.Filled(count, 0.5), SmallFleets.Filled(count, 8.0), SmallFleets.Filled(count, 0.0), SmallFleets.Filled(count, 1.0), SmallFleets.Filled(count, 1.0), siteLimitKw);

    private static Fleet Join(Fleet a, Fleet b) => new(
        [.. a.Arrival, .. b.Arrival], [.. a.Departure, .. b.Departure], [.. a.EnergyNeededKwh, .. b.EnergyNeededKwh], [.. a.CapacityKwh, .. b.CapacityKwh],
        [.. a.ArrivalSoc, .. b.ArrivalSoc], [.. a.MaxChargeKw, .. b.MaxChargeKw], [.. a.MaxDischargeKw, .. b.MaxDischargeKw],
        [.. a.ChargeEfficiency, .. b.ChargeEfficiency], [.. a.DischargeEfficiency, .. b.DischargeEfficiency], double.PositiveInfinity);

    [Fact]
    public void OneVehiclesBoundsAreWhatItsOtherStepsCannotDeliverAndWhatItsStepsWithinCan()
    {
        // 10 kWh over 8 steps of at most 2 kWh each.
        var (least, most) = IntervalEnergy.Of(Group(1, 40, 48, 10), Steps);

        Assert.Equal(IntervalEnergy.Count(Steps), least.Length);
        Assert.Equal(10, least[IntervalEnergy.Index(40, 47)], 9);
        Assert.Equal(10, least[IntervalEnergy.Index(0, 95)], 9);
        Assert.Equal(10, most[IntervalEnergy.Index(30, 60)], 9);
        Assert.Equal(0, least[IntervalEnergy.Index(40, 42)], 9);         // the other 5 steps deliver 10 kWh
        Assert.Equal(4, least[IntervalEnergy.Index(40, 44)], 9);         // the other 3 deliver 6
        Assert.Equal(8, most[IntervalEnergy.Index(44, 95)], 9);           // 4 steps at 2 kWh
        Assert.Equal(6, most[IntervalEnergy.Index(45, 95)], 9);          // 3 steps at 2 kWh
        Assert.Equal(0, most[IntervalEnergy.Index(48, 95)], 9);          // gone
        Assert.Equal(0, most[IntervalEnergy.Index(0, 39)], 9);           // not yet there
    }

    [Fact]
    public void TheSiteLimitCapsTheFleetsEnergyWithinEveryInterval()
    {
        var (least, most) = IntervalEnergy.Of(Group(10, 40, 48, 10, siteLimitKw: 30), Steps);

        Assert.Equal(30 * Dt * 8, most[IntervalEnergy.Index(40, 47)], 9);
        Assert.Equal(30 * Dt * 8, least[IntervalEnergy.Index(40, 47)], 9);
        Assert.Equal(30 * Dt, most[IntervalEnergy.Index(44, 44)], 9);
    }

    [Theory]
    [InlineData(300, 3)]
    [InlineData(500, 8)]
    public void EveryFeasibleScheduleOfTheFleetLiesWithinEveryIntervalsBounds(int vehicles, int seed)
    {
        var fleet = FleetGenerator.Generate(vehicles, seed).WithSiteLimit(double.PositiveInfinity);
        var (least, most) = IntervalEnergy.Of(fleet, Steps);

        // As early as possible and as late as possible, each vehicle at full power for its need (V2G vehicles not discharging).
        var early = new double[Steps];
        var late = new double[Steps];
        for (var i = 0; i < fleet.Count; i++)
        {
            var departure = Math.Min(fleet.Departure[i], Steps);
            var need = Math.Max(0, (fleet.RequiredEnergyKwh(i) - fleet.ArrivalEnergyKwh(i)) / fleet.ChargeEfficiency[i]);
            var left = need;
            for (var t = fleet.Arrival[i]; t < departure && left > 0; t++)
            {
                var kwh = Math.Min(left, fleet.MaxChargeKw[i] * Dt);
                early[t] += kwh;
                left -= kwh;
            }

            Assert.True(left < 1e-9, $"vehicle {i} cannot take its need");
            left = need;
            for (var t = departure - 1; t >= fleet.Arrival[i] && left > 0; t--)
            {
                var kwh = Math.Min(left, fleet.MaxChargeKw[i] * Dt);
                late[t] += kwh;
                left -= kwh;
            }
        }

        foreach (var schedule in new[] { early, late })
        {
            for (var last = 0; last < Steps; last++)
            {
                var energy = 0.0;
                for (var first = last; first >= 0; first--)
                {
                    energy += schedule[first];
                    var k = IntervalEnergy.Index(first, last);
                    Assert.True(least[k] <= energy + 1e-6 && energy <= most[k] + 1e-6, $"[{first}, {last}]: {energy} outside [{least[k]}, {most[k]}]");
                }
            }
        }
    }

    [Fact]
    public void AnEveningDeferredPastItsShortStaysIsCaughtWithinTheEveningWhereTheBoundsFromTheDaysStartPassIt()
    {
        // Vehicles plugged in all day, whose energy may come any time, and an evening of short stays [17:00, 19:00).
        var fleet = Join(Group(20, 8, 90, 30), Group(20, 68, 76, 10));
        var offer = FlexibilityForecast.Of([fleet], Steps);
        var target = new double[Steps];
        for (var t = 8; t < 18; t++)
        {
            target[t] = 400 / (10 * Dt);          // 400 kWh of the all-day vehicles' 600 in the morning
        }

        for (var t = 76; t < 84; t++)
        {
            target[t] = 200 / (8 * Dt);           // the evening's 200 kWh moved past 19:00
        }

        for (var t = 84; t < 90; t++)
        {
            target[t] = 200 / (6 * Dt);           // the rest of the all-day vehicles'
        }

        var withoutIntervals = new FlexibilityForecast(1, [.. offer.Bands.Select(b => b with { IntervalMinEnergyKwh = null, IntervalMaxEnergyKwh = null })]);
        Assert.DoesNotContain(withoutIntervals.Check(target).Shortfalls, s => s.Bound is OfferBound.LeastEnergy or OfferBound.MostEnergy);

        var check = offer.Check(target);

        var evening = Assert.Single(check.Shortfalls, s => s.Bound == OfferBound.IntervalLeastEnergy && s.Step == 75);
        Assert.Equal((68, 0.0, 200.0), (evening.From!.Value, evening.Asked, Math.Round(evening.Offered, 6)));
        Assert.Contains("steps 68–75 (17:00–19:00): takes 0.0 kWh within them, the fleets plugged in then need 200.0 kWh", check.Describe(10), StringComparison.Ordinal);
        Assert.True(check.EnergyMarginKwh <= -200 + 1e-6, check.Describe());
    }

    [Fact]
    public void SummedOffersSumTheirIntervalsAndDropThemWhenAnOperatorOffersNone()
    {
        var a = FlexibilityForecast.Of([FleetGenerator.Generate(100, 1), FleetGenerator.Generate(100, 2)], Steps);
        var b = FlexibilityForecast.Of([FleetGenerator.Generate(150, 3)], Steps);

        var sum = FlexibilityForecast.Sum([a, b]);

        Assert.Equal(a.Median.IntervalMinEnergyKwh!.Zip(b.Median.IntervalMinEnergyKwh!, (x, y) => x + y), sum.Median.IntervalMinEnergyKwh!);
        Assert.Equal(a.Bands[2].IntervalMaxEnergyKwh!.Zip(b.Bands[2].IntervalMaxEnergyKwh!, (x, y) => x + y), sum.Bands[2].IntervalMaxEnergyKwh!);
        var bare = new FlexibilityForecast(1, [.. b.Bands.Select(x => x with { IntervalMinEnergyKwh = null, IntervalMaxEnergyKwh = null })]);
        Assert.All(FlexibilityForecast.Sum([a, bare]).Bands, band => Assert.False(band.HasIntervals));
    }

    [Fact]
    public void AMalformedIntervalBoundIsNamed()
    {
        var band = FlexibilityForecast.Of([FleetGenerator.Generate(50, 1)], Steps).Median;

        Assert.Contains("intervalMaxEnergyKwh has 0 values for the 4656 intervals", Assert.Throws<ArgumentException>(() => (band with { IntervalMaxEnergyKwh = null }).Validate(Steps)).Message, StringComparison.Ordinal);
        Assert.Contains("intervalMinEnergyKwh at interval 7 is NaN", Assert.Throws<ArgumentException>(() => (band with { IntervalMinEnergyKwh = [.. band.IntervalMinEnergyKwh!.Select((v, k) => k == 7 ? double.NaN : v)] }).Validate(Steps)).Message, StringComparison.Ordinal);
    }
}
