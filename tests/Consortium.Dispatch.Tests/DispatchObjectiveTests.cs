using Consortium.Dispatch.Fleets;

namespace Consortium.Dispatch.Tests;

public class DispatchObjectiveTests
{
    /// <summary>The prices the hand-worked optima below were computed with.</summary>
    private static readonly DispatchCosts Costs = new(DeviationPenaltyPerKwh: 0.30, WearCostPerKwh: 0.05, ShortfallPenaltyPerKwh: 10);

    private static readonly DispatchCosts DistinctPrices = new(DeviationPenaltyPerKwh: 2, WearCostPerKwh: 3, ShortfallPenaltyPerKwh: 5);

    /// <summary>
    /// Vehicle 0: all four steps, 40 kWh at 50 % (20 kWh), wants 5 kWh more, V2G, ηc 0.8, ηd 0.5.
    /// Vehicle 1: steps 1–2, 20 kWh at 25 % (5 kWh), wants 10 kWh more, no V2G, ηc 1.
    /// </summary>
    private static Fleet TwoVehicles() => new(
        arrival: [0, 1],
        departure: [4, 3],
        energyNeededKwh: [5, 10],
        capacityKwh: [40, 20],
        arrivalSoc: [0.5, 0.25],
        maxChargeKw: [8, 4],
        maxDischargeKw: [8, 0],
        chargeEfficiency: [0.8, 1],
        dischargeEfficiency: [0.5, 1],
        siteLimitKw: double.PositiveInfinity);

    [Fact]
    public void EachTermMatchesAHandReplay()
    {
        var fleet = TwoVehicles();
        var request = new FleetRequest(4, [4, 0, 8, 8], [fleet]);
        var schedule = new FleetSchedule(fleet, 4);
        float[][] setpoints = [[8, 0], [-4, 4], [0, 4], [4, 0]];
        for (var t = 0; t < 4; t++)
        {
            setpoints[t].CopyTo(schedule.Step(t));
        }

        var value = DispatchObjective.Evaluate(request, [schedule], DistinctPrices);

        // Aggregate 8, 0, 4, 4 against 4, 0, 8, 8: |gaps| 4 + 0 + 4 + 4 kW, a quarter hour each.
        Assert.Equal(3, value.DeviationKwh, 9);
        Assert.Equal(2 * 3, value.DeviationCost, 9);

        // Vehicle 0 discharges 4 kW for one step.
        Assert.Equal(1, value.DischargedKwh, 9);
        Assert.Equal(3 * 1, value.WearCost, 9);

        // Vehicle 0: 20 + 8·0.8/4 − 4/0.5/4 + 0 + 4·0.8/4 = 20.4 kWh of 25; vehicle 1: 5 + 1 + 1 = 7 kWh of 15.
        Assert.Equal(4.6 + 8, value.ShortfallKwh, 9);
        Assert.Equal(5 * 12.6, value.ShortfallCost, 9);

        Assert.Equal(6 + 3 + 63, value.Total, 9);
    }

    [Fact]
    public void DischargeIsChargedWearAndTakesEnergyThroughTheDischargeEfficiency()
    {
        var fleet = TwoVehicles();
        var request = new FleetRequest(4, [8, -8, 8, 8], [fleet]);
        var schedule = new FleetSchedule(fleet, 4);
        float[][] setpoints = [[8, 0], [-8, 0], [4, 4], [8, 0]];
        for (var t = 0; t < 4; t++)
        {
            setpoints[t].CopyTo(schedule.Step(t));
        }

        var value = DispatchObjective.Evaluate(request, [schedule], DistinctPrices);

        // Aggregates 8, −8, 8, 8 match the target exactly; vehicle 0 gives 8 kW for a quarter hour.
        Assert.Equal(0, value.DeviationKwh, 9);
        Assert.Equal(2, value.DischargedKwh, 9);

        // Vehicle 0: 20 + 8·0.8/4 − 8/0.5/4 + 4·0.8/4 + 8·0.8/4 = 20 + 1.6 − 4 + 0.8 + 1.6 = 20 kWh of 25;
        // vehicle 1, plugged in for steps 1 and 2 only: 5 + 4/4 = 6 kWh of 15.
        Assert.Equal(5 + 9, value.ShortfallKwh, 9);
        Assert.Equal(3 * 2 + 5 * 14, value.Total, 9);
    }

    [Fact]
    public void AnAllZeroScheduleCostsTheTargetAndTheNeeds()
    {
        var fleet = TwoVehicles();
        var request = new FleetRequest(4, [1, -2, 0, 3], [fleet]);

        var value = DispatchObjective.Evaluate(request, [new FleetSchedule(fleet, 4)], Costs);

        Assert.Equal(6 * 0.25, value.DeviationKwh, 9);
        Assert.Equal(0, value.WearCost);
        Assert.Equal(15, value.ShortfallKwh, 9);
        Assert.Equal(0.30 * 1.5 + 10 * 15, value.Total, 9);
    }

    [Fact]
    public void SchedulesThatDoNotMatchTheFleetsAreRejected()
    {
        var fleet = TwoVehicles();
        var request = new FleetRequest(4, new double[4], [fleet]);

        Assert.Throws<ArgumentException>(() => DispatchObjective.Evaluate(request, [], Costs));
        Assert.Throws<ArgumentException>(() => DispatchObjective.Evaluate(request, [new FleetSchedule(TwoVehicles(), 4)], Costs));
        Assert.Throws<ArgumentException>(() => DispatchObjective.Evaluate(request, [new FleetSchedule(fleet, 5)], Costs));
    }
}
