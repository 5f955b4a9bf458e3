using Consortium.Dispatch.Exact;
using Consortium.Dispatch.Fleets;
using Consortium.Dispatch.Targets;

namespace Consortium.Dispatch.Tests.Exact;

public class PriceDecompositionTests
{
    private static FleetRequest Request(int operators, int vehicles, string family, double level, int seed)
    {
        var fleets = Enumerable.Range(0, operators).Select(o => FleetGenerator.Generate(vehicles, seed * 31 + o)).ToArray();
        var target = DispatchTargets.Shaped(fleets, SmallFleets.Steps, family, level);
        return new FleetRequest(SmallFleets.Steps, target, fleets);
    }

    [Theory]
    [InlineData(3, 60, "flat", 1.2, 1)]
    [InlineData(2, 80, "peak-shave", 0.2, 2)]
    [InlineData(4, 40, "renewable", 0.4, 3)]
    [InlineData(3, 50, "ramp", 0.5, 4)]
    [InlineData(2, 60, "valley-fill", 0.6, 7)]
    public void TheBoundsBracketTheLinearProgrammesOptimumAndMeetNearIt(int operators, int vehicles, string family, double level, int seed)
    {
        var request = Request(operators, vehicles, family, level, seed);
        var costs = DispatchCosts.Default;
        var lp = DispatchReference.Solve(request, costs).LpObjective;

        var result = PriceDecomposition.Solve(request, costs, new PriceDecompositionOptions(RelativeGap: 1e-4));

        // Weak duality and the master's feasibility: every lower bound is below the optimum and every master value above.
        Assert.True(result.LowerBound <= lp + 1e-6 * Math.Max(1, lp), $"Lower bound {result.LowerBound} above the LP's {lp}.");
        Assert.True(result.UpperBound >= lp - 1e-6 * Math.Max(1, lp), $"Upper bound {result.UpperBound} below the LP's {lp}.");
        Assert.True(result.Outcome.Stop is PriceStop.Gap or PriceStop.Optimal, $"Stopped by {result.Outcome.Stop} after {result.Outcome.Iterations} prices.");
        Assert.InRange(result.Gap, -1e-7, 1e-4 + 1e-9);

        // The realized schedules keep every hard constraint and cost what the LP does, within the gap and the realization's trim.
        var measured = result.Measure(request);
        ScheduleAudit.AssertHardConstraints(measured);
        Assert.InRange(result.Objective.Total, lp - 1e-3 * Math.Max(1, lp), lp + 5e-3 * Math.Max(1, lp));
    }

    [Fact]
    public void ATimeLimitStopsItWithABestMixThatStillKeepsTheHardConstraints()
    {
        var request = Request(2, 100, "flat", 1.2, 5);
        var result = PriceDecomposition.Solve(request, DispatchCosts.Default, new PriceDecompositionOptions(MaxIterations: 3));

        Assert.Equal(PriceStop.IterationLimit, result.Outcome.Stop);
        Assert.Equal(3, result.Outcome.Iterations);
        Assert.True(result.LowerBound <= result.UpperBound);
        ScheduleAudit.AssertHardConstraints(result.Measure(request));
    }

    [Theory]
    [InlineData(2, 40, 0.3, 11)]
    [InlineData(3, 30, 0.2, 12)]
    public void DeviationTiersSpreadAnUnavoidableDeviationAndTheirBoundsStillBracketTheTieredOptimum(int operators, int vehicles, double level, int seed)
    {
        // A flat request far below what the vehicles need: the deviation cannot be avoided, only placed.
        var request = Request(operators, vehicles, "flat", level, seed);
        var costs = DispatchCosts.Default;
        var linear = PriceDecomposition.Solve(request, costs, new PriceDecompositionOptions(RelativeGap: 1e-5));
        var mean = request.TargetKw.Average(Math.Abs);
        var tierKw = 0.05 * mean;
        var tiered = PriceDecomposition.Solve(request, costs, new PriceDecompositionOptions(RelativeGap: 1e-5, DeviationTiers: 6, DeviationTierKw: tierKw));

        var linearResult = linear.Measure(request);
        var tieredResult = tiered.Measure(request);
        ScheduleAudit.AssertHardConstraints(tieredResult);
        Assert.True(linearResult.TrackingGapKw.Max(Math.Abs) > tierKw, "The request leaves no deviation to spread.");

        // The tiered objective of what was realized, computed here from its deviations: the bound is below it, and near.
        var penaltyKw = FleetRequest.StepHours * costs.DeviationPenaltyPerKwh;
        double Tiered(DispatchResult result, DispatchObjectiveValue objective)
        {
            var total = objective.Total - objective.DeviationCost;
            foreach (var gap in result.TrackingGapKw)
            {
                var left = Math.Abs(gap);
                for (var j = 0; j < 6 && left > 0; j++)
                {
                    var part = j < 5 ? Math.Min(left, tierKw) : left;
                    total += part * ((2 * j) + 1) * penaltyKw;
                    left -= part;
                }
            }

            return total;
        }

        var tieredCost = Tiered(tieredResult, tiered.Objective);
        Assert.True(tiered.LowerBound <= tieredCost + 1e-6 * Math.Max(1, tieredCost), $"Bound {tiered.LowerBound} above the tiered cost {tieredCost} of a feasible dispatch.");
        Assert.InRange(tieredCost - tiered.LowerBound, -1e-6, 5e-3 * Math.Max(1, tieredCost));
        Assert.True(tieredCost <= Tiered(linearResult, linear.Objective) + 1e-6 * Math.Max(1, tieredCost), "The linear dispatch is cheaper at the tiered price than the tiered one.");

        // Spread: the root mean square of the deviation falls.
        Assert.True(tieredResult.TrackingError < linearResult.TrackingError, $"Tracking error {tieredResult.TrackingError:P3} with tiers against {linearResult.TrackingError:P3} without.");
    }

    [Fact]
    public void AnOptionOutOfRangeIsNamed()
    {
        var request = Request(1, 10, "flat", 1.0, 6);
        var error = Assert.Throws<ArgumentException>(() =>
            PriceDecomposition.Solve(request, DispatchCosts.Default, new PriceDecompositionOptions(Smoothing: 1)));
        Assert.Contains("Smoothing", error.Message);
        error = Assert.Throws<ArgumentException>(() =>
            PriceDecomposition.Solve(request, DispatchCosts.Default, new PriceDecompositionOptions(DeviationTiers: 3)));
        Assert.Contains("DeviationTierKw", error.Message);
        error = Assert.Throws<ArgumentException>(() =>
            PriceDecomposition.Solve(request, DispatchCosts.Default, new PriceDecompositionOptions(DeviationTiers: 0)));
        Assert.Contains("DeviationTiers", error.Message);
    }
}
