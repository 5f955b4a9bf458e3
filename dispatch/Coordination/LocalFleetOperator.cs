using Consortium.Dispatch.Exact;
using Consortium.Dispatch.Fleets;
using Consortium.Dispatch.Wear;

namespace Consortium.Dispatch.Coordination;

/// <summary>An operator whose fleet is in this process: the simulation's operators and the code behind an operator node's gRPC service.</summary>
public sealed class LocalFleetOperator : IFleetOperator, IDisposable
{
    private readonly FleetSubproblem _subproblem;

    private readonly DispatchCosts _costs;
    private FleetSchedule? _checkpoint;
    private FleetReplanner? _replanner;
    private PricedFleet? _priced;
    private readonly WearPriceBook _wear;
    private int _nextStep;
    private bool _offered;

    /// <summary>Largest fleet that re-plans exactly (<see cref="RefineAsync"/>) by default.</summary>
    public const int DefaultExactVehicleLimit = 500;

    /// <summary>Prepares the fleet's subproblem for the horizon.</summary>
    /// <param name="name">The operator's name in reports and errors.</param>
    /// <param name="fleet">Its vehicles.</param>
    /// <param name="horizonSteps">Steps of the dispatch.</param>
    /// <param name="costs">The prices of the objective.</param>
    /// <param name="exactVehicleLimit">Largest fleet <see cref="RefineAsync"/> re-plans exactly; zero never does.</param>
    public LocalFleetOperator(string name, Fleet fleet, int horizonSteps, DispatchCosts costs, int exactVehicleLimit = DefaultExactVehicleLimit)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(fleet);
        ArgumentNullException.ThrowIfNull(costs);
        costs.Validate();
        Name = name;
        Fleet = fleet;
        HorizonSteps = horizonSteps;
        ArgumentOutOfRangeException.ThrowIfNegative(exactVehicleLimit);
        _costs = costs;
        _wear = costs.WearBook;
        ExactVehicleLimit = exactVehicleLimit;
        _subproblem = new FleetSubproblem(fleet, horizonSteps, _wear);
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>The fleet served.</summary>
    public Fleet Fleet { get; }

    /// <summary>Number of steps.</summary>
    public int HorizonSteps { get; }

    /// <summary>Re-plans not taken because their replay broke a hard constraint (see <see cref="RefineAsync"/>).</summary>
    public int RejectedRefinements { get; private set; }

    /// <summary>Re-plans GLOP could not solve, even afresh (the operator kept its setpoints).</summary>
    public int FailedRefinements { get; private set; }

    /// <summary>Largest fleet <see cref="RefineAsync"/> re-plans exactly.</summary>
    public int ExactVehicleLimit { get; }

    /// <summary>The setpoints of the latest clearing (and re-plans after it).</summary>
    public FleetSchedule Schedule => _subproblem.Schedule;

    /// <inheritdoc />
    public ValueTask ProposeAsync(ReadOnlyMemory<double> signalKw, double rho, Memory<double> aggregateKw, CancellationToken cancellationToken)
    {
        RequireSteps(signalKw.Length, aggregateKw.Length);
        cancellationToken.ThrowIfCancellationRequested();
        _subproblem.Propose(signalKw.Span, rho, _wear, aggregateKw.Span);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask BeginClearingAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _subproblem.BeginClearing();
        _nextStep = 0;
        _offered = false;
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<StepOffer> OfferAsync(int step, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (step != _nextStep || _offered)
        {
            throw new InvalidOperationException($"Step {step} offered out of order; the clearing is at step {_nextStep}.");
        }

        _offered = true;
        return ValueTask.FromResult(_subproblem.Offer(step));
    }

    /// <inheritdoc />
    public ValueTask<double> CommitStepAsync(int step, double powerKw, double extraChargeKw, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (step != _nextStep || !_offered)
        {
            throw new InvalidOperationException($"Step {step} committed before it was offered, or out of order; the clearing is at step {_nextStep}.");
        }

        if (!double.IsFinite(powerKw) || double.IsNaN(extraChargeKw))
        {
            throw new ArgumentException($"The power for step {step} must be a finite number of kW, not {powerKw}.", nameof(powerKw));
        }

        _offered = false;
        _nextStep++;
        return ValueTask.FromResult(_subproblem.Commit(step, powerKw, extraChargeKw));
    }

    /// <inheritdoc />
    public ValueTask<double?> CheckpointAsync(bool restore, Memory<double> aggregateKw, CancellationToken cancellationToken)
    {
        RequireSteps(HorizonSteps, aggregateKw.Length);
        cancellationToken.ThrowIfCancellationRequested();
        if (Fleet.Count > ExactVehicleLimit)
        {
            Schedule.Aggregate(aggregateKw.Span);
            return ValueTask.FromResult<double?>(null);
        }

        if (restore)
        {
            if (_checkpoint is null)
            {
                throw new InvalidOperationException($"{Name}: there is no checkpoint to go back to.");
            }

            for (var t = 0; t < HorizonSteps; t++)
            {
                _checkpoint.Step(t).CopyTo(Schedule.Step(t));
            }
        }
        else
        {
            _checkpoint ??= new FleetSchedule(Fleet, HorizonSteps);
            for (var t = 0; t < HorizonSteps; t++)
            {
                Schedule.Step(t).CopyTo(_checkpoint.Step(t));
            }
        }

        Schedule.Aggregate(aggregateKw.Span);
        return ValueTask.FromResult<double?>(OwnCost());
    }

    /// <inheritdoc />
    public ValueTask<double?> RefineAsync(ReadOnlyMemory<double> needKw, DeviationPricing deviation, Memory<double> aggregateKw, CancellationToken cancellationToken)
    {
        RequireSteps(needKw.Length, aggregateKw.Length);
        cancellationToken.ThrowIfCancellationRequested();
        if (Fleet.Count > ExactVehicleLimit)
        {
            Schedule.Aggregate(aggregateKw.Span);
            return ValueTask.FromResult<double?>(null);
        }

        // The programme may charge and discharge one vehicle in the same step (burning energy); the setpoint keeps only the
        // difference, which replays to more energy than the programme counted. A re-plan whose replay breaks a hard
        // constraint is not taken.
        _replanner ??= new FleetReplanner(Fleet, HorizonSteps, _costs);
        var need = needKw.ToArray();
        var replanned = TryReplan(need, deviation, null);
        var replays = replanned is not null && Replays(replanned);
        if (replanned is not null && !replays)
        {
            // Burning energy paid against this price: plan again with wear priced above what burning can save on it.
            replanned = TryReplan(need, deviation, BurnFreeWear(deviation.SteepestSlope / FleetRequest.StepHours));
            replays = replanned is not null && Replays(replanned);
        }

        if (replays)
        {
            for (var t = 0; t < HorizonSteps; t++)
            {
                replanned!.Step(t).CopyTo(Schedule.Step(t));
            }
        }
        else
        {
            RejectedRefinements++;
        }

        Schedule.Aggregate(aggregateKw.Span);
        return ValueTask.FromResult<double?>(OwnCost());
    }

    /// <summary>The wear prices at which burning energy never pays this fleet against <paramref name="deviationPerKwh"/> (<see cref="DispatchCosts.BurnFreeWear"/>).</summary>
    public WearPriceBook BurnFreeWear(double deviationPerKwh) => _costs.BurnFreeWear(deviationPerKwh, Fleet.WorstRoundTripLoss());

    /// <summary>A re-plan, or null when GLOP could not solve it (the operator then keeps its setpoints).</summary>
    private FleetSchedule? TryReplan(double[] needKw, DeviationPricing deviation, WearPriceBook? wear)
    {
        try
        {
            return _replanner!.Replan(needKw, deviation, wear);
        }
        catch (InvalidOperationException)
        {
            FailedRefinements++;
            return null;
        }
    }

    private bool Replays(FleetSchedule schedule)
    {
        var replay = DispatchResult.Measure(new FleetRequest(HorizonSteps, new double[HorizonSteps], [Fleet]), [schedule], 1, true, 0);
        return replay.SocFloorViolations == 0 && replay.PowerLimitViolations == 0 && replay.SiteLimitViolations == 0;
    }

    /// <summary>Frees the re-plan model (native solver memory), if one was built.</summary>
    public void Dispose()
    {
        _replanner?.Dispose();
        _replanner = null;
    }

    /// <summary>Groups of the pricing begun last (0 before any).</summary>
    public int PricingGroups => _priced?.Groups ?? 0;

    /// <inheritdoc />
    /// <remarks>Every fleet takes part, whatever its size: an answer is one linear pass over the vehicles.</remarks>
    public ValueTask<PricingBasis?> BeginPricingAsync(int arrivalGroups, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (arrivalGroups < 1 || arrivalGroups > HorizonSteps)
        {
            throw new ArgumentOutOfRangeException(nameof(arrivalGroups), arrivalGroups, $"Arrival bands must number 1 to the horizon's {HorizonSteps} steps.");
        }

        _priced = new PricedFleet(Fleet, HorizonSteps, _costs, arrivalGroups, Schedule);
        return ValueTask.FromResult<PricingBasis?>(_priced.Basis());
    }

    /// <inheritdoc />
    public ValueTask<double> PriceAsync(ReadOnlyMemory<double> priceKw, Memory<double> groupAggregateKw, Memory<double> groupOwnCost, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var priced = _priced ?? throw new InvalidOperationException($"{Name}: prices came before the pricing began.");
        return ValueTask.FromResult(priced.Price(priceKw.Span, groupAggregateKw.Span, groupOwnCost.Span));
    }

    /// <inheritdoc />
    public ValueTask<double> RealizePricesAsync(IReadOnlyList<PriceWeight> mix, Memory<double> aggregateKw, CancellationToken cancellationToken)
    {
        RequireSteps(HorizonSteps, aggregateKw.Length);
        cancellationToken.ThrowIfCancellationRequested();
        var priced = _priced ?? throw new InvalidOperationException($"{Name}: a mix came before the pricing began.");
        var own = priced.Realize(mix, Schedule);
        Schedule.Aggregate(aggregateKw.Span);
        return ValueTask.FromResult(own);
    }

    private double OwnCost()
    {
        var own = DispatchObjective.Evaluate(new FleetRequest(HorizonSteps, new double[HorizonSteps], [Fleet]), [Schedule], _costs);
        return own.WearCost + own.ShortfallCost;
    }

    private void RequireSteps(int input, int output)
    {
        if (input != HorizonSteps || output != HorizonSteps)
        {
            throw new ArgumentException($"Expected {HorizonSteps} values per profile, one per step, but got {input} in and {output} out.");
        }
    }
}
