using Consortium.Dispatch.Exact;
using Consortium.Dispatch.Fleets;

namespace Consortium.Dispatch.Online;

/// <summary>An operator of the day as it happens answering in this process, from its <see cref="OnlineFleet"/>.</summary>
/// <param name="name">Who answers, for messages.</param>
/// <param name="fleet">The operator's day.</param>
/// <param name="steps">Steps of the day.</param>
/// <param name="costs">The prices the operator plans its own cost with (wear, shortfall).</param>
public sealed class LocalOnlineOperator(string name, OnlineFleet fleet, int steps, DispatchCosts costs) : IOnlineOperator
{
    private PricedFleet? _priced;
    private Fleet? _residual;
    private FleetSchedule? _plan;
    private int _step = -1;

    /// <inheritdoc />
    public string Name { get; } = name;

    /// <summary>The operator's day, with what it committed.</summary>
    public OnlineFleet Fleet { get; } = fleet ?? throw new ArgumentNullException(nameof(fleet));

    /// <summary>Groups of the pricing begun (0 before one).</summary>
    public int PricingGroups => _priced?.Groups ?? 0;

    /// <inheritdoc />
    public ValueTask BeginStepAsync(int step, CancellationToken cancellationToken)
    {
        _residual = Fleet.Residual(step);
        _plan = new FleetSchedule(_residual, steps - step);
        _priced = null;
        _step = step;
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<PricingBasis?> BeginPricingAsync(int arrivalGroups, CancellationToken cancellationToken)
    {
        var residual = _residual ?? throw new InvalidOperationException($"{Name} was asked for prices before a step began.");
        _priced = new PricedFleet(residual, steps - _step, costs, arrivalGroups, null);
        return ValueTask.FromResult<PricingBasis?>(_priced.Basis());
    }

    /// <inheritdoc />
    public ValueTask<double> PriceAsync(ReadOnlyMemory<double> priceKw, Memory<double> groupAggregateKw, Memory<double> groupOwnCost, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Priced.Price(priceKw.Span, groupAggregateKw.Span, groupOwnCost.Span));

    /// <inheritdoc />
    public ValueTask<double> RealizePricesAsync(IReadOnlyList<PriceWeight> mix, Memory<double> aggregateKw, CancellationToken cancellationToken)
    {
        var own = Priced.Realize(mix, _plan!);
        _plan!.Aggregate(aggregateKw.Span);
        return ValueTask.FromResult(own);
    }

    /// <inheritdoc />
    public ValueTask<double> CommitPlannedStepAsync(int step, CancellationToken cancellationToken)
    {
        var plan = _plan ?? throw new InvalidOperationException($"{Name} was asked to commit step {step} before a step began.");
        var committed = Fleet.Commit(step, plan);
        _residual = null;
        _plan = null;
        _priced = null;
        return ValueTask.FromResult(committed);
    }

    /// <summary>The step realized and not yet committed as setpoints of the real vehicles (see <see cref="OnlineFleet.FirstStep"/>), to keep before committing it.</summary>
    /// <exception cref="InvalidOperationException">No step was realized.</exception>
    public float[] PlannedStep() =>
        Fleet.FirstStep(_step, _plan ?? throw new InvalidOperationException($"{Name} has no step realized to keep."));

    /// <summary>Commits step <paramref name="step"/> as <paramref name="setpoints"/> (kept before a restart) instead of a plan; see <see cref="OnlineFleet.Replay"/>.</summary>
    public double CommitStep(int step, ReadOnlySpan<float> setpoints)
    {
        var committed = Fleet.Replay(step, setpoints);
        _residual = null;
        _plan = null;
        _priced = null;
        return committed;
    }

    private PricedFleet Priced => _priced ?? throw new InvalidOperationException($"{Name} was asked for prices before pricing began.");
}
