using Consortium.Dispatch.Exact;
using Consortium.Dispatch.Fleets;
using Consortium.Dispatch.Online;
using Consortium.Dispatch.Targets;

namespace Consortium.Dispatch.Tests.Online;

public class RecedingHorizonTests
{
    private static FleetRequest Request(int seed, string family, double level)
    {
        Fleet[] fleets = [FleetGenerator.Generate(16, seed), FleetGenerator.Generate(12, seed + 1)];
        return new FleetRequest(SmallFleets.Steps, DispatchTargets.Shaped(fleets, SmallFleets.Steps, family, level), fleets);
    }

    [Fact]
    public void WithExactDeparturesAndAPerfectForecastItReachesThePerfectInformationOptimum()
    {
        var request = Request(3, "peak-shave", 0.3);
        var costs = DispatchCosts.Default;
        var perfect = DispatchReference.Solve(request, costs).Objective.Total;

        // The forecast is the day itself: every re-plan knows the later arrivals exactly.
        var run = RecedingHorizon.Run(request, request.Fleets, costs, new OnlineOptions(DepartureNoiseSteps: 0, Prices: PriceDecompositionOptions.Default with { RelativeGap = 1e-5 }, DeviationTiers: 1));

        var result = DispatchResult.Measure(request, run.Schedules, request.HorizonSteps, true, run.ReplanSeconds.Sum());
        ScheduleAudit.AssertHardConstraints(result);
        Assert.Equal(request.HorizonSteps, run.ReplanSeconds.Count);
        Assert.InRange(result.Objective(costs), perfect - (1e-3 * Math.Max(1, perfect)), perfect + (0.01 * Math.Max(1, perfect)));
    }

    [Theory]
    [InlineData(5, "flat", 1.0, 2.0)]
    [InlineData(6, "renewable", 0.4, 4.0)]
    [InlineData(7, "valley-fill", 0.6, 0.0)]
    public void EveryCommittedStepKeepsEveryHardConstraintWhateverTheForecastAndTheStatedDepartures(int seed, string family, double level, double noise)
    {
        var request = Request(seed, family, level);
        var costs = DispatchCosts.Default;

        // Without a forecast, and with another day's vehicles as the forecast: both commit only what real vehicles can do.
        Fleet[] otherDay = [FleetGenerator.Generate(16, seed + 100), FleetGenerator.Generate(12, seed + 101)];
        foreach (var forecast in new[] { null, otherDay })
        {
            var run = RecedingHorizon.Run(request, forecast, costs, new OnlineOptions(noise, seed));
            var result = DispatchResult.Measure(request, run.Schedules, request.HorizonSteps, true, 0);
            ScheduleAudit.AssertHardConstraints(result);
            Assert.True(result.TrackingError < DispatchResult.Measure(request, [.. request.Fleets.Select(f => new FleetSchedule(f, request.HorizonSteps))], 1, true, 0).TrackingError,
                "Receding horizon tracks no better than doing nothing.");
        }
    }

    [Fact]
    public async Task TheCoordinatorSeesOnlyEachStepsAggregateAndItIsWhatTheOperatorsCommitted()
    {
        var request = Request(9, "peak-shave", 0.2);

        // Re-plans that stop on their gap or their price count, never on a clock, so that both runs are the same day on a
        // loaded machine too.
        var options = new OnlineOptions(2, 9, PriceDecompositionOptions.Default with { RelativeGap = 1e-3, TimeLimit = TimeSpan.FromMinutes(10), MaxIterations = 100 });
        var costs = DispatchCosts.Default;
        var random = new Random(options.Seed);
        var operators = request.Fleets
            .Select((f, o) => new LocalOnlineOperator($"operator {o + 1}", new OnlineFleet(f, null, request.HorizonSteps, options, random), request.HorizonSteps, options.ReplanCosts(costs)))
            .ToArray();

        var run = await RecedingHorizon.RunAsync(operators, request.TargetKw, costs, options, null, CancellationToken.None);

        // What each operator committed, summed, is what the coordinator was told step by step; and it is the same day as
        // the in-process run with the same seed.
        var aggregate = new double[request.HorizonSteps];
        var total = new double[request.HorizonSteps];
        foreach (var o in operators)
        {
            o.Fleet.Schedule.Aggregate(aggregate);
            for (var t = 0; t < total.Length; t++)
            {
                total[t] += aggregate[t];
            }
        }

        Assert.Equal(total, run.CommittedKw, (a, b) => Math.Abs(a - b) < 1e-3);
        var inProcess = RecedingHorizon.Run(request, null, costs, options);
        var measured = DispatchResult.Measure(request, [.. operators.Select(o => o.Fleet.Schedule)], 1, true, 0);
        ScheduleAudit.AssertHardConstraints(measured);
        Assert.Equal(DispatchResult.Measure(request, inProcess.Schedules, 1, true, 0).TrackingError, measured.TrackingError, 9);

        // A step is committed only after it began.
        var idle = new LocalOnlineOperator("idle", new OnlineFleet(request.Fleets[0], null, request.HorizonSteps, options, new Random(1)), request.HorizonSteps, costs);
        var early = await Assert.ThrowsAsync<InvalidOperationException>(() => idle.CommitPlannedStepAsync(0, CancellationToken.None).AsTask());
        Assert.Contains("before a step began", early.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AForecastMustGiveOneFleetPerOperatorAndNoiseMustBeARealSpread()
    {
        var request = Request(8, "flat", 1.0);
        var wrong = Assert.Throws<ArgumentException>(() => RecedingHorizon.Run(request, [request.Fleets[0]], DispatchCosts.Default, new OnlineOptions()));
        Assert.Contains("1 fleets for 2 operators", wrong.Message);
        var noise = Assert.Throws<ArgumentException>(() => RecedingHorizon.Run(request, null, DispatchCosts.Default, new OnlineOptions(DepartureNoiseSteps: double.NaN)));
        Assert.Contains("departure noise", noise.Message);
        var tiers = Assert.Throws<ArgumentException>(() => RecedingHorizon.Run(request, null, DispatchCosts.Default, new OnlineOptions(DeviationTierShare: 0)));
        Assert.Contains("deviation tier", tiers.Message);
    }

    [Fact]
    public void ReplansPriceAMissedKilowattHourAboveTheSteepestDeviationAndTheTiersByTheRequest()
    {
        var options = new OnlineOptions(DeviationTiers: 8, DeviationTierShare: 0.01);

        // Tier 8 costs 15 times the deviation price: a missed kWh must cost at least 30 times it in a re-plan.
        Assert.Equal(30, options.ReplanCosts(DispatchCosts.Default).ShortfallPenaltyPerKwh, 9);
        Assert.Equal(100, options.ReplanCosts(DispatchCosts.Default with { ShortfallPenaltyPerKwh = 100 }).ShortfallPenaltyPerKwh, 9);
        Assert.Equal(DispatchCosts.Default.DeviationPenaltyPerKwh, options.ReplanCosts(DispatchCosts.Default).DeviationPenaltyPerKwh);
        Assert.Equal(10, new OnlineOptions(DeviationTiers: 1).ReplanCosts(DispatchCosts.Default).ShortfallPenaltyPerKwh, 9);

        var replan = options.ReplanOptionsFor([100, -300, 200]);
        Assert.Equal((8, 2.0), (replan.DeviationTiers, replan.DeviationTierKw));
    }

    [Fact]
    public void TheMeanOfDaysCarriesEachDayAtItsShare()
    {
        Fleet[] days = [FleetGenerator.Generate(10, 1), FleetGenerator.Generate(14, 2)];
        var mean = ArrivalForecast.MeanOf(days);

        Assert.Equal(24, mean.Count);
        Assert.Equal(days.Sum(d => d.CapacityKwh.Sum()) / 2, mean.CapacityKwh.Sum(), 9);
        Assert.Equal(days.Sum(d => d.MaxChargeKw.Sum()) / 2, mean.MaxChargeKw.Sum(), 9);
        Assert.Equal(days[1].ArrivalSoc[3], mean.ArrivalSoc[13]);
        Assert.Throws<ArgumentException>(() => ArrivalForecast.MeanOf([]));
    }

    [Fact]
    public void TheMeanOfEachOperatorTakesThatOperatorsDaysAlone()
    {
        Fleet[][] days = [[FleetGenerator.Generate(10, 1), FleetGenerator.Generate(3, 2)], [FleetGenerator.Generate(14, 3), FleetGenerator.Generate(5, 4)]];

        var each = ArrivalForecast.MeanOfEach(days);

        Assert.Equal([24, 8], each.Select(f => f.Count));
        Assert.Equal((days[0][1].MaxChargeKw.Sum() + days[1][1].MaxChargeKw.Sum()) / 2, each[1].MaxChargeKw.Sum(), 9);
        Assert.Throws<ArgumentException>(() => ArrivalForecast.MeanOfEach([days[0], [days[1][0]]]));
        Assert.Throws<ArgumentException>(() => ArrivalForecast.MeanOfEach([]));
    }
}
