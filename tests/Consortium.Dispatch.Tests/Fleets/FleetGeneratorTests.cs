using Consortium.Dispatch.Fleets;

namespace Consortium.Dispatch.Tests.Fleets;

public class FleetGeneratorTests
{
    [Fact]
    public void TheSameSeedGivesTheSameFleetAndAnotherSeedADifferentOne()
    {
        var first = FleetGenerator.Generate(500, 7);
        var again = FleetGenerator.Generate(500, 7);
        var other = FleetGenerator.Generate(500, 8);

        Assert.Equal(first.Arrival, again.Arrival);
        Assert.Equal(first.EnergyNeededKwh, again.EnergyNeededKwh);
        Assert.NotEqual(first.Arrival, other.Arrival);
    }

    [Fact]
    public void DrawsStayWithinTheStatedRanges()
    {
        var fleet = FleetGenerator.Generate(5000, 3);

        var v2g = 0;
        for (var i = 0; i < fleet.Count; i++)
        {
            Assert.InRange(fleet.Arrival[i], 0, FleetGenerator.DaySteps - 1);
            Assert.InRange(fleet.Departure[i], fleet.Arrival[i] + 1, FleetGenerator.DaySteps);
            Assert.InRange(fleet.EnergyNeededKwh[i], 0, 40);
            Assert.InRange(fleet.CapacityKwh[i], 40, 80);
            Assert.InRange(fleet.ArrivalSoc[i], 0.2, 0.8);
            Assert.Contains(fleet.MaxChargeKw[i], new[] { 7.0, 11.0 });
            Assert.True(fleet.MaxDischargeKw[i] == 0 || fleet.MaxDischargeKw[i] == fleet.MaxChargeKw[i]);
            var deliverable = fleet.MaxChargeKw[i] * fleet.ChargeEfficiency[i] * 0.25 * (fleet.Departure[i] - fleet.Arrival[i]);
            Assert.True(fleet.EnergyNeededKwh[i] <= deliverable, $"Vehicle {i} wants more than its charger can deliver.");
            v2g += fleet.MaxDischargeKw[i] > 0 ? 1 : 0;
        }

        Assert.InRange(v2g / (double)fleet.Count, 0.37, 0.43);
    }

    [Fact]
    public void MoreVehiclesArriveFromAfternoonToNightThanInTheMorningAndFewAtNight()
    {
        var fleet = FleetGenerator.Generate(20000, 5);
        var evening = 0;
        var morning = 0;
        var night = 0;
        foreach (var a in fleet.Arrival)
        {
            evening += a is >= 60 and < 93 ? 1 : 0;
            morning += a is >= 24 and < 45 ? 1 : 0;
            night += a is >= 4 and < 16 ? 1 : 0;
        }

        Assert.True(evening > morning, $"{evening} evening arrivals, {morning} morning ones.");
        Assert.True(morning > 10 * night, $"{morning} morning arrivals, {night} at night.");
    }
}
