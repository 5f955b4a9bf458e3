using Consortium.Dispatch.Baselines;
using Consortium.Dispatch.Exact;
using Consortium.Dispatch.Fleets;
using Google.OrTools.LinearSolver;

namespace Consortium.Dispatch.Tests.Exact;

public class DispatchReferenceTests
{
    private static readonly DispatchCosts Costs = SmallFleets.HandWorkedCosts;

    private const double Tolerance = 1e-4;

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
        var fleet = SmallFleets.OneVehicle(4, neededKwh: 4, efficiency: 0.8);
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
        var fleet = SmallFleets.OneVehicle(4, neededKwh: 0, maxDischargeKw: 8, efficiency: 0.8);
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
        var fleet = SmallFleets.OneVehicle(4, neededKwh: 6, maxChargeKw: 10, siteLimitKw: 6);
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
        var fleet = SmallFleets.OneVehicle(2, neededKwh: 10);
        var request = new FleetRequest(2, [8, 8], [fleet]);

        var reference = SolveAndAudit(request, Costs);

        Assert.Equal(6, reference.Objective.ShortfallKwh, Tolerance);
        Assert.Equal(6 * 10, reference.Objective.Total, Tolerance);
    }

    [Fact]
    public void AShortfallOutweighsTheDeviationOfChargingAgainstAZeroTarget()
    {
        // Against a zero target, each kWh charged costs 0.30 of deviation but saves 10 of shortfall: charge flat out.
        var fleet = SmallFleets.OneVehicle(2, neededKwh: 10);
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
        var a = SmallFleets.OneVehicle(2, neededKwh: 3, maxChargeKw: 10, siteLimitKw: 6);
        var b = SmallFleets.OneVehicle(2, neededKwh: 0);
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
        var fleet = SmallFleets.OneVehicle(1, neededKwh: 0, maxChargeKw: 8, maxDischargeKw: 8, efficiency: 0.93, arrivalSoc: 1);
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
        var request = new FleetRequest(2, [0, 0], [SmallFleets.OneVehicle(2, neededKwh: 0)]);

        Assert.Throws<ArgumentOutOfRangeException>(() => DispatchReference.Solve(request, Costs, TimeSpan.Zero));
    }
}
