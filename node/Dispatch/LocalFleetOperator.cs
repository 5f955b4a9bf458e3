namespace Consortium.Node.Dispatch;

/// <summary>An operator whose fleet is in this process: the simulation's operators and the code behind an operator node's gRPC service.</summary>
public sealed class LocalFleetOperator : IFleetOperator
{
    private readonly FleetSubproblem _subproblem;

    private readonly double _wearCostPerKwh;
    private int _nextStep;
    private bool _offered;

    /// <summary>Prepares the fleet's subproblem for the horizon.</summary>
    public LocalFleetOperator(string name, Fleet fleet, int horizonSteps, DispatchCosts costs)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(fleet);
        ArgumentNullException.ThrowIfNull(costs);
        costs.Validate();
        Name = name;
        Fleet = fleet;
        HorizonSteps = horizonSteps;
        _wearCostPerKwh = costs.WearCostPerKwh;
        _subproblem = new FleetSubproblem(fleet, horizonSteps);
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>The fleet served.</summary>
    public Fleet Fleet { get; }

    /// <summary>Number of steps.</summary>
    public int HorizonSteps { get; }

    /// <summary>The setpoints of the latest clearing.</summary>
    public FleetSchedule Schedule => _subproblem.Schedule;

    /// <inheritdoc />
    public ValueTask ProposeAsync(ReadOnlyMemory<double> signalKw, double rho, Memory<double> aggregateKw, CancellationToken cancellationToken)
    {
        RequireSteps(signalKw.Length, aggregateKw.Length);
        cancellationToken.ThrowIfCancellationRequested();
        _subproblem.Propose(signalKw.Span, rho, _wearCostPerKwh, aggregateKw.Span);
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

    private void RequireSteps(int input, int output)
    {
        if (input != HorizonSteps || output != HorizonSteps)
        {
            throw new ArgumentException($"Expected {HorizonSteps} values per profile, one per step, but got {input} in and {output} out.");
        }
    }
}
