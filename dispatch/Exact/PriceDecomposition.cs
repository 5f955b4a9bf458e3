using System.Diagnostics;
using Consortium.Dispatch.Fleets;

namespace Consortium.Dispatch.Exact;

/// <summary>
/// Solves the dispatch's linear programme (the one <see cref="DispatchReference"/> gives GLOP whole) by price decomposition
/// (Dantzig–Wolfe column generation): the coordinator posts a price per kW at each step, each operator answers every one of
/// its vehicles exactly (<see cref="VehicleResponse"/>, in parallel) and returns per group of vehicles only the aggregate
/// profile and own cost, and a small master programme (<see cref="ColumnMaster"/>) mixes the answers so far into the
/// cheapest dispatch and sets the next prices from its duals. It scales with the vehicles (each price costs one linear pass
/// over them) and certifies itself: every price gives a Lagrangian lower bound on the programme's optimum, every master
/// solve an upper bound, and it stops when they meet within <see cref="PriceDecompositionOptions.RelativeGap"/>.
/// </summary>
/// <remarks>
/// <para>
/// Lower bound at balance duals y (|yₜ| ≤ Δt·penalty) and site duals σ: Σₜ yₜTₜ − Σₒₜ |σₒₜ|Lₒ + Σᵢ minᵢ [own costᵢ +
/// Σₜ pₒₜ·(cᵢₜ − dᵢₜ)] with pₒₜ = −(yₜ + σₒₜ), the vehicles' minima exact. Prices are smoothed toward the duals of the best
/// bound so far (Wentges), which damps the oscillation of plain column generation; when a smoothed price yields no column
/// the master can use, the next price is the master's own.
/// </para>
/// <para>
/// The master mixes group answers, so a vehicle's realized setpoint is the same mix of its answers: the aggregate the master
/// planned and no more wear than it counted. Answers of opposite sign at one step replay with less loss than their average,
/// so the realization trims charging that would overfill a battery; the realized schedules are then evaluated by
/// <see cref="DispatchObjective.Evaluate"/>, never taken from the master's value.
/// </para>
/// </remarks>
public static class PriceDecomposition
{
    /// <summary>Solves <paramref name="request"/> at <paramref name="costs"/>.</summary>
    /// <param name="request">Target and fleets.</param>
    /// <param name="costs">The prices of the objective.</param>
    /// <param name="options">Groups, stopping gap, time and iteration limits; <see cref="PriceDecompositionOptions.Default"/> when null.</param>
    /// <param name="progress">Told after every iteration.</param>
    /// <param name="cancellationToken">Stops between iterations, keeping the best mix so far.</param>
    /// <exception cref="ArgumentException">An option is out of range (named).</exception>
    public static PriceDispatch Solve(
        FleetRequest request,
        DispatchCosts costs,
        PriceDecompositionOptions? options = null,
        IProgress<PriceProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(costs);
        costs.Validate();
        options ??= PriceDecompositionOptions.Default;
        options.Validate();
        var watch = Stopwatch.StartNew();
        var steps = request.HorizonSteps;
        var operators = request.Fleets.Count;
        var penaltyKw = FleetRequest.StepHours * costs.DeviationPenaltyPerKwh;

        var pricers = new FleetPricer[operators];
        var groups = new int[operators];
        for (var o = 0; o < operators; o++)
        {
            pricers[o] = new FleetPricer(request.Fleets[o], steps, costs, options.ArrivalGroups);
            groups[o] = pricers[o].Groups;
        }

        using var master = new ColumnMaster(request, costs, groups);
        var zero = new double[steps];
        for (var o = 0; o < operators; o++)
        {
            for (var g = 0; g < groups[o]; g++)
            {
                master.Add(o, g, zero, pricers[o].IdleCost(g), ColumnMaster.IdleColumn);
            }
        }

        var aggregate = new double[operators][][];
        var own = new double[operators][];
        var priceHistory = new List<double[]>[operators];
        for (var o = 0; o < operators; o++)
        {
            aggregate[o] = new double[groups[o]][];
            for (var g = 0; g < groups[o]; g++)
            {
                aggregate[o][g] = new double[steps];
            }

            own[o] = new double[groups[o]];
            priceHistory[o] = [];
        }

        var masterBalance = new double[steps];
        var masterSite = Jagged(operators, steps);
        var masterConvexity = new double[operators][];
        for (var o = 0; o < operators; o++)
        {
            masterConvexity[o] = new double[groups[o]];
        }

        var bestBalance = new double[steps];
        var bestSite = Jagged(operators, steps);
        var pointBalance = new double[steps];
        var pointSite = Jagged(operators, steps);
        var lowerBound = double.NegativeInfinity;
        var upperBound = double.PositiveInfinity;
        var pricingSeconds = 0.0;
        var masterSeconds = 0.0;
        var iterations = 0;
        var smoothing = 0.0; // The first price is the idle master's own; smoothing starts once a bound exists.
        var stopReason = PriceStop.IterationLimit;
        var masterStart = watch.Elapsed;
        master.Solve();
        masterSeconds += (watch.Elapsed - masterStart).TotalSeconds;
        upperBound = master.Objective;
        master.Duals(masterBalance, masterSite, masterConvexity, penaltyKw);

        while (iterations < options.MaxIterations)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                stopReason = PriceStop.Cancelled;
                break;
            }

            if (options.TimeLimit is { } limit && watch.Elapsed >= limit)
            {
                stopReason = PriceStop.TimeLimit;
                break;
            }

            // The price point: the master's duals, smoothed toward the best bound's.
            for (var t = 0; t < steps; t++)
            {
                pointBalance[t] = (smoothing * bestBalance[t]) + ((1 - smoothing) * masterBalance[t]);
            }

            for (var o = 0; o < operators; o++)
            {
                for (var t = 0; t < steps; t++)
                {
                    pointSite[o][t] = (smoothing * bestSite[o][t]) + ((1 - smoothing) * masterSite[o][t]);
                }
            }

            // Every operator answers its vehicles to its price: −(yₜ + σₒₜ) per kW of net charging.
            var pricingStart = watch.Elapsed;
            var bound = master.BoundConstant(pointBalance, pointSite);
            var added = 0;
            for (var o = 0; o < operators; o++)
            {
                var price = new double[steps];
                for (var t = 0; t < steps; t++)
                {
                    price[t] = -(pointBalance[t] + pointSite[o][t]);
                }

                bound += pricers[o].Price(price, aggregate[o], own[o]);
                var column = priceHistory[o].Count;
                priceHistory[o].Add(price);
                for (var g = 0; g < groups[o]; g++)
                {
                    if (pricers[o].GroupSize(g) == 0)
                    {
                        continue;
                    }

                    // Reduced cost against the master's own duals: what the column would save the master now.
                    var reduced = own[o][g] - masterConvexity[o][g];
                    for (var t = 0; t < steps; t++)
                    {
                        reduced -= (masterBalance[t] + masterSite[o][t]) * aggregate[o][g][t];
                    }

                    if (reduced < -options.ColumnTolerance * Math.Max(1, Math.Abs(own[o][g])))
                    {
                        master.Add(o, g, aggregate[o][g], own[o][g], column);
                        added++;
                    }
                }
            }

            pricingSeconds += (watch.Elapsed - pricingStart).TotalSeconds;
            if (bound > lowerBound)
            {
                lowerBound = bound;
                Array.Copy(pointBalance, bestBalance, steps);
                for (var o = 0; o < operators; o++)
                {
                    Array.Copy(pointSite[o], bestSite[o], steps);
                }
            }

            iterations++;
            if (added == 0)
            {
                if (smoothing == 0)
                {
                    // No column prices out at the master's own duals: the master's mix is optimal.
                    stopReason = PriceStop.Optimal;
                    progress?.Report(new PriceProgress(iterations, lowerBound, upperBound, master.Columns));
                    break;
                }

                // A mispricing: the smoothed point found nothing the master can use; price at its duals next.
                smoothing = 0;
                progress?.Report(new PriceProgress(iterations, lowerBound, upperBound, master.Columns));
                continue;
            }

            masterStart = watch.Elapsed;
            master.Solve();
            masterSeconds += (watch.Elapsed - masterStart).TotalSeconds;
            upperBound = master.Objective;
            master.Duals(masterBalance, masterSite, masterConvexity, penaltyKw);
            smoothing = options.Smoothing;
            progress?.Report(new PriceProgress(iterations, lowerBound, upperBound, master.Columns));
            if (upperBound - lowerBound <= options.RelativeGap * Math.Max(1, Math.Abs(upperBound)))
            {
                stopReason = PriceStop.Gap;
                break;
            }
        }

        // Each operator realizes the mix the master chose, vehicle by vehicle.
        var realizeStart = watch.Elapsed;
        var mix = master.Mix();
        var schedules = new FleetSchedule[operators];
        for (var o = 0; o < operators; o++)
        {
            var groupMix = new IReadOnlyList<(double[]?, double)>[groups[o]];
            for (var g = 0; g < groups[o]; g++)
            {
                groupMix[g] = mix[o][g].Select(w => (w.Column == ColumnMaster.IdleColumn ? null : priceHistory[o][w.Column], w.Weight)).ToList();
            }

            schedules[o] = new FleetSchedule(request.Fleets[o], steps);
            pricers[o].Realize(groupMix, schedules[o]);
        }

        var realizeSeconds = (watch.Elapsed - realizeStart).TotalSeconds;
        var objective = DispatchObjective.Evaluate(request, schedules, costs);
        return new PriceDispatch(
            schedules,
            objective,
            upperBound,
            lowerBound,
            iterations,
            master.Columns,
            stopReason,
            watch.Elapsed.TotalSeconds,
            pricingSeconds,
            masterSeconds,
            realizeSeconds);
    }

    private static double[][] Jagged(int rows, int columns)
    {
        var array = new double[rows][];
        for (var r = 0; r < rows; r++)
        {
            array[r] = new double[columns];
        }

        return array;
    }
}

/// <summary>How <see cref="PriceDecomposition"/> runs.</summary>
/// <param name="ArrivalGroups">Arrival-time bands per operator; each band is split by V2G, so an operator sends twice as
/// many columns per price. More groups let the master mix answers more freely.</param>
/// <param name="RelativeGap">Stop once (upper − lower bound) ≤ this times |upper bound|.</param>
/// <param name="MaxIterations">Prices posted at most.</param>
/// <param name="TimeLimit">Wall clock after which it stops with the best mix so far; none when null.</param>
/// <param name="Smoothing">Weight of the best bound's duals in each price point (Wentges smoothing), in [0, 1).</param>
/// <param name="ColumnTolerance">A column enters the master when its reduced cost is below −this times max(1, |own cost|).</param>
public sealed record PriceDecompositionOptions(
    int ArrivalGroups = 24,
    double RelativeGap = 1e-3,
    int MaxIterations = 400,
    TimeSpan? TimeLimit = null,
    double Smoothing = 0.5,
    double ColumnTolerance = 1e-9)
{
    /// <summary>24 arrival bands, 0.1 % gap, 400 prices, no time limit, smoothing 0.5.</summary>
    public static PriceDecompositionOptions Default { get; } = new();

    /// <summary>Throws when an option is out of range, naming it.</summary>
    public void Validate()
    {
        if (ArrivalGroups < 1)
        {
            throw new ArgumentException($"ArrivalGroups must be at least 1, not {ArrivalGroups}.", nameof(ArrivalGroups));
        }

        if (!(RelativeGap >= 0) || !double.IsFinite(RelativeGap))
        {
            throw new ArgumentException($"RelativeGap must be a finite number at least 0, not {RelativeGap}.", nameof(RelativeGap));
        }

        if (MaxIterations < 1)
        {
            throw new ArgumentException($"MaxIterations must be at least 1, not {MaxIterations}.", nameof(MaxIterations));
        }

        if (TimeLimit is { } limit && limit <= TimeSpan.Zero)
        {
            throw new ArgumentException($"TimeLimit must be positive, not {limit}.", nameof(TimeLimit));
        }

        if (!(Smoothing >= 0 && Smoothing < 1))
        {
            throw new ArgumentException($"Smoothing must lie in [0, 1), not {Smoothing}.", nameof(Smoothing));
        }

        if (!(ColumnTolerance >= 0) || !double.IsFinite(ColumnTolerance))
        {
            throw new ArgumentException($"ColumnTolerance must be a finite number at least 0, not {ColumnTolerance}.", nameof(ColumnTolerance));
        }
    }
}

/// <summary>Why <see cref="PriceDecomposition"/> stopped.</summary>
public enum PriceStop
{
    /// <summary>The bounds met within the relative gap.</summary>
    Gap,

    /// <summary>No column priced out at the master's duals: the master's mix is the programme's optimum.</summary>
    Optimal,

    /// <summary>The time limit ran out.</summary>
    TimeLimit,

    /// <summary>The iteration limit ran out.</summary>
    IterationLimit,

    /// <summary>The caller cancelled.</summary>
    Cancelled,
}

/// <summary>Where a price decomposition stands after one price.</summary>
/// <param name="Iteration">Prices posted.</param>
/// <param name="LowerBound">The best Lagrangian bound so far.</param>
/// <param name="UpperBound">The master's objective (infinite before its first solve).</param>
/// <param name="Columns">Columns in the master.</param>
public readonly record struct PriceProgress(int Iteration, double LowerBound, double UpperBound, int Columns);

/// <summary>The dispatch a price decomposition found, with the bounds that certify it.</summary>
/// <param name="Schedules">One schedule per operator, realized from the master's mix.</param>
/// <param name="Objective">J evaluated on <see cref="Schedules"/> by replay.</param>
/// <param name="UpperBound">The master's objective: the cost of its mix as the linear programme counts it.</param>
/// <param name="LowerBound">The best Lagrangian bound: no dispatch the linear programme allows costs less.</param>
/// <param name="Iterations">Prices posted.</param>
/// <param name="Columns">Columns the master holds.</param>
/// <param name="Stop">Why it stopped.</param>
/// <param name="Seconds">Wall clock of the whole solve.</param>
/// <param name="PricingSeconds">Of which the operators' answers.</param>
/// <param name="MasterSeconds">Of which the master's solves.</param>
/// <param name="RealizeSeconds">Of which the realization of the final mix.</param>
public sealed record PriceDispatch(
    IReadOnlyList<FleetSchedule> Schedules,
    DispatchObjectiveValue Objective,
    double UpperBound,
    double LowerBound,
    int Iterations,
    int Columns,
    PriceStop Stop,
    double Seconds,
    double PricingSeconds,
    double MasterSeconds,
    double RealizeSeconds)
{
    /// <summary>(<see cref="UpperBound"/> − <see cref="LowerBound"/>) / |<see cref="UpperBound"/>|: how far the master's mix is at most from the optimum.</summary>
    public double Gap => (UpperBound - LowerBound) / Math.Max(1e-12, Math.Abs(UpperBound));

    /// <summary>(realized J − <see cref="LowerBound"/>) / |realized J|: how far the realized dispatch is at most from the optimum.</summary>
    public double RealizedGap => (Objective.Total - LowerBound) / Math.Max(1e-12, Math.Abs(Objective.Total));

    /// <summary>Replays the schedules vehicle by vehicle against the hard constraints (see <see cref="DispatchResult.Measure"/>).</summary>
    public DispatchResult Measure(FleetRequest request) => DispatchResult.Measure(request, Schedules, Iterations, true, Seconds);
}
