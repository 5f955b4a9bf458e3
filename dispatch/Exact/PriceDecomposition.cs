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
    /// <summary>Solves <paramref name="request"/> at <paramref name="costs"/>, every fleet answering in this process.</summary>
    /// <param name="request">Target and fleets.</param>
    /// <param name="costs">The prices of the objective.</param>
    /// <param name="options">Groups, stopping gap, time and iteration limits; <see cref="PriceDecompositionOptions.Default"/> when null.</param>
    /// <param name="progress">Told after every price.</param>
    /// <param name="cancellationToken">Stops between prices, realizing the best mix so far.</param>
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
        var fleets = request.Fleets.Select((f, o) => new LocalPricedFleet($"operator {o + 1}", f, request.HorizonSteps, costs)).ToArray();
        var outcome = PriceStage.RunAsync(fleets, request.TargetKw, costs, options, progress, cancellationToken).GetAwaiter().GetResult();
        var schedules = fleets.Select(f => f.Schedule).ToArray();
        var objective = DispatchObjective.Evaluate(request, schedules, costs);
        return new PriceDispatch(schedules, objective, outcome);
    }

    /// <summary>A fleet answering prices in this process, from idle (no setpoints before pricing).</summary>
    private sealed class LocalPricedFleet(string name, Fleet fleet, int steps, DispatchCosts costs) : IPricedFleet
    {
        private PricedFleet? _priced;

        public string Name { get; } = name;

        public FleetSchedule Schedule { get; } = new(fleet, steps);

        public ValueTask<PricingBasis?> BeginPricingAsync(int arrivalGroups, CancellationToken cancellationToken)
        {
            _priced = new PricedFleet(fleet, steps, costs, arrivalGroups, null);
            return ValueTask.FromResult<PricingBasis?>(_priced.Basis());
        }

        public ValueTask<double> PriceAsync(ReadOnlyMemory<double> priceKw, Memory<double> groupAggregateKw, Memory<double> groupOwnCost, CancellationToken cancellationToken) =>
            ValueTask.FromResult(_priced!.Price(priceKw.Span, groupAggregateKw.Span, groupOwnCost.Span));

        public ValueTask<double> RealizePricesAsync(IReadOnlyList<PriceWeight> mix, Memory<double> aggregateKw, CancellationToken cancellationToken)
        {
            var own = _priced!.Realize(mix, Schedule);
            Schedule.Aggregate(aggregateKw.Span);
            return ValueTask.FromResult(own);
        }
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
/// <param name="DeviationTiers">How the master prices a step's deviation from the target: 1 (the objective's own price per
/// kWh, linear); K &gt; 1 makes it steeper in tiers of <paramref name="DeviationTierKw"/>, tier j priced 2j + 1 times the
/// objective's (a piecewise-linear square, the last tier unbounded), so that a deviation the master cannot avoid is spread
/// over steps rather than piled on one. The dispatch is still measured at the objective's own prices.</param>
/// <param name="DeviationTierKw">Width of each tier but the last, kW; used when <paramref name="DeviationTiers"/> &gt; 1.</param>
public sealed record PriceDecompositionOptions(
    int ArrivalGroups = 24,
    double RelativeGap = 1e-3,
    int MaxIterations = 400,
    TimeSpan? TimeLimit = null,
    double Smoothing = 0.5,
    double ColumnTolerance = 1e-9,
    int DeviationTiers = 1,
    double DeviationTierKw = 0)
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

        if (DeviationTiers is < 1 or > 64)
        {
            throw new ArgumentException($"DeviationTiers must lie between 1 and 64, not {DeviationTiers}.", nameof(DeviationTiers));
        }

        if (DeviationTiers > 1 && !(DeviationTierKw > 0 && double.IsFinite(DeviationTierKw)))
        {
            throw new ArgumentException($"DeviationTierKw must be a positive number of kW with more than one deviation tier, not {DeviationTierKw}.", nameof(DeviationTierKw));
        }
    }
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
/// <param name="Outcome">How the decomposition ran: its bounds, prices, columns, stop and times.</param>
public sealed record PriceDispatch(IReadOnlyList<FleetSchedule> Schedules, DispatchObjectiveValue Objective, PriceOutcome Outcome)
{
    /// <summary>The best Lagrangian bound: no dispatch the linear programme allows costs less.</summary>
    public double LowerBound => Outcome.LowerBound;

    /// <summary>The master's objective: the cost of its mix as the linear programme counts it.</summary>
    public double UpperBound => Outcome.UpperBound;

    /// <summary>(<see cref="UpperBound"/> − <see cref="LowerBound"/>) / |<see cref="UpperBound"/>|: how far the master's mix is at most from the optimum.</summary>
    public double Gap => Outcome.Gap;

    /// <summary>(realized J − <see cref="LowerBound"/>) / |realized J|: how far the realized dispatch is at most from the optimum.</summary>
    public double RealizedGap => (Objective.Total - LowerBound) / Math.Max(1e-12, Math.Abs(Objective.Total));

    /// <summary>Replays the schedules vehicle by vehicle against the hard constraints (see <see cref="DispatchResult.Measure"/>).</summary>
    public DispatchResult Measure(FleetRequest request) => DispatchResult.Measure(request, Schedules, Outcome.Iterations, true, Outcome.Seconds);
}
