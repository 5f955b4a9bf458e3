using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using Consortium.Contracts;
using Consortium.Contracts.Ledger;
using Consortium.Dispatch;
using Consortium.Dispatch.Baselines;
using Consortium.Dispatch.Coordination;
using Consortium.Dispatch.Exact;
using Consortium.Dispatch.DayAhead;
using Consortium.Dispatch.Fleets;
using Consortium.Dispatch.Online;
using Consortium.Dispatch.Wear;
using Consortium.Fl.Forecasting;
using Consortium.Fl.Models;
using Consortium.Network.Dispatch;
using Consortium.Node.Federation.Member;
using Consortium.Node.Store;
using Microsoft.Extensions.Logging;

namespace Consortium.Node.DispatchEvents.Participant;

/// <summary>
/// An operator's node in a dispatch: serves its fleet through a <see cref="LocalFleetOperator"/> per event, commits a
/// salted hash of its vehicle-level allocation and reports its metered delivery on chain with its own key. Only
/// aggregate profiles, hashes and transaction hashes leave it. A node with no fleet to dispatch (see
/// <see cref="OperatorFleets.Build"/>) says so in its survey and declines each event it is asked to join on chain, with
/// the reason, instead of failing the event.
/// </summary>
/// <remarks>
/// Each joined event lives in memory until it is delivered. From the commit on, salt, allocation hash and setpoints are
/// kept in the node's store, so a node restarted after committing can still meter and report its delivery. A decline
/// needs no store: the ledger holds it, and a repeated join reads it back from there.
/// </remarks>
public sealed class OperatorDispatchParticipant : IDispatchParticipantHandler, IDisposable
{
    /// <summary>The only step length served: the dispatch model's 15 minutes.</summary>
    public const double StepMinutes = FleetRequest.StepHours * 60;

    /// <summary>Days of its own fleet an operator's intraday arrivals forecast averages.</summary>
    public const int IntradayForecastDays = 4;

    /// <summary>Days of its own history an operator node draws its day-ahead flexibility offer from.</summary>
    public const int OfferDays = 10;

    /// <summary>Events joined but not yet delivered that a node keeps at once.</summary>
    public const int MaxEventsInProgress = 8;

    private readonly string _name;
    private readonly NodeStore _store;
    private readonly IDispatchLedger _ledger;
    private readonly OperatorFleetOptions _options;
    private readonly DeliveryMeter _meter;
    private readonly Lazy<DispatchableFleet> _fleet;
    private readonly ILogger<OperatorDispatchParticipant> _logger;
    private readonly ConcurrentDictionary<ulong, EventState> _events = new();
    private readonly ConcurrentDictionary<ulong, RecordedDecline> _declines = new();
    private readonly ConcurrentDictionary<ulong, SemaphoreSlim> _gates = new();
    private readonly Lock _joining = new();

    /// <summary>Serves the fleet <see cref="OperatorFleets.Build"/> gives for <paramref name="options"/>, or declines without one.</summary>
    /// <param name="name">The operator's name.</param>
    /// <param name="address">The operator's chain address: the account <paramref name="ledger"/> signs with.</param>
    /// <param name="store">The node's store: its sessions, and the commitments it must be able to open.</param>
    /// <param name="ledger">The dispatch ledger, sending as <paramref name="address"/>.</param>
    /// <param name="options">The fleet served and its meters.</param>
    /// <param name="logger">Where the node logs what it does.</param>
    public OperatorDispatchParticipant(
        string name, ChainAddress address, NodeStore store, IDispatchLedger ledger, OperatorFleetOptions options, ILogger<OperatorDispatchParticipant> logger)
        : this(name, address, store, ledger, options, logger, () => OperatorFleets.Build(store, options))
    {
    }

    /// <summary>Serves the fleet <paramref name="fleet"/> builds (it must build the same fleet, or decline, every time).</summary>
    public OperatorDispatchParticipant(
        string name,
        ChainAddress address,
        NodeStore store,
        IDispatchLedger ledger,
        OperatorFleetOptions options,
        ILogger<OperatorDispatchParticipant> logger,
        Func<DispatchableFleet> fleet)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(fleet);
        if (address == ChainAddress.Zero)
        {
            throw new ArgumentException("The operator needs its own chain address, not the zero address.", nameof(address));
        }

        _name = name;
        Address = address;
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _ledger = ledger ?? throw new ArgumentNullException(nameof(ledger));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _meter = new DeliveryMeter(options.UnplugShare);
        _fleet = new Lazy<DispatchableFleet>(fleet, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The operator's chain address.</summary>
    public ChainAddress Address { get; }

    /// <summary>Why this node sits dispatch events out; null when it has a fleet to dispatch.</summary>
    public DispatchDecline? Decline => _fleet.Value.Decline;

    /// <inheritdoc />
    public Task<FleetOffer> SurveyAsync(int horizonSteps, double stepMinutes, CancellationToken cancellationToken)
    {
        RequireStep(stepMinutes);
        if (Decline is { } decline)
        {
            _logger.LogInformation("Dispatch survey: declining ({Decline})", decline);
            return Task.FromResult(FleetOffer.Declining(_name, Address, decline));
        }

        RequireHorizon(Fleet(), horizonSteps);
        var offer = DayAheadOffer(horizonSteps);
        _logger.LogInformation(
            "Dispatch survey: offering the day-ahead flexibility of {Days} days of its own fleet, median evening peak {Peak:F0} kW uncontrolled",
            offer.Days, offer.Median.UncontrolledKw.Max());
        return Task.FromResult(new FleetOffer(_name, Address, offer.Median.UncontrolledKw, offer.Median.MaxDischargeKw, Flexibility: offer));
    }

    /// <summary>
    /// The node's day-ahead offer: its fleet's flexibility by quantile (<see cref="FlexibilityForecast.DefaultQuantiles"/>)
    /// over <see cref="OfferDays"/> other days drawn from its own data as its fleet is (the seeds after its own), never
    /// the day it will dispatch.
    /// </summary>
    private FlexibilityForecast DayAheadOffer(int horizonSteps)
    {
        var days = OperatorFleets.History(_store, _options, OfferDays).Select(d => d.Fleet).OfType<Fleet>().ToArray();
        var (level, source) = CalendarLevel(days.Length);
        if (_options.Date is { } date)
        {
            _logger.LogInformation("Dispatch survey: its day {Date:yyyy-MM-dd}, offered from the {Days} same weekdays before at level {Level:F3} ({Source})", date, days.Length, level, source);
        }

        return FlexibilityForecast.Of([.. days.Select(d => level == 1 ? d : ArrivalForecast.MeanOf([d], level).WithSiteLimit(d.SiteLimitKw))], horizonSteps);
    }

    /// <summary>
    /// The level of the node's calendar day (<see cref="OperatorFleetOptions.Date"/>) against its <paramref name="weeks"/>
    /// same weekdays before, from the consortium's federated load forecast: the latest load-forecast model the node holds
    /// forecasts the day's energy at its sites from the week before, and those weekdays' the same way
    /// (<see cref="DayLevel"/>). 1, with the reason, without a calendar day, a model, or the week of load before the day.
    /// </summary>
    private (double Level, string Source) CalendarLevel(int weeks)
    {
        if (_options.Date is not { } date)
        {
            return (1, "no calendar day");
        }

        var model = _store.ListArtifacts(ArtifactKind.GlobalModel)
            .Reverse()
            .Select(a => _store.GetArtifact(a.Hash) is { } bytes ? ModelCheckpoint.FromBytes(bytes) : null)
            .FirstOrDefault(m => m?.Architecture is LoadForecastArchitecture);
        if (model is null)
        {
            return (1, "no federated load-forecast model in its store: the history alone");
        }

        try
        {
            var load = OperatorSeries.Load(_store, _name);
            var scale = OperatorSeries.Split(load, ForecastWindows.HorizonHours).History.ScaleKw;
            var (forecastKwh, modelKwh, historyKwh) = DayLevel.Energies(model, load.Kw, load.FirstHour, scale, date, weeks);
            return (DayLevel.Of(forecastKwh, modelKwh > 0 ? modelKwh : historyKwh), string.Create(
                CultureInfo.InvariantCulture,
                $"the federated load forecast: {forecastKwh:F0} kWh at its sites against its {modelKwh:F0} kWh for the {weeks} same weekdays before, which took {historyKwh:F0} kWh"));
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return (1, $"no forecast of the day ({e.Message}): the history alone");
        }
    }

    /// <inheritdoc />
    public async Task<DispatchParticipation> JoinAsync(DispatchTerms terms, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(terms);
        RequireStep(terms.StepMinutes);
        var costs = terms.Costs;
        costs.Validate();
        if (Decline is { } decline)
        {
            return await DeclineAsync(terms, decline, cancellationToken).ConfigureAwait(false);
        }

        var fleet = Fleet();
        RequireHorizon(fleet, terms.HorizonSteps);
        var requestHash = terms.RequestHash;
        var participation = new DispatchParticipation(_name, Address);

        if (_events.TryGetValue(terms.EventId, out var joined))
        {
            return joined.RequestHash == requestHash && joined.Operator.HorizonSteps == terms.HorizonSteps && joined.Costs == costs
                ? participation
                : throw new InvalidOperationException($"Event {terms.EventId} was already joined with other terms (request {joined.RequestHash}, {joined.Operator.HorizonSteps} steps, {joined.Costs}).");
        }

        if (_store.GetDispatchEvent(checked((long)terms.EventId)) is { } record)
        {
            throw new InvalidOperationException($"Event {terms.EventId} was already committed by this node (allocation {record.AllocationHash}); it can only be delivered now.");
        }

        await RequireOpenOnChainAsync(terms).ConfigureAwait(false);
        var request = await RequestVerification.VerifyAsync(terms, _ledger).ConfigureAwait(false);
        _logger.LogInformation(
            "Dispatch event {Event}: request {Request} checked: signed by grid party {GridParty}, the same terms as on chain ({Reward} wei/kWh, penalty {Penalty} wei/kWh beyond {Bps} bps or {Wh} Wh)",
            terms.EventId, request.RequestHash, request.Signer, request.Request.Settlement.RewardWeiPerKwh, request.Request.Settlement.PenaltyWeiPerKwh, request.Request.ToleranceBps, request.Request.ToleranceWh);
        lock (_joining)
        {
            if (_events.TryGetValue(terms.EventId, out joined))
            {
                return joined.RequestHash == requestHash && joined.Costs == costs && joined.Operator.HorizonSteps == terms.HorizonSteps
                    ? participation
                    : throw new InvalidOperationException($"Event {terms.EventId} was already joined with other terms.");
            }

            if (_events.Count >= MaxEventsInProgress)
            {
                throw new InvalidOperationException($"{_name} already takes part in {_events.Count} events that are not delivered; it joins no more.");
            }

            _events[terms.EventId] = new EventState(terms, costs, new LocalFleetOperator(_name, fleet, terms.HorizonSteps, costs, _options.ExactVehicleLimit));
        }

        _logger.LogInformation(
            "Dispatch event {Event}: joined request {Request} over {Steps} steps with {Vehicles} vehicles", terms.EventId, requestHash, terms.HorizonSteps, fleet.Count);
        return participation;
    }

    /// <summary>
    /// Sits event <paramref name="terms"/> out: checks the event on chain as a join would, then declines it there with this
    /// node's key. A repeated call (or one after a restart) returns the decline already recorded rather than declining twice.
    /// </summary>
    private Task<DispatchParticipation> DeclineAsync(DispatchTerms terms, DispatchDecline decline, CancellationToken cancellationToken)
    {
        var eventId = terms.EventId;
        return GatedAsync(eventId, async () =>
        {
            if (_declines.TryGetValue(eventId, out var known))
            {
                return new DispatchParticipation(_name, Address, known);
            }

            await RequireOpenOnChainAsync(terms).ConfigureAwait(false);
            var onChain = await _ledger.GetOperatorDispatchAsync(eventId, Address).ConfigureAwait(false);
            RecordedDecline recorded;
            if (onChain.Declined)
            {
                // Declined before this process knew of it: the ledger has the reason, the log the detail and the transaction.
                var logged = (await _ledger.GetDispatchDeclinedEventsAsync(eventId, Address).ConfigureAwait(false)).LastOrDefault()
                    ?? throw new InvalidOperationException($"Event {eventId}: the ledger records a decline by {Address} but holds no DispatchDeclined log of it.");
                recorded = new RecordedDecline(new DispatchDecline(logged.Reason, logged.Detail), logged.TxHash, 0);
            }
            else
            {
                LedgerTransaction transaction;
                try
                {
                    transaction = await _ledger.DeclineDispatchAsync(eventId, decline.Reason, decline.Detail, cancellationToken).ConfigureAwait(false);
                }
                catch (LedgerRevertedException e)
                {
                    throw new InvalidOperationException($"Event {eventId}: the ledger refused the decline ({e.ErrorName}).", e);
                }

                recorded = new RecordedDecline(decline, transaction.TxHash, checked((long)transaction.GasUsed));
            }

            _declines[eventId] = recorded;
            _logger.LogInformation("Dispatch event {Event}: declined ({Decline}) in {Tx}", eventId, recorded.Decline, recorded.TxHash);
            return new DispatchParticipation(_name, Address, recorded);
        }, cancellationToken);
    }

    /// <summary>The event must be open on chain for the request the terms name.</summary>
    private async Task RequireOpenOnChainAsync(DispatchTerms terms)
    {
        DispatchState state;
        try
        {
            state = await _ledger.GetDispatchAsync(terms.EventId).ConfigureAwait(false);
        }
        catch (LedgerRevertedException e)
        {
            throw new InvalidOperationException($"Event {terms.EventId} is not on the ledger ({e.ErrorName}).", e);
        }

        if (state.Status != DispatchStatus.Open)
        {
            throw new InvalidOperationException($"Event {terms.EventId} is {state.Status} on chain, not open.");
        }

        if (state.RequestHash != terms.RequestHash)
        {
            throw new InvalidOperationException($"Event {terms.EventId} was opened on chain for request {state.RequestHash}, not {terms.RequestHash}.");
        }

        if (state.WearRound != 0)
        {
            await RequirePublishedWearAsync(terms, state.WearRound).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// An event opened under published wear prices is planned at those prices, not at whatever the coordinator sends:
    /// every chemistry's price in the terms is the one the chain published for the event's wear round.
    /// </summary>
    private async Task RequirePublishedWearAsync(DispatchTerms terms, ulong wearRound)
    {
        var publication = (await _ledger.GetWearPricesPublishedEventsAsync(wearRound).ConfigureAwait(false)).SingleOrDefault()
            ?? throw new InvalidOperationException($"Event {terms.EventId} was opened under the wear prices of round {wearRound}, which the chain holds no publication of.");
        if (terms.WearPrices is not { } book)
        {
            throw new InvalidOperationException($"Event {terms.EventId} was opened under the wear prices of round {wearRound}; the terms carry none.");
        }

        foreach (var price in publication.Prices)
        {
            var published = (double)((decimal)price.WeiPerKwh / 1_000_000_000_000_000_000m);
            var sent = book.PriceOf(WearPriceBook.ParseChemistry(price.Chemistry));
            if (Math.Abs(sent - published) > 1e-9 * Math.Max(1, published))
            {
                throw new InvalidOperationException(string.Create(
                    System.Globalization.CultureInfo.InvariantCulture,
                    $"Event {terms.EventId}: the terms price {price.Chemistry} wear at {sent:G9} per kWh; round {wearRound}'s prices on chain say {published:G9}."));
            }
        }
    }

    /// <inheritdoc />
    public Task<double[]> ProposeAsync(ulong eventId, int iteration, double[] signalKw, double rho, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(signalKw);
        return UnderGateAsync(eventId, async state =>
        {
            RequireOpen(eventId, state);
            RequireSteps(signalKw, state, "signal");
            var aggregate = new double[signalKw.Length];
            await state.Operator.ProposeAsync(signalKw, rho, aggregate, cancellationToken).ConfigureAwait(false);
            if (iteration == 1)
            {
                _logger.LogInformation("Dispatch event {Event}: proposing aggregates (ρ = {Rho:G4})", eventId, rho);
            }

            return aggregate;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task BeginClearingAsync(ulong eventId, CancellationToken cancellationToken)
    {
        return UnderGateAsync(eventId, async state =>
        {
            RequireOpen(eventId, state);
            if (state.Intraday is not null)
            {
                throw new InvalidOperationException($"Event {eventId} is dispatched intraday on this node (at step {state.IntradayNext}); it is not cleared in advance.");
            }

            if (state.Offered)
            {
                // A clearing abandoned between an offer and its commit: start over on a fresh copy of the fleet's subproblem,
                // whose step bookkeeping is clean.
                var abandoned = state.Operator;
                state.Operator = new LocalFleetOperator(_name, abandoned.Fleet, abandoned.HorizonSteps, state.Costs, _options.ExactVehicleLimit);
                abandoned.Dispose();
            }

            await state.Operator.BeginClearingAsync(cancellationToken).ConfigureAwait(false);
            state.Clearing = true;
            state.Cleared = false;
            state.NextStep = 0;
            state.Offered = false;
            state.Clearings++;
            _logger.LogInformation("Dispatch event {Event}: clearing {Clearing} begun over {Steps} steps", eventId, state.Clearings, state.Operator.HorizonSteps);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<StepOffer> OfferAsync(ulong eventId, int step, CancellationToken cancellationToken)
    {
        return UnderGateAsync(eventId, async state =>
        {
            RequireOpen(eventId, state);
            RequireStep(eventId, step, state);
            if (state.Offered)
            {
                throw new InvalidOperationException($"Event {eventId}: step {state.NextStep} was offered already and awaits its commit; no step can be offered before it.");
            }

            var offer = await state.Operator.OfferAsync(step, cancellationToken).ConfigureAwait(false);
            state.Offered = true;

            // The offer's arrays are the subproblem's buffers: copied before the next step overwrites them.
            return new StepOffer(
                offer.LowKw,
                offer.BaseKw,
                offer.HighKw,
                offer.NeedKw,
                (double[])offer.NeedByUrgencyKw.Clone(),
                (double[])offer.ExportBySlackKw.Clone());
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<double> CommitStepAsync(ulong eventId, int step, double powerKw, double extraChargeKw, CancellationToken cancellationToken)
    {
        if (!double.IsFinite(powerKw) || !(extraChargeKw >= 0 && double.IsFinite(extraChargeKw)))
        {
            throw new ArgumentException($"Step {step} needs a finite power and a finite allowance of zero or more, not {powerKw} kW and {extraChargeKw} kW.");
        }

        return UnderGateAsync(eventId, async state =>
        {
            RequireOpen(eventId, state);
            RequireStep(eventId, step, state);
            if (!state.Offered)
            {
                throw new InvalidOperationException($"Event {eventId}: step {step} was not offered yet; each step is offered before it is committed.");
            }

            var realized = await state.Operator.CommitStepAsync(step, powerKw, extraChargeKw, cancellationToken).ConfigureAwait(false);
            state.Offered = false;
            state.NextStep++;
            if (state.NextStep == state.Operator.HorizonSteps)
            {
                state.Clearing = false;
                state.Cleared = true;
                _logger.LogInformation("Dispatch event {Event}: clearing {Clearing} complete", eventId, state.Clearings);
            }

            return realized;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<FleetRefinement> CheckpointAsync(ulong eventId, bool restore, CancellationToken cancellationToken) =>
        UnderGateAsync(eventId, async state =>
        {
            RequireOpen(eventId, state);
            RequireCleared(eventId, state);
            var aggregate = new double[state.Operator.HorizonSteps];
            var cost = await state.Operator.CheckpointAsync(restore, aggregate, cancellationToken).ConfigureAwait(false);
            return new FleetRefinement(cost is null, aggregate, cost ?? 0);
        }, cancellationToken);

    /// <inheritdoc />
    public Task<FleetRefinement> RefineAsync(
        ulong eventId, double[] needKw, double segmentKw, double[] slopes, double growth, double[]? pricesKw, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(needKw);
        var deviation = new DeviationPricing(segmentKw, slopes, pricesKw, growth);
        return UnderGateAsync(eventId, async state =>
        {
            RequireOpen(eventId, state);
            RequireCleared(eventId, state);
            RequireSteps(needKw, state, "need");
            var aggregate = new double[needKw.Length];
            var cost = await state.Operator.RefineAsync(needKw, deviation, aggregate, cancellationToken).ConfigureAwait(false);
            return new FleetRefinement(cost is null, aggregate, cost ?? 0);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<PricingBasis?> BeginPricingAsync(ulong eventId, int arrivalGroups, CancellationToken cancellationToken) =>
        UnderGateAsync(eventId, async state =>
        {
            RequireOpen(eventId, state);
            if (state.IntradayStep >= 0)
            {
                return await state.Intraday!.BeginPricingAsync(arrivalGroups, cancellationToken).ConfigureAwait(false);
            }

            RequireCleared(eventId, state);
            return await state.Operator.BeginPricingAsync(arrivalGroups, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    /// <inheritdoc />
    public Task<PriceAnswer> PriceAsync(ulong eventId, double[] priceKw, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(priceKw);
        return UnderGateAsync(eventId, async state =>
        {
            RequireOpen(eventId, state);
            if (state.IntradayStep >= 0)
            {
                var stepsLeft = state.Operator.HorizonSteps - state.IntradayStep;
                if (priceKw.Length != stepsLeft)
                {
                    throw new ArgumentException($"The price has {priceKw.Length} values; intraday step {state.IntradayStep} plans the {stepsLeft} steps left.");
                }

                var dayGroups = state.Intraday!.PricingGroups;
                var dayAggregate = new double[dayGroups * priceKw.Length];
                var dayOwn = new double[dayGroups];
                var dayPriced = await state.Intraday.PriceAsync(priceKw, dayAggregate, dayOwn, cancellationToken).ConfigureAwait(false);
                return new PriceAnswer(dayAggregate, dayOwn, dayPriced);
            }

            RequireCleared(eventId, state);
            RequireSteps(priceKw, state, "price");
            var groups = state.Operator.PricingGroups;
            var aggregate = new double[groups * priceKw.Length];
            var own = new double[groups];
            var priced = await state.Operator.PriceAsync(priceKw, aggregate, own, cancellationToken).ConfigureAwait(false);
            return new PriceAnswer(aggregate, own, priced);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<FleetRefinement> RealizePricesAsync(ulong eventId, IReadOnlyList<PriceWeight> mix, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mix);
        return UnderGateAsync(eventId, async state =>
        {
            RequireOpen(eventId, state);
            if (state.IntradayStep >= 0)
            {
                var planned = new double[state.Operator.HorizonSteps - state.IntradayStep];
                var planCost = await state.Intraday!.RealizePricesAsync(mix, planned, cancellationToken).ConfigureAwait(false);

                // Kept before it is answered: once any operator commits this step, this node commits it as it was, after a
                // restart too.
                state.KeptStep = state.Intraday.PlannedStep();
                KeepDay(eventId, state, pending: state.IntradayStep, pendingSetpoints: state.KeptStep);
                return new FleetRefinement(false, planned, planCost);
            }

            RequireCleared(eventId, state);
            var aggregate = new double[state.Operator.HorizonSteps];
            var own = await state.Operator.RealizePricesAsync(mix, aggregate, cancellationToken).ConfigureAwait(false);
            return new FleetRefinement(false, aggregate, own);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<int> BeginStepAsync(ulong eventId, int step, CancellationToken cancellationToken) =>
        UnderGateAsync(eventId, async state =>
        {
            RequireOpen(eventId, state);
            var steps = state.Operator.HorizonSteps;
            if (step < 0 || step >= steps)
            {
                throw new ArgumentException($"Step {step} is outside the event's {steps} steps.");
            }

            if (state.Clearings > 0)
            {
                throw new InvalidOperationException($"Event {eventId} was cleared in advance on this node; it is not dispatched intraday.");
            }

            if (step != state.IntradayNext)
            {
                throw new InvalidOperationException($"Event {eventId}: intraday step {step} is out of order; the day is at step {state.IntradayNext}.");
            }

            if (state.Intraday is null)
            {
                StartDay(eventId, state, RandomNumberGenerator.GetBytes(AllocationDigest.SaltLength));
                KeepDay(eventId, state);
            }

            state.KeptStep = null;
            await state.Intraday!.BeginStepAsync(step, cancellationToken).ConfigureAwait(false);
            state.IntradayStep = step;
            return state.Intraday.Fleet.PluggedIn;
        }, cancellationToken);

    /// <inheritdoc />
    public Task<double> CommitPlannedStepAsync(ulong eventId, int step, CancellationToken cancellationToken) =>
        UnderGateAsync(eventId, async state =>
        {
            RequireOpen(eventId, state);
            if (state.IntradayStep != step || state.Intraday is null)
            {
                throw new InvalidOperationException(state.IntradayStep < 0
                    ? $"Event {eventId}: intraday step {step} was not begun."
                    : $"Event {eventId}: intraday step {state.IntradayStep} was begun, not step {step}.");
            }

            double committed;
            Hash32 stepHash;
            if (state.UnloggedStep is { } unlogged && unlogged.Step == step)
            {
                // Committed here on an earlier call whose log never reached the chain: only the log is sent again,
                // unless it landed after all.
                (committed, stepHash) = (unlogged.Kw, unlogged.Hash);
                var onChain = StepCommitments.Of(await _ledger.GetStepCommittedEventsAsync(eventId, Address).ConfigureAwait(false));
                if (onChain != state.Steps.Then(stepHash))
                {
                    await LogStepAsync(eventId, step, stepHash, cancellationToken).ConfigureAwait(false);
                }

                _logger.LogWarning("Dispatch event {Event}: step {Step} committed here before its log failed; logged now", eventId, step);
            }
            else
            {
                committed = state.KeptStep is { } kept
                    ? state.Intraday.CommitStep(step, kept)
                    : await state.Intraday.CommitPlannedStepAsync(step, cancellationToken).ConfigureAwait(false);
                state.KeptStep = null;

                // Kept before its hash goes on chain: a node restarted now takes the day up from this step.
                _store.PutFile(IntradayDayDocument.StepFileId(checked((long)eventId), step), AllocationDigest.StepBytes(state.Intraday.Fleet.Schedule.Step(step)));
                KeepDay(eventId, state, stepsKept: step + 1);

                // The step's setpoints go on chain as they are set, chained to the steps before (salted as the allocation is).
                stepHash = AllocationDigest.StepHash(state.Salt!, eventId, state.RequestHash, step, state.Intraday.Fleet.Schedule.Step(step));
                state.UnloggedStep = (step, committed, stepHash);
                await LogStepAsync(eventId, step, stepHash, cancellationToken).ConfigureAwait(false);
            }

            state.UnloggedStep = null;
            state.Steps = state.Steps.Then(stepHash);
            state.IntradayStep = -1;
            state.IntradayNext++;
            if (state.IntradayNext == state.Operator.HorizonSteps)
            {
                CompleteDay(eventId, state);
            }

            return committed;
        }, cancellationToken);

    /// <summary>
    /// Logs a committed step's hash on chain. A refusal ends the day; a failed connection leaves the step committed here
    /// and unlogged, answered as unavailable, so that the coordinator's next call for the step logs it.
    /// </summary>
    private async Task LogStepAsync(ulong eventId, int step, Hash32 stepHash, CancellationToken cancellationToken)
    {
        try
        {
            await _ledger.CommitStepAsync(eventId, step, stepHash, cancellationToken).ConfigureAwait(false);
        }
        catch (LedgerRevertedException e)
        {
            throw new InvalidOperationException($"Event {eventId}: the ledger refused step {step}'s commitment ({e.ErrorName}).", e);
        }
        catch (LedgerException e)
        {
            throw new DispatchUnavailableException($"Event {eventId}: step {step} is committed here, its log did not reach the chain ({e.Message}); ask for the step again.", e);
        }
    }

    /// <summary>The day is committed step by step: its setpoints are the allocation, as a completed clearing's are.</summary>
    private void CompleteDay(ulong eventId, EventState state)
    {
        var day = state.Intraday!.Fleet.Schedule;
        for (var t = 0; t < state.IntradayNext; t++)
        {
            day.Step(t).CopyTo(state.Operator.Schedule.Step(t));
        }

        state.Cleared = true;
        _logger.LogInformation("Dispatch event {Event}: intraday day complete, {Steps} steps committed", eventId, state.IntradayNext);
    }

    /// <summary>Builds the event's day (the fleet as it will plug in, its forecast, the stated departures) with <paramref name="salt"/>.</summary>
    private void StartDay(ulong eventId, EventState state, byte[] salt)
    {
        var steps = state.Operator.HorizonSteps;
        var options = new OnlineOptions(Seed: DeliveryMeter.EventSeed(_options.Seed, eventId));
        var (forecast, what) = IntradayForecast();
        var day = new OnlineFleet(state.Operator.Fleet, forecast, steps, options, new Random(options.Seed));
        state.Intraday = new LocalOnlineOperator(_name, day, steps, options.ReplanCosts(state.Costs));
        state.Salt = salt;
        _logger.LogInformation(
            "Dispatch event {Event}: intraday over {Steps} steps, vehicles known as they plug in (stated departures off by {Noise} steps), later arrivals forecast from {Forecast}",
            eventId, steps, options.DepartureNoiseSteps, what);
    }

    /// <summary>
    /// Keeps the day's record in the store: the terms it joined under and its salt, how many steps are kept (unchanged
    /// when null), and the step realized and not yet committed (its setpoints, or none).
    /// </summary>
    private void KeepDay(ulong eventId, EventState state, int? stepsKept = null, int pending = -1, float[]? pendingSetpoints = null)
    {
        var id = checked((long)eventId);
        var terms = state.Terms;
        var day = _store.GetIntradayDay(id) ?? new IntradayDayDocument
        {
            Id = id,
            RequestHash = terms.RequestHash,
            HorizonSteps = terms.HorizonSteps,
            StepMinutes = terms.StepMinutes,
            WearCostPerKwh = terms.WearCostPerKwh,
            DeviationPenaltyPerKwh = terms.DeviationPenaltyPerKwh,
            ShortfallPenaltyPerKwh = terms.ShortfallPenaltyPerKwh,
            RequestDocument = terms.RequestDocument,
            WearPrices = terms.WearPrices?.Prices.ToDictionary(p => WearPriceBook.ChemistryName(p.Key), p => p.Value) ?? [],
            Salt = state.Salt!,
        };
        if (pendingSetpoints is not null)
        {
            _store.PutFile(IntradayDayDocument.PendingFileId(id), AllocationDigest.StepBytes(pendingSetpoints));
        }

        day.StepsKept = stepsKept ?? day.StepsKept;
        day.PendingStep = pending;
        _store.SaveIntradayDay(day);
    }

    /// <summary>
    /// Takes up a day this node began before it restarted: joins the event again under the terms it kept (checked against
    /// the chain as the first time), rebuilds the day, plays the steps it kept in order, checks them against its step
    /// commitments on chain (sending the last one again if the node stopped between keeping it and logging it), and
    /// holds a step it had realized and not committed so that it commits as it was.
    /// </summary>
    private async Task<EventState> ResumeDayAsync(ulong eventId, CancellationToken cancellationToken)
    {
        if (_events.TryGetValue(eventId, out var resumed))
        {
            return resumed;
        }

        var id = checked((long)eventId);
        var day = _store.GetIntradayDay(id) ?? throw new InvalidOperationException($"Event {eventId}: no day in progress is kept.");
        var wear = day.WearPrices.Count == 0 ? null : WearPriceBook.FromPrices(day.WearPrices.Select(p => KeyValuePair.Create(WearPriceBook.ParseChemistry(p.Key), p.Value)));
        var terms = new DispatchTerms(
            eventId, day.RequestHash, day.HorizonSteps, day.StepMinutes, day.WearCostPerKwh, day.DeviationPenaltyPerKwh, day.ShortfallPenaltyPerKwh, day.RequestDocument, wear);
        await JoinAsync(terms, cancellationToken).ConfigureAwait(false);
        var state = Joined(eventId);
        StartDay(eventId, state, day.Salt);
        var vehicles = state.Operator.Fleet.Count;
        for (var k = 0; k < day.StepsKept; k++)
        {
            var setpoints = AllocationDigest.StepSetpoints(
                _store.GetFile(IntradayDayDocument.StepFileId(id, k)) ?? throw new InvalidDataException($"Event {eventId}: the store lost intraday step {k}'s setpoints."),
                vehicles);
            state.Intraday!.CommitStep(k, setpoints);
            state.Steps = state.Steps.Then(AllocationDigest.StepHash(day.Salt, eventId, day.RequestHash, k, setpoints));
        }

        var onChain = StepCommitments.Of(await _ledger.GetStepCommittedEventsAsync(eventId, Address).ConfigureAwait(false));
        if (onChain.Steps == day.StepsKept - 1 && day.StepsKept > 0)
        {
            // Stopped between keeping the last step and logging it: logged now, with the hash it was kept with.
            var last = day.StepsKept - 1;
            var setpoints = state.Intraday!.Fleet.Schedule.Step(last);
            await _ledger.CommitStepAsync(eventId, last, AllocationDigest.StepHash(day.Salt, eventId, day.RequestHash, last, setpoints), cancellationToken).ConfigureAwait(false);
            onChain = StepCommitments.Of(await _ledger.GetStepCommittedEventsAsync(eventId, Address).ConfigureAwait(false));
        }

        if (onChain != state.Steps)
        {
            throw new InvalidOperationException(
                $"Event {eventId}: the store keeps {day.StepsKept} steps chained to {state.Steps.Chain}; the ledger holds {onChain.Steps} chained to {onChain.Chain}. The day cannot be taken up.");
        }

        state.IntradayNext = day.StepsKept;
        if (day.PendingStep == day.StepsKept && _store.GetFile(IntradayDayDocument.PendingFileId(id)) is { } pending)
        {
            state.KeptStep = AllocationDigest.StepSetpoints(pending, vehicles);
            state.IntradayStep = day.PendingStep;
        }

        if (state.IntradayNext == state.Operator.HorizonSteps)
        {
            CompleteDay(eventId, state);
        }

        _logger.LogWarning(
            "Dispatch event {Event}: took the intraday day up from the store after a restart at step {Step} of {Steps}{Pending}",
            eventId, state.IntradayNext, state.Operator.HorizonSteps, state.KeptStep is null ? string.Empty : " (that step realized, to be committed as it was)");
        return state;
    }

    /// <summary>
    /// The arrivals the node expects in a day, and what they are, in words: the mean of <see cref="IntradayForecastDays"/>
    /// days of its history (<see cref="OperatorFleets.History"/>: on a calendar day the same weekdays before, at the level
    /// of the federated load forecast, <see cref="CalendarLevel"/>), or null when it has none.
    /// </summary>
    private (Fleet? Forecast, string What) IntradayForecast()
    {
        var days = OperatorFleets.History(_store, _options, IntradayForecastDays).Select(d => d.Fleet).OfType<Fleet>().ToArray();
        if (days.Length == 0)
        {
            return (null, "nothing");
        }

        if (_options.Date is null)
        {
            return (ArrivalForecast.MeanOf(days), $"the mean of {days.Length} other days of its own fleet");
        }

        var (level, source) = CalendarLevel(days.Length);
        return (ArrivalForecast.MeanOf(days, level), string.Create(CultureInfo.InvariantCulture, $"the mean of the {days.Length} same weekdays before, at level {level:F3} ({source})"));
    }

    /// <summary>The fleet's calendar day as the store keeps it (yyyy-MM-dd), or null.</summary>
    private string? FleetDate() => _options.Date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string OnDay(string? date) => date is null ? string.Empty : $", day {date}";

    /// <summary>Runs <paramref name="body"/> on a joined event's state with the event's gate held, so its calls do not interleave.</summary>
    private async Task<T> UnderGateAsync<T>(ulong eventId, Func<EventState, Task<T>> body, CancellationToken cancellationToken)
    {
        if (KeptDay(eventId))
        {
            // A day this node began before it restarted: taken up from its store, under the event's gate.
            return await GatedAsync(eventId, async () => await body(await JoinedOrKeptAsync(eventId, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        }

        var state = Joined(eventId);
        return await GatedAsync(eventId, () => body(state), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Whether this node keeps a day of event <paramref name="eventId"/> it began before a restart, not yet taken up nor committed.</summary>
    private bool KeptDay(ulong eventId) =>
        !_events.ContainsKey(eventId) && _store.GetIntradayDay(checked((long)eventId)) is not null && _store.GetDispatchEvent(checked((long)eventId)) is null;

    /// <summary>The joined event, or the day kept from before a restart taken up (call with the event's gate held).</summary>
    private async Task<EventState> JoinedOrKeptAsync(ulong eventId, CancellationToken cancellationToken) =>
        KeptDay(eventId) ? await ResumeDayAsync(eventId, cancellationToken).ConfigureAwait(false) : Joined(eventId);

    /// <summary>As <see cref="UnderGateAsync{T}"/>, for a call without a result.</summary>
    private Task UnderGateAsync(ulong eventId, Func<EventState, Task> body, CancellationToken cancellationToken) =>
        UnderGateAsync(eventId, async state =>
        {
            await body(state).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    /// <summary>Runs <paramref name="body"/> with the event's gate held (the event need not be joined in this process).</summary>
    private async Task<T> GatedAsync<T>(ulong eventId, Func<Task<T>> body, CancellationToken cancellationToken)
    {
        var gate = Gate(eventId);
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await body().ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <inheritdoc />
    public async Task<FleetRealization> ReportAsync(ulong eventId, CancellationToken cancellationToken)
    {
        var state = KeptDay(eventId) ? null : Joined(eventId);
        var gate = Gate(eventId);
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            state ??= await JoinedOrKeptAsync(eventId, cancellationToken).ConfigureAwait(false);
            RequireCleared(eventId, state);

            // The operator's own vehicle-by-vehicle replay of its setpoints (the target only enters the tracking figures, not used here).
            var steps = state.Operator.HorizonSteps;
            var replay = DispatchResult.Measure(new FleetRequest(steps, new double[steps], [state.Operator.Fleet]), [state.Operator.Schedule], 1, true, 0);
            var realized = new double[steps];
            state.Operator.Schedule.Aggregate(realized);

            // What the allocation will cost its vehicles in wear, seen (and logged) before the operator commits to it.
            var wear = DispatchObjective.Evaluate(
                new FleetRequest(steps, new double[steps], [state.Operator.Fleet]), [state.Operator.Schedule], state.Costs);
            _logger.LogInformation(
                "Dispatch event {Event}: the allocation discharges {Discharged:F2} kWh from {Vehicles} vehicles, wear {Wear:F2} with each vehicle at its chemistry's price per kWh ({Prices}), before committing",
                eventId, wear.DischargedKwh, state.Operator.Fleet.Count, wear.WearCost, state.Costs.WearBook);
            return new FleetRealization(
                realized, replay.SocFloorViolations, replay.DepartureShortfallKwh, replay.DischargeFairness, wear.DischargedKwh, wear.WearCost);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <inheritdoc />
    public Task<AllocationCommitment> CommitAsync(ulong eventId, CancellationToken cancellationToken)
    {
        var id = checked((long)eventId);
        return GatedAsync(eventId, async () =>
        {
            var record = _store.GetDispatchEvent(id);
            if (record?.CommitTxHash is { } committedIn)
            {
                // A retried call: the commitment is on chain already.
                return new AllocationCommitment(record.AllocationHash, committedIn, record.CommitGasUsed);
            }

            if (record is null)
            {
                var state = await JoinedOrKeptAsync(eventId, cancellationToken).ConfigureAwait(false);
                RequireCleared(eventId, state);

                var salt = state.Salt ?? RandomNumberGenerator.GetBytes(AllocationDigest.SaltLength);
                if (state.Intraday is not null)
                {
                    // Every step is on chain, chained as this node committed them, before the allocation that closes them.
                    var onChain = StepCommitments.Of(await _ledger.GetStepCommittedEventsAsync(eventId, Address).ConfigureAwait(false));
                    if (onChain != state.Steps)
                    {
                        throw new InvalidOperationException($"Event {eventId}: the ledger holds {onChain.Steps} steps chained to {onChain.Chain}; this node committed {state.Steps.Steps} chained to {state.Steps.Chain}.");
                    }
                }

                var schedule = state.Operator.Schedule;
                var setpoints = AllocationDigest.SetpointBytes(schedule);
                var hash = AllocationDigest.Hash(salt, eventId, state.RequestHash, schedule.HorizonSteps, schedule.Fleet.Count, setpoints);
                var aggregate = new double[schedule.HorizonSteps];
                schedule.Aggregate(aggregate);

                // Salt and setpoints are kept before the hash goes on chain, so the commitment can always be opened.
                _store.PutDispatchSetpoints(id, setpoints);
                record = new DispatchEventDocument
                {
                    Id = id,
                    RequestHash = state.RequestHash,
                    HorizonSteps = schedule.HorizonSteps,
                    VehicleCount = schedule.Fleet.Count,
                    FleetSeed = _options.Seed,
                    FleetSource = OperatorFleets.Name(_options.Source),
                    FleetDate = FleetDate(),
                    Salt = salt,
                    AllocationHash = hash,
                    AllocatedWh = AbsoluteWh(aggregate, FleetRequest.StepHours),
                };
                _store.SaveDispatchEvent(record);
                state.Committed = true;
            }

            LedgerTransaction commit;
            try
            {
                commit = await _ledger.CommitAllocationAsync(eventId, record.AllocationHash, checked((ulong)record.AllocatedWh), cancellationToken).ConfigureAwait(false);
            }
            catch (LedgerRevertedException e)
            {
                throw new InvalidOperationException($"Event {eventId}: the ledger refused the allocation ({e.ErrorName}).", e);
            }

            record.CommitTxHash = commit.TxHash;
            record.CommitGasUsed = (long)commit.GasUsed;
            record.CommittedAt = DateTime.UtcNow;
            _store.SaveDispatchEvent(record);
            _logger.LogInformation("Dispatch event {Event}: committed allocation {Hash} in {Tx}", eventId, record.AllocationHash, commit.TxHash);
            return new AllocationCommitment(record.AllocationHash, commit.TxHash, record.CommitGasUsed);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<MeteredDelivery> DeliverAsync(ulong eventId, CancellationToken cancellationToken)
    {
        var id = checked((long)eventId);
        return GatedAsync(eventId, async () =>
        {
            var record = _store.GetDispatchEvent(id);
            if (record?.CommitTxHash is null)
            {
                throw new InvalidOperationException(_declines.TryGetValue(eventId, out var declined)
                    ? $"Event {eventId}: this node declined it ({declined.Decline}), so it has nothing to deliver."
                    : $"Event {eventId}: this node committed no allocation, so it has nothing to deliver.");
            }

            if (record.DeliveryTxHash is { } reportedIn && record.DeliveryHash is { } reported)
            {
                // A retried call: the delivery is on chain already.
                return new MeteredDelivery(record.MeteredKwh, reported, reportedIn, record.DeliveryGasUsed, record.VehiclesUnpluggedEarly);
            }

            var schedule = await CommittedScheduleAsync(eventId, record).ConfigureAwait(false);
            if (record.DeliveryHash is null)
            {
                var reading = _meter.Read(schedule, DeliveryMeter.EventSeed(record.FleetSeed, eventId));
                record.MeteredKwh = reading.MeteredKwh;
                record.VehiclesUnpluggedEarly = reading.VehiclesUnpluggedEarly;
                record.DeliveryHash = DispatchDigest.Delivery(eventId, record.RequestHash, reading.MeteredKwh);
                record.DeliveredWh = AbsoluteWh(reading.MeteredKwh, 1);
                _store.SaveDispatchEvent(record);
            }

            LedgerTransaction report;
            try
            {
                report = await _ledger.ReportDeliveryAsync(eventId, record.DeliveryHash.Value, checked((ulong)record.DeliveredWh), cancellationToken).ConfigureAwait(false);
            }
            catch (LedgerRevertedException e)
            {
                throw new InvalidOperationException($"Event {eventId}: the ledger refused the delivery report ({e.ErrorName}).", e);
            }

            record.DeliveryTxHash = report.TxHash;
            record.DeliveryGasUsed = (long)report.GasUsed;
            record.DeliveredAt = DateTime.UtcNow;
            _store.SaveDispatchEvent(record);
            _events.TryRemove(eventId, out _);
            _logger.LogInformation(
                "Dispatch event {Event}: metered {Kwh:F1} kWh net ({Early} vehicles unplugged early), reported {Hash} in {Tx}",
                eventId, record.MeteredKwh.Sum(), record.VehiclesUnpluggedEarly, record.DeliveryHash, report.TxHash);
            return new MeteredDelivery(record.MeteredKwh, record.DeliveryHash.Value, report.TxHash, record.DeliveryGasUsed, record.VehiclesUnpluggedEarly);
        }, cancellationToken);
    }

    /// <summary>
    /// Σ |valueₜ| · <paramref name="hours"/> in whole Wh (kW × hours, or kWh with hours 1): the energy the ledger bounds
    /// the operator's settlement by, rounded as the settlement rule rounds.
    /// </summary>
    public static long AbsoluteWh(IReadOnlyList<double> values, double hours)
    {
        ArgumentNullException.ThrowIfNull(values);
        double kwh = 0;
        foreach (var value in values)
        {
            kwh += Math.Abs(value * hours);
        }

        return (long)Math.Round(kwh * 1000, MidpointRounding.AwayFromZero);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var gate in _gates.Values)
        {
            gate.Dispose();
        }
    }

    private static void RequireStep(double stepMinutes)
    {
        if (stepMinutes != StepMinutes)
        {
            throw new ArgumentException($"Only {StepMinutes}-minute steps are served, not {stepMinutes}.");
        }
    }

    private static void RequireHorizon(Fleet fleet, int horizonSteps)
    {
        var lastDeparture = fleet.Count == 0 ? 0 : fleet.Departure.Max();
        if (horizonSteps < lastDeparture)
        {
            throw new ArgumentException($"The fleet's vehicles stay until step {lastDeparture}; a horizon of {horizonSteps} steps would cut their stays short.");
        }
    }

    private static void RequireOpen(ulong eventId, EventState state)
    {
        if (state.Committed)
        {
            throw new InvalidOperationException($"Event {eventId}: the allocation is committed; its setpoints no longer change.");
        }
    }

    private static void RequireCleared(ulong eventId, EventState state)
    {
        if (!state.Cleared)
        {
            throw new InvalidOperationException(state.Clearing
                ? $"Event {eventId}: the clearing is at step {state.NextStep} of {state.Operator.HorizonSteps}; there is no allocation until its last step is committed."
                : $"Event {eventId}: no clearing was completed yet, so there is no allocation.");
        }
    }

    /// <summary>A step must lie in the event's horizon (else the request is wrong in itself) and be the clearing's next one.</summary>
    private static void RequireStep(ulong eventId, int step, EventState state)
    {
        if (step < 0 || step >= state.Operator.HorizonSteps)
        {
            throw new ArgumentException($"Step {step} is outside the event's {state.Operator.HorizonSteps} steps.");
        }

        if (!state.Clearing)
        {
            throw new InvalidOperationException(state.Cleared
                ? $"Event {eventId}: the clearing is complete; begin a new one to clear again."
                : $"Event {eventId}: no clearing was begun.");
        }

        if (step != state.NextStep)
        {
            throw new InvalidOperationException($"Event {eventId}: step {step} is out of order; the clearing is at step {state.NextStep}.");
        }
    }

    private static void RequireSteps(double[] profile, EventState state, string what)
    {
        if (profile.Length != state.Operator.HorizonSteps)
        {
            throw new ArgumentException($"The {what} has {profile.Length} values; the event has {state.Operator.HorizonSteps} steps.");
        }
    }

    private Fleet Fleet() =>
        _fleet.Value.Fleet ?? throw new InvalidOperationException($"{_name} has no fleet to dispatch ({_fleet.Value.Decline}).");

    private EventState Joined(ulong eventId) =>
        _events.TryGetValue(eventId, out var state)
            ? state
            : throw new InvalidOperationException(_declines.TryGetValue(eventId, out var declined)
                ? $"Event {eventId} was declined by this node ({declined.Decline}) in {declined.TxHash}; it takes no part in it."
                : $"Event {eventId} was not joined on this node (or is delivered already).");

    private SemaphoreSlim Gate(ulong eventId) => _gates.GetOrAdd(eventId, _ => new SemaphoreSlim(1, 1));

    /// <summary>The committed setpoints: from memory, or rebuilt from the store after a restart; checked against the commitment on chain.</summary>
    private async Task<FleetSchedule> CommittedScheduleAsync(ulong eventId, DispatchEventDocument record)
    {
        var allocationHash = record.AllocationHash;
        var setpoints = _store.GetDispatchSetpoints(record.Id)
            ?? throw new InvalidOperationException($"Event {eventId}: the store lost the committed setpoints.");
        var fleet = Fleet();
        var source = OperatorFleets.Name(_options.Source);
        var committedSource = record.FleetSource ?? OperatorFleets.Name(OperatorFleetSource.Synthetic);
        if (fleet.Count != record.VehicleCount || _options.Seed != record.FleetSeed || source != committedSource || FleetDate() != record.FleetDate)
        {
            throw new InvalidOperationException(
                $"Event {eventId} was committed for {record.VehicleCount} vehicles ({committedSource} fleet, seed {record.FleetSeed}{OnDay(record.FleetDate)}); this node now serves {fleet.Count} ({source}, seed {_options.Seed}{OnDay(FleetDate())}).");
        }

        var recomputed = AllocationDigest.Hash(record.Salt, eventId, record.RequestHash, record.HorizonSteps, record.VehicleCount, setpoints);
        if (recomputed != allocationHash)
        {
            throw new InvalidOperationException($"Event {eventId}: the stored setpoints hash to {recomputed}, not to the committed {allocationHash}.");
        }

        var onChain = await _ledger.GetOperatorDispatchAsync(eventId, Address).ConfigureAwait(false);
        if (onChain.AllocationHash != allocationHash)
        {
            throw new InvalidOperationException($"Event {eventId}: the ledger holds allocation {onChain.AllocationHash} for {Address}, not {allocationHash}.");
        }

        if (_events.TryGetValue(eventId, out var state))
        {
            return state.Operator.Schedule;
        }

        var schedule = new FleetSchedule(fleet, record.HorizonSteps);
        AllocationDigest.Restore(setpoints, schedule);
        _logger.LogInformation("Dispatch event {Event}: allocation {Hash} restored from the store", eventId, allocationHash);
        return schedule;
    }

    private sealed class EventState(DispatchTerms terms, DispatchCosts costs, LocalFleetOperator fleetOperator)
    {
        public DispatchTerms Terms { get; } = terms;

        public Hash32 RequestHash { get; } = terms.RequestHash;

        public DispatchCosts Costs { get; } = costs;

        public LocalFleetOperator Operator { get; set; } = fleetOperator;

        /// <summary>A clearing is under way (begun, last step not committed).</summary>
        public bool Clearing { get; set; }

        /// <summary>The latest clearing is complete: its setpoints are the allocation.</summary>
        public bool Cleared { get; set; }

        /// <summary>The clearing's next step to offer or commit.</summary>
        public int NextStep { get; set; }

        /// <summary><see cref="NextStep"/> was offered and awaits its commit.</summary>
        public bool Offered { get; set; }

        /// <summary>Clearings begun (for the log).</summary>
        public int Clearings { get; set; }

        /// <summary>The day as it happens, once its first step was begun; null for an event cleared in advance.</summary>
        public LocalOnlineOperator? Intraday { get; set; }

        /// <summary>The intraday step begun and not yet committed, or −1.</summary>
        public int IntradayStep { get; set; } = -1;

        /// <summary>The next intraday step to begin.</summary>
        public int IntradayNext { get; set; }

        /// <summary>Intraday, the salt of the step commitments and of the allocation's; null for an event cleared in advance.</summary>
        public byte[]? Salt { get; set; }

        /// <summary>Intraday, the steps committed on chain so far and their chain.</summary>
        public StepCommitments Steps { get; set; } = StepCommitments.None;

        /// <summary>Intraday, the step realized and kept in the store (before a restart, too), to commit as it was.</summary>
        public float[]? KeptStep { get; set; }

        /// <summary>A step committed here whose log has not reached the chain: its power and hash, sent again on the next call.</summary>
        public (int Step, double Kw, Hash32 Hash)? UnloggedStep { get; set; }

        public bool Committed { get; set; }
    }
}
