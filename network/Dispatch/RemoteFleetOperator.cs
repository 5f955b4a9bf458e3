using Consortium.Dispatch.Coordination;
using Consortium.Dispatch.Exact;
using Consortium.Dispatch.Online;

namespace Consortium.Network.Dispatch;

/// <summary>
/// An operator node reached over gRPC, as the dispatch coordinator sees it: <see cref="DispatchCoordinator.CoordinateAsync"/>
/// runs over these exactly as over <see cref="LocalFleetOperator"/>s (one Propose call per ADMM iteration, then one
/// BeginClearing and one Offer and one CommitStep per step), and <see cref="RecedingHorizon.RunAsync"/> intraday (per step
/// one BeginStep, a pricing over the steps left, and one CommitPlannedStep). Bound to one joined event.
/// </summary>
public sealed class RemoteFleetOperator : IFleetOperator, IOnlineOperator
{
    /// <summary>How far the report's aggregate may stray from the realized values of the clearing, kW (setpoints are float32).</summary>
    public const double ReportToleranceKw = 0.01;

    private readonly DispatchParticipantClient _client;
    private readonly TimeSpan _callTimeout;
    private readonly double[] _realizedKw;
    private int _iteration;
    private int _committedSteps = -1;
    private int _pricingGroups;
    private int _intradayStep = -1;
    private int _intradayCommitted;
    private readonly List<int> _pluggedIn = [];

    /// <summary>Binds to event <paramref name="eventId"/>, which the operator behind <paramref name="client"/> has joined.</summary>
    /// <param name="name">The operator's name (from its join reply).</param>
    /// <param name="client">The connection to the operator node.</param>
    /// <param name="eventId">The ledger's id of the event.</param>
    /// <param name="horizonSteps">The event's steps (the length every profile and offer is checked against).</param>
    /// <param name="callTimeout">How long one call may take.</param>
    public RemoteFleetOperator(string name, DispatchParticipantClient client, ulong eventId, int horizonSteps, TimeSpan callTimeout)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(horizonSteps);
        Name = name;
        _client = client ?? throw new ArgumentNullException(nameof(client));
        EventId = eventId;
        HorizonSteps = horizonSteps;
        _callTimeout = callTimeout;
        _realizedKw = new double[horizonSteps];
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>The event.</summary>
    public ulong EventId { get; }

    /// <summary>The event's steps.</summary>
    public int HorizonSteps { get; }

    /// <summary>Propose calls made (ADMM iterations seen by this operator).</summary>
    public int Iterations => _iteration;

    /// <summary>Vehicles the operator said were plugged in at each intraday step begun so far.</summary>
    public IReadOnlyList<int> PluggedIn => _pluggedIn;

    /// <summary>Steps a pricing is over: the event's, or intraday the steps left from the step begun.</summary>
    private int PricingSteps => _intradayStep >= 0 ? HorizonSteps - _intradayStep : HorizonSteps;

    /// <summary>The operator's report of its completed clearing (<see cref="ReportAsync"/>), or null before it.</summary>
    public FleetRealization? Report { get; private set; }

    /// <inheritdoc />
    public async ValueTask ProposeAsync(ReadOnlyMemory<double> signalKw, double rho, Memory<double> aggregateKw, CancellationToken cancellationToken)
    {
        var iteration = Interlocked.Increment(ref _iteration);
        await _client.ProposeAsync(EventId, iteration, signalKw, rho, aggregateKw, _callTimeout, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask BeginClearingAsync(CancellationToken cancellationToken)
    {
        _committedSteps = -1;
        Report = null;
        await _client.BeginClearingAsync(EventId, _callTimeout, cancellationToken).ConfigureAwait(false);
        Array.Clear(_realizedKw);
        _committedSteps = 0;
    }

    /// <inheritdoc />
    public async ValueTask<StepOffer> OfferAsync(int step, CancellationToken cancellationToken) =>
        await _client.OfferAsync(EventId, step, HorizonSteps, _callTimeout, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async ValueTask<double> CommitStepAsync(int step, double powerKw, double extraChargeKw, CancellationToken cancellationToken)
    {
        if (step != _committedSteps)
        {
            throw new InvalidOperationException($"{Name}: step {step} committed out of order; the clearing is at step {_committedSteps}.");
        }

        var realized = await _client.CommitStepAsync(EventId, step, powerKw, extraChargeKw, _callTimeout, cancellationToken).ConfigureAwait(false);
        _realizedKw[step] = realized;
        _committedSteps++;
        return realized;
    }

    /// <inheritdoc />
    public async ValueTask<double?> CheckpointAsync(bool restore, Memory<double> aggregateKw, CancellationToken cancellationToken)
    {
        if (_committedSteps != HorizonSteps)
        {
            throw new InvalidOperationException($"{Name}: the clearing is not complete ({Math.Max(0, _committedSteps)} of {HorizonSteps} steps committed).");
        }

        var checkpoint = await _client.CheckpointAsync(EventId, restore, HorizonSteps, _callTimeout, cancellationToken).ConfigureAwait(false);
        return Adopt(checkpoint, aggregateKw);
    }

    /// <inheritdoc />
    public async ValueTask<double?> RefineAsync(ReadOnlyMemory<double> needKw, DeviationPricing deviation, Memory<double> aggregateKw, CancellationToken cancellationToken)
    {
        if (_committedSteps != HorizonSteps)
        {
            throw new InvalidOperationException($"{Name}: the clearing is not complete ({Math.Max(0, _committedSteps)} of {HorizonSteps} steps committed).");
        }

        var refinement = await _client.RefineAsync(EventId, needKw, deviation.SegmentKw, deviation.Slopes, deviation.Growth, deviation.PricesKw, _callTimeout, cancellationToken).ConfigureAwait(false);
        return Adopt(refinement, aggregateKw);
    }

    /// <summary>
    /// Takes the aggregate an operator sent back from a checkpoint or re-plan, which its report must add up to from now on
    /// (when it declined, its setpoints are the cleared ones, summed from the stored setpoints).
    /// </summary>
    /// <inheritdoc />
    public async ValueTask<PricingBasis?> BeginPricingAsync(int arrivalGroups, CancellationToken cancellationToken)
    {
        if (_intradayStep < 0)
        {
            RequireCleared();
        }

        var basis = await _client.BeginPricingAsync(EventId, arrivalGroups, PricingSteps, _callTimeout, cancellationToken).ConfigureAwait(false);
        _pricingGroups = basis?.Groups ?? 0;
        return basis;
    }

    /// <inheritdoc />
    public async ValueTask<double> PriceAsync(ReadOnlyMemory<double> priceKw, Memory<double> groupAggregateKw, Memory<double> groupOwnCost, CancellationToken cancellationToken)
    {
        if (_pricingGroups == 0)
        {
            throw new InvalidOperationException($"{Name}: no pricing was begun, or the operator declined it.");
        }

        var answer = await _client.PriceAsync(EventId, priceKw, _pricingGroups, _callTimeout, cancellationToken).ConfigureAwait(false);
        answer.GroupAggregateKw.CopyTo(groupAggregateKw);
        answer.GroupOwnCost.CopyTo(groupOwnCost);
        return answer.PricedCost;
    }

    /// <inheritdoc />
    public async ValueTask<double> RealizePricesAsync(IReadOnlyList<PriceWeight> mix, Memory<double> aggregateKw, CancellationToken cancellationToken)
    {
        if (_pricingGroups == 0)
        {
            throw new InvalidOperationException($"{Name}: no pricing was begun, or the operator declined it.");
        }

        var realized = await _client.RealizePricesAsync(EventId, mix, PricingSteps, _callTimeout, cancellationToken).ConfigureAwait(false);
        if (realized.Declined)
        {
            throw new InvalidDataException($"{Name} took part in the pricing and then declined to realize it.");
        }

        if (_intradayStep < 0)
        {
            realized.AggregateKw.CopyTo(_realizedKw, 0);
        }

        realized.AggregateKw.CopyTo(aggregateKw);
        return realized.OwnCost;
    }

    /// <inheritdoc />
    public async ValueTask BeginStepAsync(int step, CancellationToken cancellationToken)
    {
        if (step != _intradayCommitted || _committedSteps > 0 || step >= HorizonSteps)
        {
            throw new InvalidOperationException($"{Name}: intraday step {step} is out of order; {_intradayCommitted} of {HorizonSteps} steps are committed{(_committedSteps > 0 ? " and a clearing was run" : string.Empty)}.");
        }

        _pluggedIn.Add(await _client.BeginStepAsync(EventId, step, _callTimeout, cancellationToken).ConfigureAwait(false));
        _intradayStep = step;
        _pricingGroups = 0;
    }

    /// <inheritdoc />
    public async ValueTask<double> CommitPlannedStepAsync(int step, CancellationToken cancellationToken)
    {
        if (step != _intradayStep)
        {
            throw new InvalidOperationException($"{Name}: intraday step {step} commits, but step {_intradayStep} was begun.");
        }

        var committed = await _client.CommitPlannedStepAsync(EventId, step, _callTimeout, cancellationToken).ConfigureAwait(false);
        _realizedKw[step] = committed;
        _intradayStep = -1;
        _pricingGroups = 0;
        _intradayCommitted++;
        if (_intradayCommitted == HorizonSteps)
        {
            // The day is committed: its setpoints are the allocation, as a completed clearing's are.
            _committedSteps = HorizonSteps;
        }

        return committed;
    }

    private void RequireCleared()
    {
        if (_committedSteps != HorizonSteps)
        {
            throw new InvalidOperationException($"{Name}: the clearing is not complete ({Math.Max(0, _committedSteps)} of {HorizonSteps} steps committed).");
        }
    }

    private double? Adopt(Consortium.Network.Dispatch.FleetRefinement reply, Memory<double> aggregateKw)
    {
        for (var t = 0; t < HorizonSteps; t++)
        {
            if (Math.Abs(reply.AggregateKw[t] - _realizedKw[t]) > ReportToleranceKw + (1e-6 * Math.Abs(_realizedKw[t])) && reply.Declined)
            {
                throw new InvalidDataException($"{Name} declined the re-plan but sent an aggregate of {reply.AggregateKw[t]} kW at step {t}, not the {_realizedKw[t]} kW it cleared.");
            }
        }

        reply.AggregateKw.CopyTo(_realizedKw, 0);
        reply.AggregateKw.CopyTo(aggregateKw);
        return reply.Declined ? null : reply.OwnCost;
    }

    /// <summary>
    /// After the clearing's last step: asks the operator what its allocation adds up to and for its own replay of it,
    /// checks the aggregate against what its commits realized step by step, and keeps the report in <see cref="Report"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The clearing is not complete.</exception>
    /// <exception cref="InvalidDataException">The allocation does not add up to what the clearing realized.</exception>
    public async Task<FleetRealization> ReportAsync(CancellationToken cancellationToken)
    {
        if (_committedSteps != HorizonSteps)
        {
            throw new InvalidOperationException($"{Name}: the clearing is not complete ({Math.Max(0, _committedSteps)} of {HorizonSteps} steps committed).");
        }

        var report = await _client.ReportAsync(EventId, HorizonSteps, _callTimeout, cancellationToken).ConfigureAwait(false);
        for (var t = 0; t < HorizonSteps; t++)
        {
            var gap = Math.Abs(report.RealizedKw[t] - _realizedKw[t]);
            if (gap > ReportToleranceKw + (1e-6 * Math.Abs(_realizedKw[t])))
            {
                throw new InvalidDataException(
                    $"{Name} reports an allocation of {report.RealizedKw[t]} kW at step {t}, but its clearing realized {_realizedKw[t]} kW there.");
            }
        }

        Report = report;
        return report;
    }
}
