using Consortium.Dispatch.Coordination;
using Consortium.Dispatch.Wear;
using Consortium.Network.Protos;
using Google.Protobuf;
using Google.Protobuf.Collections;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Consortium.Dispatch.Exact;

namespace Consortium.Network.Dispatch;

/// <summary>
/// The gRPC face of an operator node in a dispatch: checks every incoming message (lengths, hashes, finite numbers,
/// positive ρ, steps within a horizon, powers within ±<see cref="DispatchLimits.MaxMagnitude"/> kW, allowances of zero
/// or more) and translates it to an <see cref="IDispatchParticipantHandler"/> call. A malformed message is answered
/// with <see cref="StatusCode.InvalidArgument"/>, one that does not fit the event's state with
/// <see cref="StatusCode.FailedPrecondition"/>; nothing a caller sends makes the node fail.
/// </summary>
public sealed class DispatchParticipantService(IDispatchParticipantHandler handler, ILogger<DispatchParticipantService> logger)
    : DispatchParticipant.DispatchParticipantBase
{
    /// <summary>The longest request document a join may carry, in characters (a week of targets needs about 20,000).</summary>
    public const int MaxRequestDocumentLength = 256 * 1024;

    /// <inheritdoc />
    public override async Task<DispatchSurveyReply> Survey(DispatchSurveyRequest request, ServerCallContext context)
    {
        var horizon = Horizon(request.HorizonSteps);
        var stepMinutes = StepMinutes(request.StepMinutes);
        var offer = await Guard(() => handler.SurveyAsync(horizon, stepMinutes, context.CancellationToken)).ConfigureAwait(false);
        var reply = new DispatchSurveyReply { Name = offer.Name, Address = offer.Address.ToString() };
        if (offer.Decline is { } decline)
        {
            reply.Decline = Message(decline);
            return reply;
        }

        reply.UncontrolledKw.AddRange(offer.UncontrolledKw);
        reply.DischargeCapacityKw.AddRange(offer.DischargeCapacityKw);
        if (offer.Flexibility is { } flexibility)
        {
            reply.OfferDays = checked((uint)flexibility.Days);
            reply.Offer.AddRange(flexibility.Bands.Select(FlexibilityWire.Message));
        }

        return reply;
    }

    /// <inheritdoc />
    public override async Task<DispatchJoinReply> Join(DispatchJoinRequest request, ServerCallContext context)
    {
        var eventId = EventId(request.EventId);
        if (request.RequestHash.Length != 32)
        {
            throw Invalid($"request_hash must be 32 bytes, got {request.RequestHash.Length}");
        }

        if (request.RequestHash.Span.IndexOfAnyExcept((byte)0) < 0)
        {
            throw Invalid("request_hash is all zero; the ledger opens no event with it");
        }

        var terms = new DispatchTerms(
            eventId,
            new Hash32(request.RequestHash.Span),
            Horizon(request.HorizonSteps),
            StepMinutes(request.StepMinutes),
            Price(request.WearCostPerKwh, "wear_cost_per_kwh", positive: false),
            Price(request.DeviationPenaltyPerKwh, "deviation_penalty_per_kwh", positive: true),
            Price(request.ShortfallPenaltyPerKwh, "shortfall_penalty_per_kwh", positive: false),
            request.RequestDocument.Length <= MaxRequestDocumentLength
                ? request.RequestDocument
                : throw Invalid($"request_document has {request.RequestDocument.Length} characters; at most {MaxRequestDocumentLength} are accepted"),
            WearPrices(request.WearPrices, request.WearCostPerKwh));
        var joined = await Guard(() => handler.JoinAsync(terms, context.CancellationToken)).ConfigureAwait(false);
        var reply = new DispatchJoinReply { Name = joined.Name, Address = joined.Address.ToString() };
        if (joined.Decline is { } recorded)
        {
            reply.Decline = Message(recorded.Decline);
            reply.DeclineTxHash = recorded.TxHash.ToString();
            reply.DeclineGasUsed = checked((ulong)recorded.GasUsed);
        }

        return reply;
    }

    /// <inheritdoc />
    public override async Task<DispatchProposeReply> Propose(DispatchProposeRequest request, ServerCallContext context)
    {
        var eventId = EventId(request.EventId);
        if (request.Iteration == 0 || request.Iteration > int.MaxValue)
        {
            throw Invalid($"iteration must be 1 or more, got {request.Iteration}");
        }

        var signal = Profile(request.SignalKw, "signal_kw");
        if (!(request.Rho > 0 && double.IsFinite(request.Rho)))
        {
            throw Invalid($"rho must be a positive finite number, got {request.Rho}");
        }

        var aggregate = await Guard(() => handler.ProposeAsync(eventId, (int)request.Iteration, signal, request.Rho, context.CancellationToken)).ConfigureAwait(false);
        var reply = new DispatchProposeReply();
        reply.AggregateKw.AddRange(aggregate);
        return reply;
    }

    /// <inheritdoc />
    public override async Task<DispatchBeginClearingReply> BeginClearing(DispatchBeginClearingRequest request, ServerCallContext context)
    {
        var eventId = EventId(request.EventId);
        await Guard(async () =>
        {
            await handler.BeginClearingAsync(eventId, context.CancellationToken).ConfigureAwait(false);
            return true;
        }).ConfigureAwait(false);
        return new DispatchBeginClearingReply();
    }

    /// <inheritdoc />
    public override async Task<DispatchOfferReply> Offer(DispatchOfferRequest request, ServerCallContext context)
    {
        var eventId = EventId(request.EventId);
        var step = Step(request.Step);
        var offer = await Guard(() => handler.OfferAsync(eventId, step, context.CancellationToken)).ConfigureAwait(false);
        var reply = new DispatchOfferReply { LowKw = offer.LowKw, BaseKw = offer.BaseKw, HighKw = offer.HighKw, NeedKw = offer.NeedKw };
        reply.NeedByUrgencyKw.AddRange(offer.NeedByUrgencyKw);
        reply.ExportBySlackKw.AddRange(offer.ExportBySlackKw);
        return reply;
    }

    /// <inheritdoc />
    public override async Task<DispatchCommitStepReply> CommitStep(DispatchCommitStepRequest request, ServerCallContext context)
    {
        var eventId = EventId(request.EventId);
        var step = Step(request.Step);
        if (!double.IsFinite(request.PowerKw) || Math.Abs(request.PowerKw) > DispatchLimits.MaxMagnitude)
        {
            throw Invalid($"power_kw is {request.PowerKw}; it must be finite and within ±{DispatchLimits.MaxMagnitude:G} kW");
        }

        if (!(request.ExtraChargeKw >= 0 && request.ExtraChargeKw <= DispatchLimits.MaxMagnitude))
        {
            throw Invalid($"extra_charge_kw is {request.ExtraChargeKw}; it must be a finite number of kW between 0 and {DispatchLimits.MaxMagnitude:G}");
        }

        var realized = await Guard(() => handler.CommitStepAsync(eventId, step, request.PowerKw, request.ExtraChargeKw, context.CancellationToken)).ConfigureAwait(false);
        return new DispatchCommitStepReply { RealizedKw = realized };
    }

    /// <inheritdoc />
    public override async Task<DispatchRefineReply> Checkpoint(DispatchCheckpointRequest request, ServerCallContext context)
    {
        var eventId = EventId(request.EventId);
        var refinement = await Guard(() => handler.CheckpointAsync(eventId, request.Restore, context.CancellationToken)).ConfigureAwait(false);
        var reply = new DispatchRefineReply { Declined = refinement.Declined, OwnCost = refinement.OwnCost };
        reply.AggregateKw.AddRange(refinement.AggregateKw);
        return reply;
    }

    /// <inheritdoc />
    public override async Task<DispatchRefineReply> Refine(DispatchRefineRequest request, ServerCallContext context)
    {
        var eventId = EventId(request.EventId);
        var need = Profile(request.NeedKw, "need_kw");
        if (request.Slopes.Count is 0 or > DispatchLimits.MaxDeviationSlopes)
        {
            throw Invalid($"slopes has {request.Slopes.Count} values; 1 to {DispatchLimits.MaxDeviationSlopes} are needed");
        }

        var slopes = request.Slopes.ToArray();
        for (var k = 0; k < slopes.Length; k++)
        {
            if (!(slopes[k] >= 0 && slopes[k] <= DispatchLimits.MaxMagnitude) || (k > 0 && slopes[k] < slopes[k - 1]))
            {
                throw Invalid($"slopes[{k}] is {slopes[k]}; slopes must be finite, zero or more, within {DispatchLimits.MaxMagnitude:G} and never fall");
            }
        }

        if (slopes.Length > 1 && !(request.SegmentKw > 0 && request.SegmentKw <= DispatchLimits.MaxMagnitude))
        {
            throw Invalid($"segment_kw is {request.SegmentKw}; it must be a positive finite number of kW within {DispatchLimits.MaxMagnitude:G}");
        }

        var growth = request.Growth == 0 ? 1 : request.Growth;
        if (!(growth >= 1 && growth <= DispatchLimits.MaxPieceGrowth))
        {
            throw Invalid($"growth is {request.Growth}; it must lie between 1 and {DispatchLimits.MaxPieceGrowth} (or be 0 for equal pieces)");
        }

        double[]? prices = null;
        if (request.PricesKw.Count > 0)
        {
            if (request.PricesKw.Count != need.Length)
            {
                throw Invalid($"prices_kw has {request.PricesKw.Count} values for {need.Length} steps; send none or one per step");
            }

            prices = request.PricesKw.ToArray();
            for (var t = 0; t < prices.Length; t++)
            {
                if (!(Math.Abs(prices[t]) <= DispatchLimits.MaxMagnitude))
                {
                    throw Invalid($"prices_kw[{t}] is {prices[t]}; every price must be finite and within ±{DispatchLimits.MaxMagnitude:G}");
                }
            }
        }

        var refinement = await Guard(() => handler.RefineAsync(eventId, need, request.SegmentKw, slopes, growth, prices, context.CancellationToken)).ConfigureAwait(false);
        var reply = new DispatchRefineReply { Declined = refinement.Declined, OwnCost = refinement.OwnCost };
        reply.AggregateKw.AddRange(refinement.AggregateKw);
        return reply;
    }

    /// <inheritdoc />
    public override async Task<DispatchBeginPricingReply> BeginPricing(DispatchBeginPricingRequest request, ServerCallContext context)
    {
        var eventId = EventId(request.EventId);
        if (request.ArrivalGroups is 0 or > DispatchLimits.MaxHorizonSteps)
        {
            throw Invalid($"arrival_groups is {request.ArrivalGroups}; 1 to {DispatchLimits.MaxHorizonSteps} are served");
        }

        var basis = await Guard(() => handler.BeginPricingAsync(eventId, (int)request.ArrivalGroups, context.CancellationToken)).ConfigureAwait(false);
        var reply = new DispatchBeginPricingReply { Declined = basis is null };
        if (basis is not null)
        {
            reply.SiteLimitKw = basis.SiteLimitKw;
            reply.IdleCost.AddRange(basis.IdleCost);
            if (basis.CurrentAggregateKw is { } current)
            {
                reply.CurrentAggregateKw.AddRange(current);
                reply.CurrentOwnCost.AddRange(basis.CurrentOwnCost!);
            }
        }

        return reply;
    }

    /// <inheritdoc />
    public override async Task<DispatchPriceReply> Price(DispatchPriceRequest request, ServerCallContext context)
    {
        var eventId = EventId(request.EventId);
        var price = Profile(request.PriceKw, "price_kw");
        var answer = await Guard(() => handler.PriceAsync(eventId, price, context.CancellationToken)).ConfigureAwait(false);
        var reply = new DispatchPriceReply { PricedCost = answer.PricedCost };
        reply.GroupAggregateKw.AddRange(answer.GroupAggregateKw);
        reply.GroupOwnCost.AddRange(answer.GroupOwnCost);
        return reply;
    }

    /// <inheritdoc />
    public override async Task<DispatchRefineReply> RealizePrices(DispatchRealizePricesRequest request, ServerCallContext context)
    {
        var eventId = EventId(request.EventId);
        if (request.Mix.Count is 0 or > DispatchLimits.MaxPriceMixEntries)
        {
            throw Invalid($"mix has {request.Mix.Count} entries; 1 to {DispatchLimits.MaxPriceMixEntries} are served");
        }

        var mix = new PriceWeight[request.Mix.Count];
        for (var k = 0; k < mix.Length; k++)
        {
            var entry = request.Mix[k];
            if (!(entry.Weight >= 0 && entry.Weight <= 1 + 1e-9) || entry.Column < PriceWeight.Current || entry.Group > int.MaxValue)
            {
                throw Invalid($"mix[{k}] is group {entry.Group}, column {entry.Column}, weight {entry.Weight}; a weight lies in [0, 1] and a column is -2, -1 or an answered price");
            }

            mix[k] = new PriceWeight((int)entry.Group, entry.Column, entry.Weight);
        }

        var realized = await Guard(() => handler.RealizePricesAsync(eventId, mix, context.CancellationToken)).ConfigureAwait(false);
        var reply = new DispatchRefineReply { Declined = realized.Declined, OwnCost = realized.OwnCost };
        reply.AggregateKw.AddRange(realized.AggregateKw);
        return reply;
    }

    /// <inheritdoc />
    public override async Task<DispatchReportReply> Report(DispatchReportRequest request, ServerCallContext context)
    {
        var eventId = EventId(request.EventId);
        var realization = await Guard(() => handler.ReportAsync(eventId, context.CancellationToken)).ConfigureAwait(false);
        var reply = new DispatchReportReply
        {
            SocFloorViolations = (uint)realization.SocFloorViolations,
            DepartureShortfallKwh = realization.DepartureShortfallKwh,
            JainFairness = realization.JainFairness,
            DischargedKwh = realization.DischargedKwh,
            WearCost = realization.WearCost,
        };
        reply.RealizedKw.AddRange(realization.RealizedKw);
        return reply;
    }

    /// <inheritdoc />
    public override async Task<DispatchCommitReply> Commit(DispatchCommitRequest request, ServerCallContext context)
    {
        var eventId = EventId(request.EventId);
        var commitment = await Guard(() => handler.CommitAsync(eventId, context.CancellationToken)).ConfigureAwait(false);
        return new DispatchCommitReply
        {
            AllocationHash = ByteString.CopyFrom(commitment.AllocationHash.ToArray()),
            CommitTxHash = commitment.TxHash.ToString(),
            CommitGasUsed = (ulong)commitment.GasUsed,
        };
    }

    /// <inheritdoc />
    public override async Task<DispatchBeginStepReply> BeginStep(DispatchBeginStepRequest request, ServerCallContext context)
    {
        var eventId = EventId(request.EventId);
        var step = Step(request.Step);
        var pluggedIn = await Guard(() => handler.BeginStepAsync(eventId, step, context.CancellationToken)).ConfigureAwait(false);
        return new DispatchBeginStepReply { PluggedIn = checked((uint)pluggedIn) };
    }

    /// <inheritdoc />
    public override async Task<DispatchCommitStepReply> CommitPlannedStep(DispatchCommitPlannedStepRequest request, ServerCallContext context)
    {
        var eventId = EventId(request.EventId);
        var step = Step(request.Step);
        var realized = await Guard(() => handler.CommitPlannedStepAsync(eventId, step, context.CancellationToken)).ConfigureAwait(false);
        return new DispatchCommitStepReply { RealizedKw = realized };
    }

    /// <inheritdoc />
    public override async Task<DispatchDeliverReply> Deliver(DispatchDeliverRequest request, ServerCallContext context)
    {
        var eventId = EventId(request.EventId);
        var delivery = await Guard(() => handler.DeliverAsync(eventId, context.CancellationToken)).ConfigureAwait(false);
        var reply = new DispatchDeliverReply
        {
            DeliveryHash = ByteString.CopyFrom(delivery.DeliveryHash.ToArray()),
            DeliveryTxHash = delivery.TxHash.ToString(),
            DeliveryGasUsed = (ulong)delivery.GasUsed,
            VehiclesUnpluggedEarly = (uint)delivery.VehiclesUnpluggedEarly,
        };
        reply.MeteredKwh.AddRange(delivery.MeteredKwh);
        return reply;
    }

    private static RpcException Invalid(string detail) => new(new Status(StatusCode.InvalidArgument, detail));

    private static ulong EventId(ulong eventId) =>
        eventId == 0 ? throw Invalid("event_id must be the ledger's id of an event (1 or more), got 0") : eventId;

    private static int Step(uint step) =>
        step >= DispatchLimits.MaxHorizonSteps
            ? throw Invalid($"step must lie between 0 and {DispatchLimits.MaxHorizonSteps - 1}, got {step}")
            : (int)step;

    private static int Horizon(uint steps) =>
        steps is 0 or > DispatchLimits.MaxHorizonSteps
            ? throw Invalid($"horizon_steps must be between 1 and {DispatchLimits.MaxHorizonSteps}, got {steps}")
            : (int)steps;

    private static double StepMinutes(double minutes) =>
        minutes > 0 && double.IsFinite(minutes) ? minutes : throw Invalid($"step_minutes must be a positive finite number, got {minutes}");

    private static double Price(double value, string field, bool positive)
    {
        var valid = double.IsFinite(value) && (positive ? value > 0 : value >= 0);
        return valid ? value : throw Invalid($"{field} must be a finite {(positive ? "positive" : "non-negative")} price per kWh, got {value}");
    }

    /// <summary>
    /// The wear price book of a join: null when it lists none, else each listed chemistry at its price and the others at
    /// <paramref name="otherwise"/> (wear_cost_per_kwh, already checked).
    /// </summary>
    internal static WearPriceBook? WearPrices(RepeatedField<ChemistryWearPrice> prices, double otherwise)
    {
        if (prices.Count == 0)
        {
            return null;
        }

        var chemistries = Enum.GetValues<BatteryChemistry>().Length;
        if (prices.Count > chemistries)
        {
            throw Invalid($"wear_prices lists {prices.Count} prices; there are {chemistries} chemistries, each priced at most once");
        }

        var given = new List<KeyValuePair<BatteryChemistry, double>>(prices.Count);
        for (var k = 0; k < prices.Count; k++)
        {
            BatteryChemistry chemistry;
            try
            {
                chemistry = WearPriceBook.ParseChemistry(prices[k].Chemistry);
            }
            catch (FormatException e)
            {
                throw Invalid($"wear_prices[{k}].chemistry: {e.Message}");
            }

            if (given.Exists(p => p.Key == chemistry))
            {
                throw Invalid($"wear_prices[{k}]: {WearPriceBook.ChemistryName(chemistry)} is priced twice");
            }

            given.Add(KeyValuePair.Create(chemistry, Price(prices[k].PricePerKwh, $"wear_prices[{k}].price_per_kwh ({WearPriceBook.ChemistryName(chemistry)})", positive: false)));
        }

        return WearPriceBook.FromPrices(given, otherwise);
    }

    private static double[] Profile(RepeatedField<double> values, string field)
    {
        if (values.Count is 0 or > DispatchLimits.MaxHorizonSteps)
        {
            throw Invalid($"{field} must hold one value per step (1 to {DispatchLimits.MaxHorizonSteps}), got {values.Count}");
        }

        var profile = new double[values.Count];
        for (var t = 0; t < profile.Length; t++)
        {
            var value = values[t];
            if (!double.IsFinite(value) || Math.Abs(value) > DispatchLimits.MaxMagnitude)
            {
                throw Invalid($"{field}[{t}] is {value}; every value must be finite and within ±{DispatchLimits.MaxMagnitude:G} kW");
            }

            profile[t] = value;
        }

        return profile;
    }

    private static Protos.DispatchDecline Message(DispatchDecline decline) => new() { Reason = (uint)decline.Reason, Detail = decline.Detail };

    private async Task<T> Guard<T>(Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (ArgumentException e)
        {
            logger.LogWarning("Rejected dispatch request: {Reason}", e.Message);
            throw Invalid(e.Message);
        }
        catch (InvalidOperationException e)
        {
            logger.LogWarning("Dispatch request does not fit the event's state: {Reason}", e.Message);
            throw new RpcException(new Status(StatusCode.FailedPrecondition, e.Message));
        }
        catch (DispatchUnavailableException e)
        {
            logger.LogWarning("Dispatch call not served now: {Reason}", e.Message);
            throw new RpcException(new Status(StatusCode.Unavailable, e.Message));
        }
        catch (OperationCanceledException)
        {
            throw new RpcException(new Status(StatusCode.Cancelled, "the call was cancelled"));
        }
        catch (Exception e) when (e is not RpcException)
        {
            logger.LogError(e, "Dispatch call failed");
            throw new RpcException(new Status(StatusCode.Internal, $"the operator node failed: {e.Message}"));
        }
    }
}
