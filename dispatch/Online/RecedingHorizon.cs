using System.Diagnostics;
using Consortium.Dispatch.Exact;
using Consortium.Dispatch.Fleets;

namespace Consortium.Dispatch.Online;

/// <summary>
/// Dispatch as it happens: every 15-minute step the consortium re-plans the rest of the day with the vehicles plugged in
/// now (each known only from its arrival, with the departure its driver stated and the energy it needs) plus the arrivals
/// a forecast expects, and commits only the step at hand (model-predictive control). The re-plan is the dispatch by prices
/// (<see cref="PriceDecomposition"/>) over that residual day; the committed setpoints are replayed on the real vehicles.
/// </summary>
public static class RecedingHorizon
{
    /// <summary>
    /// Runs the day of <paramref name="truth"/> step by step. <paramref name="forecast"/> gives, per operator, the vehicles
    /// it expects (only those arriving after the current step are used, as pseudo-vehicles), or null for none.
    /// </summary>
    /// <exception cref="ArgumentException">The forecast does not give one fleet per operator, or an option is out of range.</exception>
    public static OnlineDispatch Run(FleetRequest truth, IReadOnlyList<Fleet>? forecast, DispatchCosts costs, OnlineOptions options, IProgress<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(costs);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (forecast is not null && forecast.Count != truth.Fleets.Count)
        {
            throw new ArgumentException($"The forecast gives {forecast.Count} fleets for {truth.Fleets.Count} operators.", nameof(forecast));
        }

        var steps = truth.HorizonSteps;
        var operators = truth.Fleets.Count;
        var random = new Random(options.Seed);
        var stated = new int[operators][];
        var energy = new double[operators][];
        var schedules = new FleetSchedule[operators];
        for (var o = 0; o < operators; o++)
        {
            var fleet = truth.Fleets[o];
            stated[o] = new int[fleet.Count];
            energy[o] = new double[fleet.Count];
            schedules[o] = new FleetSchedule(fleet, steps);
            for (var i = 0; i < fleet.Count; i++)
            {
                energy[o][i] = fleet.ArrivalEnergyKwh(i);
                if (fleet.Departure[i] >= steps)
                {
                    // Staying past the horizon (overnight): the driver says so, and the day's end is the deadline.
                    stated[o][i] = steps;
                    continue;
                }

                // The driver states a departure off by a normal error of the stated spread, rounded to steps.
                // The planner aims to be done a margin before it, but never so early that the stated stay could have
                // delivered the need at full power and the shortened one cannot.
                var error = (int)Math.Round(options.DepartureNoiseSteps * Gaussian(random));
                var statedDeparture = Math.Clamp(fleet.Departure[i] + error, fleet.Arrival[i] + 1, steps);
                var fullPower = fleet.MaxChargeKw[i] * fleet.ChargeEfficiency[i] * FleetRequest.StepHours;
                var stepsNeeded = fullPower > 0 ? (int)Math.Ceiling(fleet.EnergyNeededKwh[i] / fullPower) : 0;
                var earliest = Math.Min(statedDeparture, fleet.Arrival[i] + Math.Max(1, stepsNeeded));
                stated[o][i] = Math.Max(earliest, statedDeparture - options.Margin);
            }
        }

        var replan = options.ReplanOptionsFor(truth.TargetKw);
        var replanCosts = options.ReplanCosts(costs);
        var replanSeconds = new List<double>(steps);
        var watch = new Stopwatch();
        for (var k = 0; k < steps; k++)
        {
            watch.Restart();
            var residual = new Fleet[operators];
            var present = new List<int>[operators];
            for (var o = 0; o < operators; o++)
            {
                (residual[o], present[o]) = Residual(truth.Fleets[o], stated[o], energy[o], forecast?[o], k, steps);
            }

            var target = truth.TargetKw[k..];
            var plan = PriceDecomposition.Solve(new FleetRequest(steps - k, target, residual), replanCosts, replan);
            replanSeconds.Add(watch.Elapsed.TotalSeconds);

            // Commit step k for the vehicles really plugged in, and move their batteries.
            for (var o = 0; o < operators; o++)
            {
                var fleet = truth.Fleets[o];
                var first = plan.Schedules[o].Step(0);
                for (var r = 0; r < present[o].Count; r++)
                {
                    var i = present[o][r];
                    if (k >= fleet.Departure[i])
                    {
                        continue;
                    }

                    var power = first[r];
                    schedules[o].Step(k)[i] = power;
                    energy[o][i] += power >= 0
                        ? power * fleet.ChargeEfficiency[i] * FleetRequest.StepHours
                        : power / fleet.DischargeEfficiency[i] * FleetRequest.StepHours;
                }
            }

            progress?.Report(k + 1);
        }

        return new OnlineDispatch(schedules, replanSeconds);
    }

    /// <summary>
    /// Operator <paramref name="fleet"/>'s day from step <paramref name="k"/> as its planner sees it: the vehicles plugged in
    /// (arrived, not yet gone by their stated departure nor really gone) from their present energy, then the forecast's
    /// later arrivals; steps counted from k. Returns the indices of the real vehicles in the order they come first.
    /// </summary>
    private static (Fleet Fleet, List<int> Present) Residual(Fleet fleet, int[] stated, double[] energy, Fleet? forecast, int k, int steps)
    {
        var present = new List<int>();
        for (var i = 0; i < fleet.Count; i++)
        {
            if (fleet.Arrival[i] <= k && k < stated[i] && k < fleet.Departure[i])
            {
                present.Add(i);
            }
        }

        var later = new List<int>();
        if (forecast is not null)
        {
            for (var j = 0; j < forecast.Count; j++)
            {
                if (forecast.Arrival[j] > k && forecast.Arrival[j] < steps)
                {
                    later.Add(j);
                }
            }
        }

        var rows = new FleetRows(present.Count + later.Count);
        foreach (var i in present)
        {
            var soc = Math.Clamp(energy[i] / fleet.CapacityKwh[i], 0, 1);
            rows.Add(fleet, i, 0, stated[i] - k, soc, Math.Max(0, fleet.RequiredEnergyKwh(i) - energy[i]));
        }

        foreach (var j in later)
        {
            rows.Add(forecast!, j, forecast!.Arrival[j] - k, Math.Min(forecast.Departure[j], steps) - k, forecast.ArrivalSoc[j], forecast.EnergyNeededKwh[j]);
        }

        var residual = rows.Build(fleet.SiteLimitKw);
        return (residual, present);
    }

    private static double Gaussian(Random random)
    {
        var u = 1 - random.NextDouble();
        var v = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v);
    }
}

/// <summary>How <see cref="RecedingHorizon"/> runs.</summary>
/// <param name="DepartureNoiseSteps">Standard deviation of the error on each driver's stated departure, in 15-minute steps.</param>
/// <param name="Seed">Seed of those errors.</param>
/// <param name="Prices">The re-plan's options; a 0.1 % gap and a 5 s budget per step when null.</param>
/// <param name="DepartureMarginSteps">How many steps before the stated departure the planner aims to have a vehicle
/// done; the noise's standard deviation, rounded, when null.</param>
/// <param name="DeviationTiers">Tiers of the re-plan's deviation price (<see cref="PriceDecompositionOptions.DeviationTiers"/>):
/// a re-plan that foresees a deviation it cannot avoid spreads it over the steps left instead of leaving it all to the
/// last one, where a linear price is indifferent between the two and the real day then piles it up.</param>
/// <param name="DeviationTierShare">Width of each tier as a share of the request's mean power.</param>
public sealed record OnlineOptions(
    double DepartureNoiseSteps = 2,
    int Seed = 1,
    PriceDecompositionOptions? Prices = null,
    int? DepartureMarginSteps = null,
    int DeviationTiers = 8,
    double DeviationTierShare = 0.005)
{
    /// <summary>The margin in use.</summary>
    public int Margin => DepartureMarginSteps ?? (int)Math.Round(DepartureNoiseSteps);

    /// <summary>Throws when an option is out of range, naming it.</summary>
    public void Validate()
    {
        if (!(DepartureNoiseSteps >= 0 && DepartureNoiseSteps <= 96))
        {
            throw new ArgumentException($"The departure noise must lie between 0 and 96 steps, not {DepartureNoiseSteps}.", nameof(DepartureNoiseSteps));
        }

        if (DepartureMarginSteps is < 0 or > 96)
        {
            throw new ArgumentException($"The departure margin must lie between 0 and 96 steps, not {DepartureMarginSteps}.", nameof(DepartureMarginSteps));
        }

        if (!(DeviationTierShare > 0 && DeviationTierShare <= 1))
        {
            throw new ArgumentException($"The deviation tier's share of the mean request must lie in (0, 1], not {DeviationTierShare}.", nameof(DeviationTierShare));
        }

        // The tiers' count is the re-plan's option: checked with the rest of them (the width is the request's to give).
        (ReplanOptions with { DeviationTiers = DeviationTiers, DeviationTierKw = 1 }).Validate();
    }

    /// <summary>The width of each deviation tier for a request of <paramref name="targetKw"/>, kW.</summary>
    public double DeviationTierKw(IReadOnlyList<double> targetKw)
    {
        ArgumentNullException.ThrowIfNull(targetKw);
        var mean = targetKw.Count == 0 ? 0 : targetKw.Average(Math.Abs);
        return Math.Max(1e-3, DeviationTierShare * mean);
    }

    /// <summary>
    /// The prices a re-plan plans with: <paramref name="costs"/>, with a kWh a driver misses priced at least twice the
    /// steepest deviation tier, so that a re-plan never prefers sending a vehicle away short to deviating from the
    /// request. What was committed is measured at <paramref name="costs"/> themselves.
    /// </summary>
    public DispatchCosts ReplanCosts(DispatchCosts costs)
    {
        ArgumentNullException.ThrowIfNull(costs);
        var steepest = ((2 * DeviationTiers) - 1) * costs.DeviationPenaltyPerKwh;
        return costs with { ShortfallPenaltyPerKwh = Math.Max(costs.ShortfallPenaltyPerKwh, 2 * steepest) };
    }

    /// <summary>The re-plan's options for a request of <paramref name="targetKw"/>: <see cref="ReplanOptions"/> with the deviation tiers.</summary>
    public PriceDecompositionOptions ReplanOptionsFor(IReadOnlyList<double> targetKw) =>
        ReplanOptions with { DeviationTiers = DeviationTiers, DeviationTierKw = DeviationTierKw(targetKw) };

    /// <summary>The re-plan's options.</summary>
    public PriceDecompositionOptions ReplanOptions => Prices ?? PriceDecompositionOptions.Default with { RelativeGap = 1e-3, TimeLimit = TimeSpan.FromSeconds(5) };
}

/// <summary>What a day in receding horizon committed.</summary>
/// <param name="Schedules">One schedule per operator over the real vehicles: each step as it was committed.</param>
/// <param name="ReplanSeconds">Wall clock of each step's re-plan.</param>
public sealed record OnlineDispatch(IReadOnlyList<FleetSchedule> Schedules, IReadOnlyList<double> ReplanSeconds);
