using Consortium.Dispatch.Baselines;
using Consortium.Dispatch.Coordination;
using Consortium.Dispatch.Exact;
using Consortium.Dispatch.Fleets;
using Consortium.Dispatch.Targets;
using Google.OrTools.LinearSolver;

namespace Consortium.Dispatch.Tests;

public class DispatchReferenceTests
{
    /// <summary>The prices the hand-worked optima below were computed with.</summary>
    private static readonly DispatchCosts Costs = new(DeviationPenaltyPerKwh: 0.30, WearCostPerKwh: 0.05, ShortfallPenaltyPerKwh: 10);

    private const double Tolerance = 1e-4;

    /// <summary>One vehicle plugged in from step 0 to <paramref name="steps"/>, 40 kWh at 50 % (20 kWh), floor 8 kWh.</summary>
    private static Fleet OneVehicle(
        int steps, double neededKwh, double maxChargeKw = 8, double maxDischargeKw = 0, double efficiency = 1,
        double siteLimitKw = double.PositiveInfinity, double arrivalSoc = 0.5) => new(
        arrival: [0],
        departure: [steps],
        energyNeededKwh: [neededKwh],
        capacityKwh: [40],
        arrivalSoc: [arrivalSoc],
        maxChargeKw: [maxChargeKw],
        maxDischargeKw: [maxDischargeKw],
        chargeEfficiency: [efficiency],
        dischargeEfficiency: [efficiency],
        siteLimitKw: siteLimitKw);

    private static ReferenceDispatch SolveAndAudit(FleetRequest request, DispatchCosts costs)
    {
        var reference = DispatchReference.Solve(request, costs);
        ScheduleAudit.AssertHardConstraints(DispatchResult.Measure(request, reference.Schedules, 1, true, reference.Seconds));
        Assert.Equal("OPTIMAL", reference.Status);
        Assert.Equal(reference.LpObjective, reference.Objective.Total, Tolerance);
        return reference;
    }

    [Fact]
    public void ATargetTheVehicleCanMeetExactlyCostsNothing()
    {
        // 8 + 8 + 4 kW at 80 % efficiency puts 20 · 0.8 / 4 = 4 kWh in the battery, exactly the need.
        var fleet = OneVehicle(4, neededKwh: 4, efficiency: 0.8);
        var request = new FleetRequest(4, [8, 8, 4, 0], [fleet]);

        var reference = SolveAndAudit(request, Costs);

        Assert.Equal(0, reference.LpObjective, Tolerance);
        Assert.Equal(0, reference.Objective.Total, Tolerance);
        for (var t = 0; t < 4; t++)
        {
            Assert.Equal(request.TargetKw[t], reference.Schedules[0].PowerKw(t, 0), 4);
        }
    }

    [Fact]
    public void AnExportTargetCostsTheExportedEnergyTimesWear()
    {
        // Export 4 kW for two steps (2 kWh at the grid, 2 / 0.8 = 2.5 kWh from the battery), then put the 2.5 kWh back:
        // 2.5 / 0.8 = 3.125 kWh from the grid, 6.25 kW for two steps. Tracking this exactly leaves the driver whole.
        var fleet = OneVehicle(4, neededKwh: 0, maxDischargeKw: 8, efficiency: 0.8);
        var request = new FleetRequest(4, [-4, -4, 6.25, 6.25], [fleet]);

        var reference = SolveAndAudit(request, Costs);

        Assert.Equal(2, reference.Objective.DischargedKwh, Tolerance);
        Assert.Equal(2 * 0.05, reference.Objective.Total, Tolerance);
        Assert.Equal(0, reference.Objective.DeviationKwh, Tolerance);
        Assert.Equal(0, reference.Objective.ShortfallKwh, Tolerance);
        Assert.Equal(0, reference.SimultaneousChargeDischargeSteps);
    }

    [Fact]
    public void ATargetBeyondTheSiteLimitCostsTheEnergyTheLimitKeepsOut()
    {
        // The site lets 6 kW through; the driver needs exactly 6 kW for four steps. The remaining 4 kW of each step
        // is deviation: 4 · 4 / 4 = 4 kWh.
        var fleet = OneVehicle(4, neededKwh: 6, maxChargeKw: 10, siteLimitKw: 6);
        var request = new FleetRequest(4, [10, 10, 10, 10], [fleet]);

        var reference = SolveAndAudit(request, Costs);

        Assert.Equal(4, reference.Objective.DeviationKwh, Tolerance);
        Assert.Equal(4 * 0.30, reference.Objective.Total, Tolerance);
        for (var t = 0; t < 4; t++)
        {
            Assert.Equal(6, reference.Schedules[0].PowerKw(t, 0), 4);
        }
    }

    [Fact]
    public void AnImpossibleNeedCostsItsShortfall()
    {
        // Two steps at 8 kW deliver 4 kWh of the 10 the driver asks for; the target asks for exactly that.
        var fleet = OneVehicle(2, neededKwh: 10);
        var request = new FleetRequest(2, [8, 8], [fleet]);

        var reference = SolveAndAudit(request, Costs);

        Assert.Equal(6, reference.Objective.ShortfallKwh, Tolerance);
        Assert.Equal(6 * 10, reference.Objective.Total, Tolerance);
    }

    [Fact]
    public void AShortfallOutweighsTheDeviationOfChargingAgainstAZeroTarget()
    {
        // Against a zero target, each kWh charged costs 0.30 of deviation but saves 10 of shortfall: charge flat out.
        var fleet = OneVehicle(2, neededKwh: 10);
        var request = new FleetRequest(2, [0, 0], [fleet]);

        var reference = SolveAndAudit(request, Costs);

        Assert.Equal(4, reference.Objective.DeviationKwh, Tolerance);
        Assert.Equal(6, reference.Objective.ShortfallKwh, Tolerance);
        Assert.Equal(4 * 0.30 + 6 * 10, reference.Objective.Total, Tolerance);
    }

    [Fact]
    public void TheOperatorsShareOneTargetAcrossTheirSiteLimits()
    {
        // Operator A's site takes 6 kW, just what its driver needs (6 kW for half an hour is 3 kWh); operator B's vehicle
        // wants nothing but has 20 kWh of room at 8 kW. Together they draw 6 + 8 = 14 of the 16 kW asked at each step:
        // 2 kW short for half an hour, 1 kWh of deviation.
        var a = OneVehicle(2, neededKwh: 3, maxChargeKw: 10, siteLimitKw: 6);
        var b = OneVehicle(2, neededKwh: 0);
        var request = new FleetRequest(2, [16, 16], [a, b]);

        var reference = SolveAndAudit(request, Costs);

        Assert.Equal(1, reference.Objective.DeviationKwh, Tolerance);
        Assert.Equal(0, reference.Objective.ShortfallKwh, Tolerance);
        Assert.Equal(1 * 0.30, reference.Objective.Total, Tolerance);
    }

    [Fact]
    public void WhenWearIsCheapTheProgrammeBurnsEnergyAndCountsIt()
    {
        // A full V2G battery and a target asking for import. Charging c and discharging d together leaves the battery
        // unchanged when 0.93 · c = d / 0.93, and draws c − d = 0.156 · d from the grid: worth 0.30 · 0.156 = 0.047 per kWh
        // of d against the target, a little less than the default wear of 0.05 but more than a wear of 0.01.
        var fleet = OneVehicle(1, neededKwh: 0, maxChargeKw: 8, maxDischargeKw: 8, efficiency: 0.93, arrivalSoc: 1);
        var request = new FleetRequest(1, [4], [fleet]);

        var atDefault = SolveAndAudit(request, Costs);
        Assert.Equal(0, atDefault.SimultaneousChargeDischargeSteps);
        Assert.Equal(1 * 0.30, atDefault.Objective.Total, Tolerance);

        var cheap = DispatchReference.Solve(request, Costs with { WearCostPerKwh = 0.01 });
        Assert.Equal(1, cheap.SimultaneousChargeDischargeSteps);

        // c = 8 kW, d = 8 · 0.93² = 6.92 kW; the schedule keeps only c − d = 1.08 kW, which replays as charging a full
        // battery: the stored setpoint breaks the capacity the programme respected, and J no longer equals its objective.
        var d = 8 * 0.93 * 0.93;
        Assert.Equal(8 - d, cheap.Schedules[0].PowerKw(0, 0), 4);
        Assert.Equal(0.25 * (0.30 * (4 - (8 - d)) + 0.01 * d), cheap.LpObjective, Tolerance);
        Assert.Equal(1, cheap.Measure(request).SocFloorViolations);
        Assert.NotEqual(cheap.LpObjective, cheap.Objective.Total, 3);
    }

    [Fact]
    public async Task AnOperatorWhoseRePlanWouldBurnPlansAgainWithoutBurningAndTakesThat()
    {
        // A V2G battery 2 kWh short of full and a need of 8 kW over four steps: with the default penalty of 1, burning pays
        // (0.156 per kWh discharged against a wear of 0.05), so the plain re-plan charges and discharges at once and its
        // replay overfills the battery. The operator plans again with wear above what burning saves, and keeps that plan:
        // fill the battery, nothing more.
        var fleet = OneVehicle(4, neededKwh: 0, maxChargeKw: 8, maxDischargeKw: 8, efficiency: 0.93, arrivalSoc: 0.95);
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
        Assert.Equal(0.156, fleetOperator.BurnFreeWear(1) / 1.01, 3);
    }

    [Fact]
    public void GeneratedFleetsKeepEveryHardConstraintAndBeatTheBaselines()
    {
        Fleet[] fleets = [FleetGenerator.Generate(60, 11), FleetGenerator.Generate(40, 12), FleetGenerator.Generate(50, 13, siteLimitShare: 1)];
        var target = new double[SmallFleets.Steps];
        for (var t = 0; t < target.Length; t++)
        {
            target[t] = t is >= 70 and < 78 ? -150 : 120;
        }

        var request = new FleetRequest(SmallFleets.Steps, target, fleets);

        var reference = SolveAndAudit(request, Costs);

        Assert.Equal(0, reference.SimultaneousChargeDischargeSteps);
        Assert.True(reference.Objective.DischargedKwh > 0, "The evening export should use V2G discharge.");
        Assert.Equal(0, reference.Objective.ShortfallKwh, 3);

        // The optimum can cost no more than any other schedule meeting the same constraints.
        foreach (var baseline in new[] { DispatchBaselines.Uncontrolled(request), DispatchBaselines.EarliestDeadlineFirst(request) })
        {
            var cost = DispatchObjective.Evaluate(request, baseline.Schedules, Costs).Total;
            Assert.True(reference.Objective.Total <= cost + Tolerance, $"The reference costs {reference.Objective.Total}, a baseline {cost}.");
        }
    }

    [Fact]
    public void ATimeLimitTooShortToSolveIsAnErrorNamingTheStatus()
    {
        Fleet[] fleets = [FleetGenerator.Generate(300, 21), FleetGenerator.Generate(300, 22)];
        var request = new FleetRequest(SmallFleets.Steps, SmallFleets.Filled(SmallFleets.Steps, 500.0), fleets);

        var error = Assert.Throws<InvalidOperationException>(() => DispatchReference.Solve(request, Costs, TimeSpan.FromMilliseconds(1)));

        // GLOP reports NOT_SOLVED when its time runs out; any status but OPTIMAL must be named.
        Assert.Contains(Enum.GetNames<Solver.ResultStatus>(), name => name != "OPTIMAL" && error.Message.Contains($"status {name} "));
    }

    [Fact]
    public void ANonPositiveTimeLimitIsRejected()
    {
        var request = new FleetRequest(2, [0, 0], [OneVehicle(2, neededKwh: 0)]);

        Assert.Throws<ArgumentOutOfRangeException>(() => DispatchReference.Solve(request, Costs, TimeSpan.Zero));
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
        var fleet = OneVehicle(4, neededKwh: 4);
        double[] prices = [0.30, 0.05, 0.20, 0.10];

        var schedule = FleetReplanner.ReplanAfresh(fleet, new double[4], new DeviationPricing(0, [0], prices), Costs);

        double[] expected = [0, 8, 0, 8];
        for (var t = 0; t < 4; t++)
        {
            Assert.Equal(expected[t], schedule.PowerKw(t, 0), 4);
        }
    }

    [Fact]
    public void APriceThatIsNotFiniteIsRejectedNamingTheStep()
    {
        var error = Assert.Throws<ArgumentException>(() => new DeviationPricing(0, [0.1], [0, 0, double.NaN]));
        Assert.Equal("pricesKw", error.ParamName);
        Assert.Contains("step 2", error.Message);
        Assert.Equal(0.1 + 3, new DeviationPricing(0, [0.1], [1, -3, 2]).SteepestSlope, 12);
        error = Assert.Throws<ArgumentException>(() => new DeviationPricing(1, [0.1, 0.2], growth: 0.9));
        Assert.Equal("growth", error.ParamName);
    }

    [Fact]
    public void GrowingPiecesReachAsFarAsAskedAndDrawTheQuadraticAtTheirMiddles()
    {
        var growth = DeviationPricing.GrowthToReach(0.001, 50, 24);
        Assert.InRange(growth, 1.5, 1.6);
        var shape = DeviationPricing.Quadratic(2, 0.001, 24, growth: growth);
        var reach = Enumerable.Range(0, 23).Sum(shape.Width);
        Assert.Equal(50, reach, 6);
        Assert.Equal(double.PositiveInfinity, shape.Width(23));

        // Slope of piece k: ρ times the middle of [start, start + width].
        Assert.Equal(2 * 0.0005, shape.Slopes[0], 12);
        Assert.Equal(2 * (0.001 + (0.001 * growth / 2)), shape.Slopes[1], 12);
        Assert.Equal(1, DeviationPricing.GrowthToReach(1, 10, 24));
        Assert.Equal(DeviationPricing.MaxGrowth, DeviationPricing.GrowthToReach(1e-12, 1e12, 24));
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
