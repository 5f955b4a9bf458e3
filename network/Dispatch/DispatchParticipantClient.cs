using Consortium.Dispatch.Coordination;
using Consortium.Dispatch.Wear;
using Consortium.Network.Protos;
using Consortium.Network.Security;
using Google.Protobuf;
using Google.Protobuf.Collections;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Consortium.Dispatch.Exact;

namespace Consortium.Network.Dispatch;

/// <summary>
/// The dispatch coordinator's connection to one operator node. Replies are checked before they are used: a profile of
/// the wrong length or with a non-finite value, a hash that is not 32 bytes, or a delivery whose values do not hash to
/// the hash the operator claims is refused with <see cref="InvalidDataException"/>.
/// </summary>
public sealed class DispatchParticipantClient : IDisposable
{
    private readonly GrpcChannel _channel;
    private readonly DispatchParticipant.DispatchParticipantClient _client;

    /// <summary>
    /// Connects to an operator node at <paramref name="endpoint"/>: <c>https://host:port</c> over mutual TLS with
    /// <paramref name="credentials"/>, or <c>http://127.0.0.1:port</c> for a loopback child without.
    /// </summary>
    public DispatchParticipantClient(Uri endpoint, PeerCredentials? credentials = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        Endpoint = endpoint;
        _channel = PeerChannels.Create(endpoint, credentials, Federation.FederatedMemberClient.MaxMessageBytes);
        _client = new DispatchParticipant.DispatchParticipantClient(_channel.Intercept(new TransportFailures()));
    }

    /// <summary>The operator node's address.</summary>
    public Uri Endpoint { get; }

    /// <summary>Asks for the fleet's aggregate profiles over a horizon.</summary>
    public async Task<FleetOffer> SurveyAsync(int horizonSteps, double stepMinutes, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var reply = await _client.SurveyAsync(
            new DispatchSurveyRequest { HorizonSteps = checked((uint)horizonSteps), StepMinutes = stepMinutes },
            deadline: DateTime.UtcNow + timeout,
            cancellationToken: cancellationToken).ConfigureAwait(false);
        var name = RequireName(reply.Name);
        var address = RequireAddress(reply.Address);
        if (reply.Decline is { } decline)
        {
            if (reply.UncontrolledKw.Count != 0 || reply.DischargeCapacityKw.Count != 0 || reply.Offer.Count != 0)
            {
                throw new InvalidDataException($"Operator at {Endpoint} declined but sent profiles of {reply.UncontrolledKw.Count} and {reply.DischargeCapacityKw.Count} values and {reply.Offer.Count} flexibility bands.");
            }

            return FleetOffer.Declining(name, address, CheckedDecline(decline));
        }

        return new FleetOffer(
            name,
            address,
            CheckedProfile(reply.UncontrolledKw, horizonSteps, "uncontrolled profile"),
            CheckedProfile(reply.DischargeCapacityKw, horizonSteps, "discharge capacity"),
            Flexibility: FlexibilityWire.Offer(reply, horizonSteps, Endpoint));
    }

    /// <summary>
    /// Has the operator join an event opened on chain, or learns that it declined the event on chain instead (with a
    /// defined reason, a detail within <see cref="DispatchLimits.MaxDeclineDetailLength"/> characters and a transaction hash).
    /// </summary>
    public async Task<DispatchParticipation> JoinAsync(DispatchTerms terms, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(terms);
        var join = new DispatchJoinRequest
        {
            EventId = terms.EventId,
            RequestHash = ByteString.CopyFrom(terms.RequestHash.ToArray()),
            HorizonSteps = checked((uint)terms.HorizonSteps),
            StepMinutes = terms.StepMinutes,
            WearCostPerKwh = terms.WearCostPerKwh,
            DeviationPenaltyPerKwh = terms.DeviationPenaltyPerKwh,
            ShortfallPenaltyPerKwh = terms.ShortfallPenaltyPerKwh,
            RequestDocument = terms.RequestDocument,
        };
        if (terms.WearPrices is { } book)
        {
            join.WearPrices.AddRange(book.Prices.Select(p => new ChemistryWearPrice { Chemistry = WearPriceBook.ChemistryName(p.Key), PricePerKwh = p.Value }));
        }

        var reply = await _client.JoinAsync(
            join,
            deadline: DateTime.UtcNow + timeout,
            cancellationToken: cancellationToken).ConfigureAwait(false);
        var recorded = reply.Decline is { } decline
            ? new RecordedDecline(CheckedDecline(decline), TransactionHash(reply.DeclineTxHash, "decline"), checked((long)reply.DeclineGasUsed))
            : null;
        return new DispatchParticipation(RequireName(reply.Name), RequireAddress(reply.Address), recorded);
    }

    /// <summary>One ADMM x-update: sends the signal and writes the operator's proposed aggregate into <paramref name="aggregateKw"/>.</summary>
    public async Task ProposeAsync(
        ulong eventId, int iteration, ReadOnlyMemory<double> signalKw, double rho, Memory<double> aggregateKw, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var request = new DispatchProposeRequest { EventId = eventId, Iteration = checked((uint)iteration), Rho = rho };
        request.SignalKw.AddRange(signalKw.ToArray());
        var reply = await _client.ProposeAsync(request, deadline: DateTime.UtcNow + timeout, cancellationToken: cancellationToken).ConfigureAwait(false);
        CheckedProfile(reply.AggregateKw, aggregateKw.Length, "proposed aggregate").CopyTo(aggregateKw);
    }

    /// <summary>Has the operator start (or restart) a step-by-step clearing of the event.</summary>
    public async Task BeginClearingAsync(ulong eventId, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        await _client.BeginClearingAsync(new DispatchBeginClearingRequest { EventId = eventId }, deadline: DateTime.UtcNow + timeout, cancellationToken: cancellationToken)
            .ConfigureAwait(false);

    /// <summary>
    /// Asks for the fleet's offer at <paramref name="step"/> of an event of <paramref name="horizonSteps"/> steps. The
    /// reply must hold finite values within ±<see cref="DispatchLimits.MaxMagnitude"/>, low ≤ base ≤ high, a need between
    /// zero and high − base, arrays of horizon + 1, + 2 and + 1 values, and no negative need, urgency or export.
    /// </summary>
    public async Task<StepOffer> OfferAsync(ulong eventId, int step, int horizonSteps, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var reply = await _client.OfferAsync(
            new DispatchOfferRequest { EventId = eventId, Step = checked((uint)step) },
            deadline: DateTime.UtcNow + timeout,
            cancellationToken: cancellationToken).ConfigureAwait(false);
        var what = $"offer for step {step}";
        var low = CheckedValue(reply.LowKw, $"low power ({what})");
        var basis = CheckedValue(reply.BaseKw, $"base power ({what})");
        var high = CheckedValue(reply.HighKw, $"high power ({what})");
        var need = CheckedValue(reply.NeedKw, $"need ({what})");
        if (!(low <= basis && basis <= high))
        {
            throw new InvalidDataException($"Operator at {Endpoint} sent an {what} with low {low}, base {basis} and high {high} kW, not in that order.");
        }

        if (need < 0 || need > (high - basis) + OfferTolerance(high - basis))
        {
            throw new InvalidDataException($"Operator at {Endpoint} sent an {what} with a need of {need} kW, outside 0 to high - base = {high - basis} kW.");
        }

        var urgency = CheckedProfile(reply.NeedByUrgencyKw, horizonSteps + 2, $"need-by-urgency array ({what})");
        RequireNonNegative(urgency, 0, $"need-by-urgency array ({what})");
        var export = CheckedProfile(reply.ExportBySlackKw, horizonSteps + 1, $"export-by-slack array ({what})");
        RequireNonNegative(export, 0, $"export-by-slack array ({what})");
        return new StepOffer(low, basis, high, need, urgency, export);
    }

    /// <summary>Sets the fleet's power at the step just offered and returns what its vehicles really draw (finite, within ±<see cref="DispatchLimits.MaxMagnitude"/>).</summary>
    public async Task<double> CommitStepAsync(
        ulong eventId, int step, double powerKw, double extraChargeKw, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var reply = await _client.CommitStepAsync(
            new DispatchCommitStepRequest { EventId = eventId, Step = checked((uint)step), PowerKw = powerKw, ExtraChargeKw = extraChargeKw },
            deadline: DateTime.UtcNow + timeout,
            cancellationToken: cancellationToken).ConfigureAwait(false);
        return CheckedValue(reply.RealizedKw, $"realized power at step {step}");
    }

    /// <summary>Begins intraday step <paramref name="step"/>: the operator re-plans from the vehicles plugged in now. Returns how many are.</summary>
    public async Task<int> BeginStepAsync(ulong eventId, int step, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var reply = await _client.BeginStepAsync(
            new DispatchBeginStepRequest { EventId = eventId, Step = checked((uint)step) },
            deadline: DateTime.UtcNow + timeout,
            cancellationToken: cancellationToken).ConfigureAwait(false);
        return reply.PluggedIn <= int.MaxValue
            ? (int)reply.PluggedIn
            : throw new InvalidDataException($"Operator at {Endpoint} says {reply.PluggedIn} vehicles are plugged in at step {step}.");
    }

    /// <summary>Commits intraday step <paramref name="step"/> as last planned; returns what the plugged-in vehicles then draw, kW.</summary>
    public async Task<double> CommitPlannedStepAsync(ulong eventId, int step, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var reply = await _client.CommitPlannedStepAsync(
            new DispatchCommitPlannedStepRequest { EventId = eventId, Step = checked((uint)step) },
            deadline: DateTime.UtcNow + timeout,
            cancellationToken: cancellationToken).ConfigureAwait(false);
        return CheckedValue(reply.RealizedKw, $"committed power at step {step}");
    }

    /// <summary>
    /// Asks the operator to re-plan its fleet exactly against <paramref name="needKw"/> after a complete clearing. The reply
    /// must carry one finite aggregate value per step within ±<see cref="DispatchLimits.MaxMagnitude"/> and a finite own
    /// cost of zero or more.
    /// </summary>
    public async Task<FleetRefinement> RefineAsync(
        ulong eventId, ReadOnlyMemory<double> needKw, double segmentKw, IReadOnlyList<double> slopes, double growth, IReadOnlyList<double>? pricesKw,
        TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var request = new DispatchRefineRequest { EventId = eventId, SegmentKw = segmentKw, Growth = growth };
        request.NeedKw.AddRange(needKw.ToArray());
        request.Slopes.AddRange(slopes);
        if (pricesKw is not null)
        {
            request.PricesKw.AddRange(pricesKw);
        }

        var reply = await _client.RefineAsync(request, deadline: DateTime.UtcNow + timeout, cancellationToken: cancellationToken).ConfigureAwait(false);
        return CheckedRefinement(reply, needKw.Length, "re-plan");
    }

    /// <summary>
    /// Has the operator remember its setpoints, or go back to the ones last remembered (<paramref name="restore"/>); the reply
    /// is checked as a re-plan's.
    /// </summary>
    public async Task<FleetRefinement> CheckpointAsync(ulong eventId, bool restore, int horizonSteps, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var reply = await _client.CheckpointAsync(
            new DispatchCheckpointRequest { EventId = eventId, Restore = restore },
            deadline: DateTime.UtcNow + timeout,
            cancellationToken: cancellationToken).ConfigureAwait(false);
        return CheckedRefinement(reply, horizonSteps, "checkpoint");
    }

    /// <summary>
    /// Starts a dispatch by prices; null when the operator declines. The basis is checked for shape
    /// (<see cref="PricingBasis.Validate"/>): a group count of twice <paramref name="arrivalGroups"/>, finite costs and aggregates.
    /// </summary>
    public async Task<PricingBasis?> BeginPricingAsync(ulong eventId, int arrivalGroups, int horizonSteps, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var reply = await _client.BeginPricingAsync(
            new DispatchBeginPricingRequest { EventId = eventId, ArrivalGroups = (uint)arrivalGroups },
            deadline: DateTime.UtcNow + timeout,
            cancellationToken: cancellationToken).ConfigureAwait(false);
        if (reply.Declined)
        {
            return null;
        }

        var basis = new PricingBasis(
            reply.SiteLimitKw,
            reply.IdleCost.ToArray(),
            reply.CurrentAggregateKw.Count == 0 ? null : reply.CurrentAggregateKw.ToArray(),
            reply.CurrentOwnCost.Count == 0 ? null : reply.CurrentOwnCost.ToArray());
        basis.Validate($"Operator at {Endpoint}", horizonSteps, arrivalGroups);
        return basis;
    }

    /// <summary>Posts one price; the answer must cover <paramref name="groups"/> groups over the price's steps with finite values.</summary>
    public async Task<PriceAnswer> PriceAsync(ulong eventId, ReadOnlyMemory<double> priceKw, int groups, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var request = new DispatchPriceRequest { EventId = eventId };
        request.PriceKw.AddRange(priceKw.ToArray());
        var reply = await _client.PriceAsync(request, deadline: DateTime.UtcNow + timeout, cancellationToken: cancellationToken).ConfigureAwait(false);
        var aggregate = CheckedProfile(reply.GroupAggregateKw, groups * priceKw.Length, "price answer");
        if (reply.GroupOwnCost.Count != groups || reply.GroupOwnCost.Any(c => !(c >= 0 && double.IsFinite(c))) || !double.IsFinite(reply.PricedCost))
        {
            throw new InvalidDataException($"Operator at {Endpoint} answered a price with {reply.GroupOwnCost.Count} group costs (of {groups}), not all finite and zero or more, or a priced cost of {reply.PricedCost}.");
        }

        return new PriceAnswer(aggregate, reply.GroupOwnCost.ToArray(), reply.PricedCost);
    }

    /// <summary>Has the operator realize the coordinator's mix; the reply is checked as a re-plan's.</summary>
    public async Task<FleetRefinement> RealizePricesAsync(ulong eventId, IReadOnlyList<PriceWeight> mix, int horizonSteps, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var request = new DispatchRealizePricesRequest { EventId = eventId };
        request.Mix.AddRange(mix.Select(w => new DispatchPriceWeight { Group = (uint)w.Group, Column = w.Column, Weight = w.Weight }));
        var reply = await _client.RealizePricesAsync(request, deadline: DateTime.UtcNow + timeout, cancellationToken: cancellationToken).ConfigureAwait(false);
        return CheckedRefinement(reply, horizonSteps, "realized mix");
    }

    private FleetRefinement CheckedRefinement(DispatchRefineReply reply, int horizonSteps, string what)
    {
        var aggregate = CheckedProfile(reply.AggregateKw, horizonSteps, $"aggregate of its {what}");
        if (!(reply.OwnCost >= 0 && double.IsFinite(reply.OwnCost)))
        {
            throw new InvalidDataException($"Operator at {Endpoint} reported an own cost of {reply.OwnCost} for its {what}.");
        }

        return new FleetRefinement(reply.Declined, aggregate, reply.OwnCost);
    }

    /// <summary>Once the clearing is complete: what the operator's allocation adds up to, and its own replay of it.</summary>
    public async Task<FleetRealization> ReportAsync(ulong eventId, int horizonSteps, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var reply = await _client.ReportAsync(new DispatchReportRequest { EventId = eventId }, deadline: DateTime.UtcNow + timeout, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        if (!(reply.DepartureShortfallKwh >= 0 && double.IsFinite(reply.DepartureShortfallKwh)) || !(reply.JainFairness is >= 0 and <= 1))
        {
            throw new InvalidDataException(
                $"Operator at {Endpoint} reported a departure shortfall of {reply.DepartureShortfallKwh} kWh and a fairness index of {reply.JainFairness}.");
        }

        if (!(reply.DischargedKwh >= 0 && double.IsFinite(reply.DischargedKwh)) || !(reply.WearCost >= 0 && double.IsFinite(reply.WearCost)))
        {
            throw new InvalidDataException(
                $"Operator at {Endpoint} reported {reply.DischargedKwh} kWh discharged at a wear cost of {reply.WearCost}.");
        }

        if (reply.SocFloorViolations > int.MaxValue)
        {
            throw new InvalidDataException($"Operator at {Endpoint} reported {reply.SocFloorViolations} state-of-charge violations.");
        }

        return new FleetRealization(
            CheckedProfile(reply.RealizedKw, horizonSteps, "realized aggregate"),
            (int)reply.SocFloorViolations,
            reply.DepartureShortfallKwh,
            reply.JainFairness,
            reply.DischargedKwh,
            reply.WearCost);
    }

    /// <summary>Has the operator commit its allocation's hash on chain.</summary>
    public async Task<AllocationCommitment> CommitAsync(ulong eventId, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var reply = await _client.CommitAsync(new DispatchCommitRequest { EventId = eventId }, deadline: DateTime.UtcNow + timeout, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        return new AllocationCommitment(RequireHash(reply.AllocationHash, "allocation hash"), TransactionHash(reply.CommitTxHash, "commit"), checked((long)reply.CommitGasUsed));
    }

    /// <summary>
    /// Has the operator meter its fleet and report the delivery on chain; checks that the metered values hash to the
    /// delivery hash the operator claims for this event and request.
    /// </summary>
    public async Task<MeteredDelivery> DeliverAsync(
        ulong eventId, Hash32 requestHash, int horizonSteps, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var reply = await _client.DeliverAsync(new DispatchDeliverRequest { EventId = eventId }, deadline: DateTime.UtcNow + timeout, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        var metered = CheckedProfile(reply.MeteredKwh, horizonSteps, "metered delivery");
        var claimed = RequireHash(reply.DeliveryHash, "delivery hash");
        var actual = DispatchDigest.Delivery(eventId, requestHash, metered);
        if (actual != claimed)
        {
            throw new InvalidDataException($"Operator at {Endpoint} sent a delivery whose values hash to {actual} but claimed {claimed}.");
        }

        return new MeteredDelivery(metered, claimed, TransactionHash(reply.DeliveryTxHash, "delivery"), checked((long)reply.DeliveryGasUsed), checked((int)reply.VehiclesUnpluggedEarly));
    }

    /// <inheritdoc />
    public void Dispose() => _channel.Dispose();

    private DispatchDecline CheckedDecline(Protos.DispatchDecline decline)
    {
        var reason = (DeclineReason)decline.Reason;
        if (decline.Reason > int.MaxValue || reason == DeclineReason.None || !Enum.IsDefined(reason))
        {
            throw new InvalidDataException($"Operator at {Endpoint} declined with reason {decline.Reason}, which is not a decline reason.");
        }

        if (decline.Detail.Length > DispatchLimits.MaxDeclineDetailLength)
        {
            throw new InvalidDataException($"Operator at {Endpoint} declined with a detail of {decline.Detail.Length} characters; at most {DispatchLimits.MaxDeclineDetailLength} are taken.");
        }

        return new DispatchDecline(reason, decline.Detail);
    }

    private static double OfferTolerance(double kw) => 1e-9 * Math.Max(1, Math.Abs(kw));

    private double CheckedValue(double value, string what) =>
        double.IsFinite(value) && Math.Abs(value) <= DispatchLimits.MaxMagnitude
            ? value
            : throw new InvalidDataException($"Operator at {Endpoint} sent {value} as its {what}; a finite value within ±{DispatchLimits.MaxMagnitude:G} was expected.");

    private void RequireNonNegative(double[] values, double tolerance, string what)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i] < -tolerance)
            {
                throw new InvalidDataException($"Operator at {Endpoint} sent a {what} with {values[i]} at index {i}; none may be negative.");
            }
        }
    }

    private double[] CheckedProfile(RepeatedField<double> values, int steps, string what)
    {
        if (values.Count != steps)
        {
            throw new InvalidDataException($"Operator at {Endpoint} sent a {what} of {values.Count} values; {steps} were expected.");
        }

        var profile = new double[steps];
        for (var t = 0; t < steps; t++)
        {
            if (!double.IsFinite(values[t]) || Math.Abs(values[t]) > DispatchLimits.MaxMagnitude)
            {
                throw new InvalidDataException($"Operator at {Endpoint} sent a {what} with {values[t]} at step {t}.");
            }

            profile[t] = values[t];
        }

        return profile;
    }

    private Hash32 RequireHash(ByteString hash, string what) =>
        hash.Length == Hash32.Length && hash.Span.IndexOfAnyExcept((byte)0) >= 0
            ? new Hash32(hash.Span)
            : throw new InvalidDataException($"Operator at {Endpoint} sent a {what} of {hash.Length} bytes; a non-zero 32-byte hash was expected.");

    private string RequireName(string name) =>
        string.IsNullOrWhiteSpace(name) ? throw new InvalidDataException($"Operator at {Endpoint} sent no name.") : name;

    private ChainAddress RequireAddress(string address) =>
        ChainAddress.TryParse(address, out var parsed)
            ? parsed
            : throw new InvalidDataException($"Operator at {Endpoint} sent '{address}', not a 0x-prefixed 20-byte address.");

    private Hash32 TransactionHash(string text, string what) =>
        Hash32.TryParse(text, out var hash)
            ? hash
            : throw new InvalidDataException($"Operator at {Endpoint} sent '{text}' as its {what} transaction hash, which is not 32 bytes of hex.");
}
