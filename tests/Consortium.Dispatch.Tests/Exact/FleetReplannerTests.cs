using Consortium.Dispatch.Coordination;
using Consortium.Dispatch.Exact;
using Consortium.Dispatch.Fleets;
using Consortium.Dispatch.Targets;

namespace Consortium.Dispatch.Tests.Exact;

public class FleetReplannerTests
{
    private static readonly DispatchCosts Costs = SmallFleets.HandWorkedCosts;

    private const double Tolerance = 1e-4;

    [Fact]
    public async Task AnOperatorWhoseRePlanWouldBurnPlansAgainWithoutBurningAndTakesThat()
    {
        // A V2G battery 2 kWh short of full and a need of 8 kW over four steps: with the default penalty of 1, burning pays
        // (0.156 per kWh discharged against a wear of 0.05), so the plain re-plan charges and discharges at once and its
        // replay overfills the battery. The operator plans again with wear above what burning saves, and keeps that plan:
        // fill the battery, nothing more.
        var fleet = SmallFleets.OneVehicle(4, neededKwh: 0, maxChargeKw: 8, maxDischargeKw: 8, efficiency: 0.93, arrivalSoc: 0.95);
        var costs = DispatchCosts.Default;
        var burning = FleetReplanner.ReplanAfresh(fleet, [8, 8, 8, 8], DeviationPricing.Exact(costs), costs);
        Assert.True(DispatchResult.Measure(new FleetRequest(4, new double[4], [fleet]), [burning], 1, true, 0).SocFloorViolations > 0);

        using var fleetOperator = new LocalFleetOperator("burner", fleet, 4, costs);
        var aggregate = new double[4];
        var own = await fleetOperator.RefineAsync(new double[] { 8, 8, 8, 8 }, DeviationPricing.Exact(costs), aggregate, CancellationToken.None);

        Assert.Equal(0, fleetOperator.RejectedRefinements);
        Assert.Equal(0, own!.Value, Tolerance);
        ScheduleAudit.AssertHardConstraints(DispatchResult.Measure(new FleetRequest(4, [8, 8, 8, 8], [fleet]), [fleetOperator.Schedule], 1, true, 0));
        Assert.Equal(2 / (0.93 * 0.25), aggregate.Sum(), 3);
        Assert.Equal(0.156, fleetOperator.BurnFreeWear(1).PriceOf(fleet.Chemistry[0]) / 1.01, 3);
    }


    [Fact]
    public void AKeptReplannerReachesTheSameOptimaAsFreshModelsForEveryPriceShape()
    {
        // One operator's re-plans in sequence, each starting from the last basis, against fresh programmes for the same input.
        var fleet = FleetGenerator.Generate(40, 17);
        var profile = DispatchTargets.ShavePeakFillValley([fleet], SmallFleets.Steps);
        var costs = DispatchCosts.Default;
        using var replanner = new FleetReplanner(fleet, SmallFleets.Steps, costs);
        var prices = Enumerable.Range(0, SmallFleets.Steps).Select(t => 0.02 * Math.Sin(t / 5.0)).ToArray();
        DeviationPricing[] shapes =
        [
            DeviationPricing.Smoothed(costs, 20), DeviationPricing.Quadratic(0.05, 0.5), DeviationPricing.Exact(costs),
            DeviationPricing.Quadratic(0.05, 0.1, pricesKw: prices), DeviationPricing.Quadratic(0.05, 0.01, 12, prices, growth: 1.8),
            DeviationPricing.Smoothed(costs, 2),
        ];
        for (var k = 0; k < shapes.Length; k++)
        {
            var shifted = profile.Select((p, t) => p + (3 * Math.Sin((t + k) / 7.0))).ToArray();
            var kept = replanner.Replan(shifted, shapes[k]);
            var fresh = FleetReplanner.ReplanAfresh(fleet, shifted, shapes[k], costs);

            var request = new FleetRequest(SmallFleets.Steps, shifted, [fleet]);
            Assert.Equal(Priced(request, fresh, shapes[k], costs), Priced(request, kept, shapes[k], costs), 1e-4);
            ScheduleAudit.AssertHardConstraints(DispatchResult.Measure(request, [kept], 1, true, 0));
        }

        var error = Assert.Throws<ArgumentException>(() => replanner.Replan(profile, new DeviationPricing(1, new double[FleetReplanner.MaxPieces + 1])));
        Assert.Contains("room for 24 pieces", error.Message);
        error = Assert.Throws<ArgumentException>(() => replanner.Replan(profile, new DeviationPricing(0, [0.1], new double[SmallFleets.Steps - 1])));
        Assert.Contains("95 per-step prices for 96 steps", error.Message);
    }

    [Fact]
    public void APricePerStepMovesChargingToTheCheapestStepsItCan()
    {
        // Nothing priced but the signed deviation from a zero profile: the programme is the fleet's answer to a price per
        // step. 4 kWh at 8 kW and 100 % efficiency is two full steps, taken where the price is lowest.
        var fleet = SmallFleets.OneVehicle(4, neededKwh: 4);
        double[] prices = [0.30, 0.05, 0.20, 0.10];

        var schedule = FleetReplanner.ReplanAfresh(fleet, new double[4], new DeviationPricing(0, [0], prices), Costs);

        double[] expected = [0, 8, 0, 8];
        for (var t = 0; t < 4; t++)
        {
            Assert.Equal(expected[t], schedule.PowerKw(t, 0), 4);
        }
    }


    /// <summary>Wear and shortfall of the schedule plus its deviation from the request's target, priced by the shape.</summary>
    private static double Priced(FleetRequest request, FleetSchedule schedule, DeviationPricing shape, DispatchCosts costs)
    {
        var own = DispatchObjective.Evaluate(request, [schedule], costs);
        var total = own.WearCost + own.ShortfallCost;
        var aggregate = new double[request.HorizonSteps];
        schedule.Aggregate(aggregate);
        for (var t = 0; t < aggregate.Length; t++)
        {
            var left = Math.Abs(aggregate[t] - request.TargetKw[t]);
            for (var k = 0; k < shape.Slopes.Length && left > 0; k++)
            {
                var piece = Math.Min(left, shape.Width(k));
                total += piece * shape.Slopes[k];
                left -= piece;
            }

            total += (shape.PricesKw?[t] ?? 0) * (aggregate[t] - request.TargetKw[t]);
        }

        return total;
    }
}
