using Consortium.Dispatch.Baselines;
using Consortium.Dispatch.Coordination;
using Consortium.Dispatch.Exact;
using Consortium.Dispatch.Fleets;
using Consortium.Dispatch.Sessions;
using Consortium.Dispatch.Targets;

namespace Consortium.Dispatch.Tests.Coordination;

public class DispatchCoordinatorTests
{
    [Fact]
    public void EveryHardConstraintHoldsVehicleByVehicleOnGeneratedFleets()
    {
        Fleet[] fleets = [FleetGenerator.Generate(150, 1, siteLimitShare: 1), FleetGenerator.Generate(100, 2, siteLimitShare: 1)];
        var target = new double[SmallFleets.Steps];
        for (var t = 0; t < target.Length; t++)
        {
            target[t] = t is >= 70 and < 80 ? -300 : 400;
        }

        var result = DispatchCoordinator.Dispatch(new FleetRequest(SmallFleets.Steps, target, fleets));

        ScheduleAudit.AssertHardConstraintsAndDelivery(result);
        Assert.True(result.DischargedKwh > 0, "The evening export should use V2G discharge.");
    }

    [Fact]
    public void AFeasibleTargetIsTrackedWithinOnePercent()
    {
        Fleet[] fleets = [SmallFleets.AllDay(12, siteLimitKw: 60), SmallFleets.AllDay(8, siteLimitKw: 40)];
        var target = SmallFleets.EvenWithEveningExport(fleets[0], 15);
        var second = SmallFleets.EvenWithEveningExport(fleets[1], 10);
        for (var t = 0; t < target.Length; t++)
        {
            target[t] += second[t];
        }

        var result = DispatchCoordinator.Dispatch(new FleetRequest(SmallFleets.Steps, target, fleets));

        Assert.True(result.TrackingError < 0.01, $"Tracking error {result.TrackingError:P2}.");
        ScheduleAudit.AssertHardConstraintsAndDelivery(result);
    }

    [Fact]
    public void ATargetBeyondTheFleetsEndsWithTheShortfallReportedPerStep()
    {
        Fleet[] fleets = [SmallFleets.AllDay(10, siteLimitKw: 30)];
        var target = SmallFleets.Filled(SmallFleets.Steps, 100.0);

        var result = DispatchCoordinator.Dispatch(new FleetRequest(SmallFleets.Steps, target, fleets));

        // The site allows 30 kW; drivers ask for 10 · 10 kWh (107.5 kWh from the grid) and the batteries hold 10 · 30 kWh
        // more: the fleet takes at least its need and at most a full charge, and every step reports at least the 70 kW
        // the site limit keeps out.
        ScheduleAudit.AssertHardConstraintsAndDelivery(result);
        var drawnKwh = 0.0;
        for (var t = 0; t < SmallFleets.Steps; t++)
        {
            drawnKwh += result.AggregateKw[t] * 0.25;
            Assert.True(result.TrackingGapKw[t] >= 70 - 1e-3, $"Step {t} reports a gap of {result.TrackingGapKw[t]} kW.");
        }

        var neededKwh = 10 * 10 / 0.93;
        Assert.InRange(drawnKwh, neededKwh - 1e-3, (10 * 30 / 0.93) + 1e-3);
    }

    [Fact]
    public void OnTheDefaultRequestCoordinationTracksExactlyWhereUncontrolledAndDeadlineFirstDoNot()
    {
        Fleet[] fleets = [FleetGenerator.Generate(200, 11, siteLimitShare: 1), FleetGenerator.Generate(200, 12, siteLimitShare: 1)];
        var request = new FleetRequest(SmallFleets.Steps, DispatchTargets.ShavePeakFillValley(fleets, SmallFleets.Steps), fleets);

        var coordinated = DispatchCoordinator.Dispatch(request);
        var uncontrolled = DispatchBaselines.Uncontrolled(request);
        var deadlineFirst = DispatchBaselines.EarliestDeadlineFirst(request);

        Assert.True(coordinated.TrackingError < 0.01, $"Coordinated {coordinated.TrackingError:P2}.");
        Assert.True(uncontrolled.TrackingError > 0.2, $"Uncontrolled {uncontrolled.TrackingError:P1}.");
        Assert.True(deadlineFirst.TrackingError > 0.1, $"Earliest deadline first {deadlineFirst.TrackingError:P1}.");
        ScheduleAudit.AssertHardConstraintsAndDelivery(uncontrolled);
        ScheduleAudit.AssertHardConstraintsAndDelivery(coordinated);
        Assert.True(coordinated.DischargedKwh > 0, "The default request exports in the evening.");
    }

    [Fact]
    public void BadOptionsAreRejectedNamingTheOption()
    {
        var request = new FleetRequest(SmallFleets.Steps, new double[SmallFleets.Steps], [SmallFleets.AllDay(2)]);
        var error = Assert.Throws<ArgumentException>(() => DispatchCoordinator.Dispatch(request, options: new DispatchOptions(Rho: -1)));
        Assert.Equal("Rho", error.ParamName);
        error = Assert.Throws<ArgumentException>(() => DispatchCoordinator.Dispatch(request, new DispatchCosts(WearCostPerKwh: double.NaN)));
        Assert.Equal("WearCostPerKwh", error.ParamName);
        foreach (var relaxation in new[] { 0, 2, double.NaN })
        {
            error = Assert.Throws<ArgumentException>(() => DispatchCoordinator.Dispatch(request, options: new DispatchOptions(RefineAdmmRelaxation: relaxation)));
            Assert.Equal("RefineAdmmRelaxation", error.ParamName);
        }

        error = Assert.Throws<ArgumentException>(() => DispatchCoordinator.Dispatch(request, options: new DispatchOptions(RefineAdmmRhoScale: 0)));
        Assert.Equal("RefineAdmmRhoScale", error.ParamName);
    }

    [Fact]
    public void ATightSiteLimitNeverBreaksAHardConstraintAndAnyShortfallIsReported()
    {
        Fleet[] fleets = [FleetGenerator.Generate(150, 4, siteLimitShare: 0.2), FleetGenerator.Generate(100, 5, siteLimitShare: 0.3)];
        var target = SmallFleets.Filled(SmallFleets.Steps, 500.0);

        var result = DispatchCoordinator.Dispatch(new FleetRequest(SmallFleets.Steps, target, fleets));

        ScheduleAudit.AssertHardConstraints(result);
    }

    [Fact]
    public void AVehicleWhoseChargerIsAboveTheSiteLimitGetsAllTheSiteCanGiveIt()
    {
        // 11 kW charger behind a 5 kW site, 8 steps: 5 · 0.93 · 2 h = 9.3 kWh is the most it can get, 20 kWh asked.
        var fleet = new Fleet([4], [12], [20.0], [60.0], [0.5], [11.0], [0.0], [0.93], [0.93], siteLimitKw: 5);
        var target = new double[16];
        var request = new FleetRequest(16, target, [fleet]);

        var result = DispatchCoordinator.Dispatch(request);
        var reference = DispatchReference.Solve(request, DispatchCosts.Default).Measure(request);

        ScheduleAudit.AssertHardConstraints(result);
        Assert.Equal(20 - (5 * 0.93 * 2), result.DepartureShortfallKwh, 3);
        Assert.Equal(reference.DepartureShortfallKwh, result.DepartureShortfallKwh, 3);
    }

    [Theory]
    [InlineData(3, 10, 1)] // the clearing alone: 55 times the LP's objective, tracking 28 %
    [InlineData(2, 30, 2)] // 3.2 % over the LP
    [InlineData(2, 100, 1)] // 6.5 % over
    [InlineData(5, 100, 2)] // 2.1 % over
    [InlineData(5, 30, 1)] // 118 % over; one operator at a time stalled 18 % over (a joint move between operators was needed)
    [InlineData(6, 20, 6)] // 50 times the LP; ADMM without over-relaxation stalled 2.4 % over
    public void TheExactRePlanTakesSmallFleetsTheClearingLeavesShortToTheOptimum(int operators, int vehicles, int seed)
    {
        // The fleets and request of `dispatch simulate --fleets synthetic --operators N --evs M --seed S`.
        var (fleets, _) = SimulatedFleets.Build(operators, vehicles, SmallFleets.Steps, seed, synthetic: true, TextWriter.Null);
        var request = new FleetRequest(SmallFleets.Steps, DispatchTargets.ShavePeakFillValley(fleets, SmallFleets.Steps), fleets);
        var costs = DispatchCosts.Default;

        var cleared = DispatchCoordinator.Dispatch(request, costs, DispatchOptions.Default with { RefineSweeps = 0 });
        var refined = DispatchCoordinator.Dispatch(request, costs, Unhurried with { ExactMethod = ExactMethod.Replan });
        var optimum = DispatchReference.Solve(request, costs).Objective.Total;

        ScheduleAudit.AssertHardConstraintsAndDelivery(refined);
        var refinement = refined.Coordination!.Refinement!;
        Assert.Equal(operators, refinement.Operators);
        Assert.Equal(cleared.Objective(costs), refinement.ClearedObjective, 6);
        Assert.Equal(refined.Objective(costs), refinement.Objective, 6);
        Assert.True(cleared.Objective(costs) > optimum * 1.01, $"The clearing alone already reaches {cleared.Objective(costs)} against {optimum}.");
        Assert.True(refined.Objective(costs) <= optimum * 1.01, $"Re-planned objective {refined.Objective(costs)} against the LP's {optimum}.");
        Assert.True(refined.TrackingError < 0.01, $"Tracking error {refined.TrackingError:P2}.");
    }

    [Theory]
    [InlineData(3, 10, 1)]
    [InlineData(2, 100, 1)]
    [InlineData(5, 30, 1)]
    [InlineData(6, 20, 6)]
    public void TheDispatchByPricesTakesEveryFleetTheClearingLeavesShortToTheOptimumAndProvesIt(int operators, int vehicles, int seed)
    {
        var (fleets, _) = SimulatedFleets.Build(operators, vehicles, SmallFleets.Steps, seed, synthetic: true, TextWriter.Null);
        var request = new FleetRequest(SmallFleets.Steps, DispatchTargets.ShavePeakFillValley(fleets, SmallFleets.Steps), fleets);
        var costs = DispatchCosts.Default;

        var cleared = DispatchCoordinator.Dispatch(request, costs, DispatchOptions.Default with { RefineSweeps = 0 });
        var priced = DispatchCoordinator.Dispatch(request, costs, Unhurried);
        var optimum = DispatchReference.Solve(request, costs).LpObjective;

        ScheduleAudit.AssertHardConstraintsAndDelivery(priced);
        var pricing = priced.Coordination!.Pricing!;
        Assert.Null(priced.Coordination.Refinement);
        Assert.All(pricing.AggregateKw, a => Assert.NotNull(a));
        Assert.True(pricing.LowerBound <= optimum + (1e-6 * optimum), $"Lower bound {pricing.LowerBound} above the LP's {optimum}.");
        Assert.True(cleared.Objective(costs) > optimum * 1.01, $"The clearing alone already reaches {cleared.Objective(costs)} against {optimum}.");
        Assert.True(priced.Objective(costs) <= optimum * 1.001, $"Dispatch by prices {priced.Objective(costs)} against the LP's {optimum}.");
        Assert.True(priced.TrackingError < 0.01, $"Tracking error {priced.TrackingError:P2}.");
    }

    [Theory]
    [InlineData(1.2, ExactMethod.Replan)] // the clearing alone: 60 % over the LP
    [InlineData(0.8, ExactMethod.Replan)] // 33 % over
    [InlineData(1.2, ExactMethod.Prices)]
    [InlineData(0.8, ExactMethod.Prices)]
    public void AFlatRequestBeyondTheFleetsIsMetAsWellAsTheLpCanByOperatorsOfHundredsOfVehicles(double level, ExactMethod method)
    {
        // A flat all-day load no fleet can follow (the LP's own tracking error is 28-110 %): the clearing spends the
        // vehicles' energy early and is far from the best feasible tracking; the exact stage reaches it.
        var (fleets, _) = SimulatedFleets.Build(2, 400, SmallFleets.Steps, 1, synthetic: true, TextWriter.Null);
        var request = new FleetRequest(SmallFleets.Steps, DispatchTargets.Flat(fleets, SmallFleets.Steps, level), fleets);
        var costs = DispatchCosts.Default;

        var cleared = DispatchCoordinator.Dispatch(request, costs, DispatchOptions.Default with { RefineSweeps = 0 });
        var refined = DispatchCoordinator.Dispatch(request, costs, Unhurried with { ExactMethod = method });
        var optimum = DispatchReference.Solve(request, costs).Objective.Total;

        ScheduleAudit.AssertHardConstraints(refined);
        Assert.True(method == ExactMethod.Prices ? refined.Coordination!.Pricing is not null : refined.Coordination!.Refinement!.Operators == 2);
        Assert.True(cleared.Objective(costs) > optimum * 1.2, $"The clearing alone already reaches {cleared.Objective(costs)} against {optimum}.");
        Assert.True(refined.Objective(costs) <= optimum * 1.01, $"Re-planned objective {refined.Objective(costs)} against the LP's {optimum}.");
    }

    [Fact]
    public void TheDispatchByPricesOutOfTimeStillEndsNoWorseThanTheClearing()
    {
        var (fleets, _) = SimulatedFleets.Build(2, 400, SmallFleets.Steps, 1, synthetic: true, TextWriter.Null);
        var request = new FleetRequest(SmallFleets.Steps, DispatchTargets.Flat(fleets, SmallFleets.Steps, 1.2), fleets);
        var costs = DispatchCosts.Default;

        var cleared = DispatchCoordinator.Dispatch(request, costs, DispatchOptions.Default with { RefineSweeps = 0 });
        var hurried = DispatchCoordinator.Dispatch(request, costs, DispatchOptions.Default with { RefineSeconds = 1e-6 });

        // No price is posted; the master mixes only the idle and the cleared setpoints, so it cannot end worse.
        var pricing = hurried.Coordination!.Pricing!;
        Assert.Equal(PriceStop.TimeLimit, pricing.Stop);
        Assert.Equal(0, pricing.Iterations);
        ScheduleAudit.AssertHardConstraints(hurried);
        Assert.True(hurried.Objective(costs) <= cleared.Objective(costs) * (1 + 1e-6), $"{hurried.Objective(costs)} out of time, {cleared.Objective(costs)} cleared.");
    }

    [Fact]
    public void TheExactStageStopsAtItsBudgetOnTheBestPointItReached()
    {
        var (fleets, _) = SimulatedFleets.Build(2, 400, SmallFleets.Steps, 1, synthetic: true, TextWriter.Null);
        var request = new FleetRequest(SmallFleets.Steps, DispatchTargets.Flat(fleets, SmallFleets.Steps, 1.2), fleets);
        var costs = DispatchCosts.Default;

        var cleared = DispatchCoordinator.Dispatch(request, costs, DispatchOptions.Default with { RefineSweeps = 0 });
        var hurried = DispatchCoordinator.Dispatch(request, costs, DispatchOptions.Default with { RefineSeconds = 1e-6, ExactMethod = ExactMethod.Replan });

        // Only the first exact sweep runs; it already gains, and no phase after it starts.
        var refinement = hurried.Coordination!.Refinement!;
        Assert.True(refinement.BudgetReached);
        Assert.Equal(1, refinement.Sweeps);
        Assert.Equal(0, refinement.AdmmIterations);
        Assert.True(hurried.Objective(costs) < cleared.Objective(costs) * 0.9, $"{hurried.Objective(costs)} after one sweep, {cleared.Objective(costs)} before.");
        Assert.Equal(hurried.Objective(costs), refinement.Objective, 6);
        Assert.Throws<ArgumentException>(() => DispatchCoordinator.Dispatch(request, costs, DispatchOptions.Default with { RefineSeconds = 0 }));
    }

    [Fact]
    public void TheRePlanNeverEndsWorseThanTheClearingAndLargeFleetsDecline()
    {
        // Operator 0 is above the exact limit and declines; the others re-plan around its cleared allocation.
        Fleet[] fleets = [FleetGenerator.Generate(LocalFleetOperator.DefaultExactVehicleLimit + 1, 41), FleetGenerator.Generate(40, 42), FleetGenerator.Generate(30, 43)];
        var request = new FleetRequest(SmallFleets.Steps, DispatchTargets.ShavePeakFillValley(fleets, SmallFleets.Steps), fleets);
        var costs = DispatchCosts.Default;

        var cleared = DispatchCoordinator.Dispatch(request, costs, DispatchOptions.Default with { RefineSweeps = 0 });
        var refined = DispatchCoordinator.Dispatch(request, costs, Unhurried with { ExactMethod = ExactMethod.Replan });

        ScheduleAudit.AssertHardConstraintsAndDelivery(refined);
        Assert.Null(cleared.Coordination!.Refinement);
        Assert.Equal(2, refined.Coordination!.Refinement!.Operators);
        Assert.True(refined.Objective(costs) <= cleared.Objective(costs) * (1 + 1e-5), $"{refined.Objective(costs)} after the re-plan, {cleared.Objective(costs)} before.");
        for (var t = 0; t < SmallFleets.Steps; t++)
        {
            // The same setpoints; the re-plan reads their sum from the float setpoints rather than from the clearing.
            Assert.Equal(cleared.Coordination.OperatorKw[0][t], refined.Coordination.OperatorKw[0][t], 1e-3);
        }
    }

    /// <summary>No time budget on the exact stage, so that what it reaches depends only on its inputs.</summary>
    private static readonly DispatchOptions Unhurried = DispatchOptions.Default with { RefineSeconds = double.PositiveInfinity };
}
