using Consortium.Dispatch.Coordination;
using Consortium.Dispatch.Exact;
using Consortium.Dispatch.Fleets;
using Consortium.Dispatch.Sessions;
using Consortium.Dispatch.Targets;
using Consortium.Dispatch.Wear;

namespace Consortium.Dispatch.Tests.Wear;

/// <summary>Every solver prices each vehicle's discharge at its own pack chemistry's wear price.</summary>
public class ChemistryDispatchTests
{
    private const int Steps = SmallFleets.Steps;

    /// <summary>LFP cheap; NCA dearer than the £1 deviation penalty, so that discharging an NCA pack never pays.</summary>
    private static readonly DispatchCosts NcaDearerThanDeviating = DispatchCosts.Default with
    {
        WearPrices = WearPriceBook.FromPrices(
        [
            KeyValuePair.Create(BatteryChemistry.Lfp, 0.05),
            KeyValuePair.Create(BatteryChemistry.Ncm, 0.10),
            KeyValuePair.Create(BatteryChemistry.Nca, 2.00),
            KeyValuePair.Create(BatteryChemistry.NcmNca, 0.10),
        ]),
    };

    /// <summary>The prices of <c>dispatch wear-prices</c> with the defaults (the fade measured in the battery data, £90/kWh, 80 %).</summary>
    private static readonly DispatchCosts MeasuredPrices = DispatchCosts.Default with
    {
        WearPrices = WearPriceBook.FromPrices(
        [
            KeyValuePair.Create(BatteryChemistry.Lfp, 0.0984),
            KeyValuePair.Create(BatteryChemistry.Ncm, 0.1708),
            KeyValuePair.Create(BatteryChemistry.Nca, 0.3315),
            KeyValuePair.Create(BatteryChemistry.NcmNca, 0.1551),
        ]),
    };

    /// <summary>
    /// Four V2G vehicles plugged in all day, two LFP and two NCA (in the order given), asked to export 28 kW for two evening
    /// hours: all four at their 7 kW limit.
    /// </summary>
    private static FleetRequest FourExporters(params BatteryChemistry[] chemistry)
    {
        var fleet = SmallFleets.AllDay(4).WithChemistry(chemistry);
        var allV2g = new Fleet(
            fleet.Arrival, fleet.Departure, fleet.EnergyNeededKwh, fleet.CapacityKwh, fleet.ArrivalSoc, fleet.MaxChargeKw,
            SmallFleets.Filled(4, 7.0), fleet.ChargeEfficiency, fleet.DischargeEfficiency, fleet.SiteLimitKw, chemistry);
        return new FleetRequest(Steps, SmallFleets.EvenWithEveningExport(allV2g, 28), [allV2g]);
    }

    private static double Discharged(FleetSchedule schedule, BatteryChemistry chemistry)
    {
        var kwh = 0.0;
        for (var t = 0; t < schedule.HorizonSteps; t++)
        {
            for (var i = 0; i < schedule.Fleet.Count; i++)
            {
                if (schedule.Fleet.Chemistry[i] == chemistry)
                {
                    kwh += Math.Max(0, -schedule.PowerKw(t, i)) * FleetRequest.StepHours;
                }
            }
        }

        return kwh;
    }

    [Theory]
    [InlineData(BatteryChemistry.Lfp, BatteryChemistry.Nca, BatteryChemistry.Lfp, BatteryChemistry.Nca)]
    [InlineData(BatteryChemistry.Nca, BatteryChemistry.Lfp, BatteryChemistry.Nca, BatteryChemistry.Lfp)]
    public void TheLpDischargesNoPackWhoseWearCostsMoreThanTheDeviation(BatteryChemistry a, BatteryChemistry b, BatteryChemistry c, BatteryChemistry d)
    {
        var request = FourExporters(a, b, c, d);

        var uniform = DispatchReference.Solve(request, DispatchCosts.Default);
        var priced = DispatchReference.Solve(request, NcaDearerThanDeviating);

        // At one price every pack exports; with NCA priced above the deviation, the NCA packs do not, the LFP ones still do.
        Assert.True(Discharged(uniform.Schedules[0], BatteryChemistry.Nca) > 20, $"{Discharged(uniform.Schedules[0], BatteryChemistry.Nca)} kWh at one price.");
        Assert.Equal(0, Discharged(priced.Schedules[0], BatteryChemistry.Nca), 6);
        Assert.Equal(Discharged(uniform.Schedules[0], BatteryChemistry.Lfp), Discharged(priced.Schedules[0], BatteryChemistry.Lfp), 3);
        ScheduleAudit.AssertHardConstraints(DispatchResult.Measure(request, priced.Schedules, 1, true, 0));

        // The objective charges each pack its own price: the LP's own value and the replay's agree.
        Assert.Equal(priced.LpObjective, priced.Objective.Total, 4);
        Assert.Equal(0.05 * Discharged(priced.Schedules[0], BatteryChemistry.Lfp), priced.Objective.WearCost, 6);
    }

    [Theory]
    [InlineData(BatteryChemistry.Lfp, BatteryChemistry.Nca, BatteryChemistry.Lfp, BatteryChemistry.Nca)]
    [InlineData(BatteryChemistry.Nca, BatteryChemistry.Lfp, BatteryChemistry.Nca, BatteryChemistry.Lfp)]
    public void TheCoordinatedDispatchDischargesNoPackWhoseWearCostsMoreThanTheDeviation(BatteryChemistry a, BatteryChemistry b, BatteryChemistry c, BatteryChemistry d)
    {
        var request = FourExporters(a, b, c, d);

        var uniform = DispatchCoordinator.Dispatch(request, DispatchCosts.Default);
        var priced = DispatchCoordinator.Dispatch(request, NcaDearerThanDeviating);
        var optimum = DispatchReference.Solve(request, NcaDearerThanDeviating).Objective.Total;

        Assert.True(Discharged(uniform.Schedules[0], BatteryChemistry.Nca) > 20, $"{Discharged(uniform.Schedules[0], BatteryChemistry.Nca)} kWh at one price.");
        Assert.True(Discharged(priced.Schedules[0], BatteryChemistry.Nca) < 1e-3, $"{Discharged(priced.Schedules[0], BatteryChemistry.Nca)} kWh from NCA packs.");
        Assert.True(Discharged(priced.Schedules[0], BatteryChemistry.Lfp) > 20, $"{Discharged(priced.Schedules[0], BatteryChemistry.Lfp)} kWh from LFP packs.");
        ScheduleAudit.AssertHardConstraintsAndDelivery(priced);
        Assert.True(priced.Objective(NcaDearerThanDeviating) <= optimum * 1.01, $"Coordinated {priced.Objective(NcaDearerThanDeviating)} against the LP's {optimum}.");
    }

    [Theory]
    [InlineData(2, 30, 2)]
    [InlineData(3, 60, 1)]
    public void AMixedFleetAtTheMeasuredPricesIsDispatchedWithinOnePercentOfTheLp(int operators, int vehicles, int seed)
    {
        // The fleets of `dispatch simulate --fleets synthetic --operators N --evs M --seed S --wear-prices measured`.
        var (fleets, _) = SimulatedFleets.Build(operators, vehicles, Steps, seed, synthetic: true, TextWriter.Null);
        Assert.True(fleets.SelectMany(f => f.Chemistry).Distinct().Count() >= 3, "The default mix gives these fleets several chemistries.");
        var request = new FleetRequest(Steps, DispatchTargets.ShavePeakFillValley(fleets, Steps), fleets);

        var coordinated = DispatchCoordinator.Dispatch(request, MeasuredPrices, DispatchOptions.Default with { RefineSeconds = double.PositiveInfinity });
        var optimum = DispatchReference.Solve(request, MeasuredPrices).Objective.Total;

        ScheduleAudit.AssertHardConstraintsAndDelivery(coordinated);
        Assert.True(coordinated.Objective(MeasuredPrices) <= optimum * 1.01, $"Coordinated {coordinated.Objective(MeasuredPrices)} against the LP's {optimum}.");
        Assert.True(coordinated.TrackingError < 0.01, $"Tracking error {coordinated.TrackingError:P2}.");
    }

    [Fact]
    public void TheObjectiveChargesEachVehicleItsChemistrysPrice()
    {
        // Two V2G vehicles, one LFP and one NCA, each discharging 4 kW for two steps: 2 kWh each.
        var fleet = SmallFleets.AllDay(2).WithChemistry([BatteryChemistry.Lfp, BatteryChemistry.Nca]);
        fleet = new Fleet(
            fleet.Arrival, fleet.Departure, SmallFleets.Filled(2, 0.0), fleet.CapacityKwh, fleet.ArrivalSoc, fleet.MaxChargeKw,
            SmallFleets.Filled(2, 7.0), fleet.ChargeEfficiency, fleet.DischargeEfficiency, fleet.SiteLimitKw, fleet.Chemistry);
        var schedule = new FleetSchedule(fleet, Steps);
        foreach (var t in new[] { 10, 11 })
        {
            schedule.Step(t).Fill(-4);
        }

        var request = new FleetRequest(Steps, new double[Steps], [fleet]);
        var value = DispatchObjective.Evaluate(request, [schedule], NcaDearerThanDeviating);
        var byChemistry = DispatchObjective.WearByChemistry([fleet], [schedule], NcaDearerThanDeviating);

        Assert.Equal(4, value.DischargedKwh, 9);
        Assert.Equal((2 * 0.05) + (2 * 2.00), value.WearCost, 9);
        Assert.Equal(2, byChemistry.Single(w => w.Chemistry == BatteryChemistry.Lfp).DischargedKwh, 9);
        Assert.Equal(4.00, byChemistry.Single(w => w.Chemistry == BatteryChemistry.Nca).WearCost, 9);
        Assert.Equal(0, byChemistry.Single(w => w.Chemistry == BatteryChemistry.Ncm).Vehicles);

        // Without a book every vehicle pays the single price, as before.
        Assert.Equal(4 * 0.05, DispatchObjective.Evaluate(request, [schedule], DispatchCosts.Default).WearCost, 9);
    }

    [Fact]
    public void BurnFreeWearRaisesOnlyThePricesBelowWhatBurningSaves()
    {
        // Burning saves 1 × (1/0.93² − 1) ≈ 0.156 per kWh at a penalty of 1: LFP (0.0984) is raised to just above it,
        // NCA (0.3315) and NCM (0.1708) already lie above it and keep their prices.
        var burnFree = MeasuredPrices.BurnFree(1, (1 / (0.93 * 0.93)) - 1);

        Assert.Equal(1.01 * ((1 / (0.93 * 0.93)) - 1), burnFree.WearPriceOf(BatteryChemistry.Lfp), 9);
        Assert.Equal(1.01 * ((1 / (0.93 * 0.93)) - 1), burnFree.WearPriceOf(BatteryChemistry.NcmNca), 9);
        Assert.Equal(0.1708, burnFree.WearPriceOf(BatteryChemistry.Ncm), 9);
        Assert.Equal(0.3315, burnFree.WearPriceOf(BatteryChemistry.Nca), 9);
        Assert.Equal(0.0984, MeasuredPrices.WearPriceOf(BatteryChemistry.Lfp), 9);
    }
}
