using Consortium.Network.Federation;
using Consortium.Network.Protos;
using Google.Protobuf;
using Google.Protobuf.Collections;
using Grpc.Net.Client;

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

    /// <summary>Connects to an operator node at <paramref name="endpoint"/> (for example http://127.0.0.1:5123).</summary>
    public DispatchParticipantClient(Uri endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        Endpoint = endpoint;
        _channel = GrpcChannel.ForAddress(endpoint);
        _client = new DispatchParticipant.DispatchParticipantClient(_channel);
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
        return new FleetOffer(
            RequireName(reply.Name),
            RequireAddress(reply.Address),
            CheckedProfile(reply.UncontrolledKw, horizonSteps, "uncontrolled profile"),
            CheckedProfile(reply.DischargeCapacityKw, horizonSteps, "discharge capacity"));
    }

    /// <summary>Has the operator join an event opened on chain.</summary>
    public async Task<DispatchParticipation> JoinAsync(DispatchTerms terms, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(terms);
        var reply = await _client.JoinAsync(
            new DispatchJoinRequest
            {
                EventId = terms.EventId,
                RequestHash = ByteString.CopyFrom(terms.RequestHash),
                HorizonSteps = checked((uint)terms.HorizonSteps),
                StepMinutes = terms.StepMinutes,
                WearCostPerKwh = terms.WearCostPerKwh,
                DeviationPenaltyPerKwh = terms.DeviationPenaltyPerKwh,
                ShortfallPenaltyPerKwh = terms.ShortfallPenaltyPerKwh,
            },
            deadline: DateTime.UtcNow + timeout,
            cancellationToken: cancellationToken).ConfigureAwait(false);
        return new DispatchParticipation(RequireName(reply.Name), RequireAddress(reply.Address));
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

    /// <summary>Has the operator set its vehicles' setpoints following <paramref name="targetKw"/>.</summary>
    public async Task<FleetRealization> RealizeAsync(ulong eventId, ReadOnlyMemory<double> targetKw, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var request = new DispatchRealizeRequest { EventId = eventId };
        request.TargetKw.AddRange(targetKw.ToArray());
        var reply = await _client.RealizeAsync(request, deadline: DateTime.UtcNow + timeout, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!(reply.DepartureShortfallKwh >= 0 && double.IsFinite(reply.DepartureShortfallKwh)) || !(reply.JainFairness is >= 0 and <= 1))
        {
            throw new InvalidDataException(
                $"Operator at {Endpoint} reported a departure shortfall of {reply.DepartureShortfallKwh} kWh and a fairness index of {reply.JainFairness}.");
        }

        return new FleetRealization(
            CheckedProfile(reply.RealizedKw, targetKw.Length, "realized aggregate"),
            checked((int)reply.SocFloorViolations),
            reply.DepartureShortfallKwh,
            reply.JainFairness);
    }

    /// <summary>Has the operator commit its allocation's hash on chain.</summary>
    public async Task<AllocationCommitment> CommitAsync(ulong eventId, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var reply = await _client.CommitAsync(new DispatchCommitRequest { EventId = eventId }, deadline: DateTime.UtcNow + timeout, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        return new AllocationCommitment(RequireHash(reply.AllocationHash, "allocation hash"), reply.CommitTxHash, checked((long)reply.CommitGasUsed));
    }

    /// <summary>
    /// Has the operator meter its fleet and report the delivery on chain; checks that the metered values hash to the
    /// delivery hash the operator claims for this event and request.
    /// </summary>
    public async Task<MeteredDelivery> DeliverAsync(
        ulong eventId, ReadOnlyMemory<byte> requestHash, int horizonSteps, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var reply = await _client.DeliverAsync(new DispatchDeliverRequest { EventId = eventId }, deadline: DateTime.UtcNow + timeout, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        var metered = CheckedProfile(reply.MeteredKwh, horizonSteps, "metered delivery");
        var claimed = RequireHash(reply.DeliveryHash, "delivery hash");
        var actual = DispatchDigest.Delivery(eventId, requestHash.Span, metered);
        if (!actual.AsSpan().SequenceEqual(claimed))
        {
            throw new InvalidDataException(
                $"Operator at {Endpoint} sent a delivery whose values hash to {ModelDigest.ToHex(actual)} but claimed {ModelDigest.ToHex(claimed)}.");
        }

        return new MeteredDelivery(metered, claimed, reply.DeliveryTxHash, checked((long)reply.DeliveryGasUsed), checked((int)reply.VehiclesUnpluggedEarly));
    }

    /// <inheritdoc />
    public void Dispose() => _channel.Dispose();

    private double[] CheckedProfile(RepeatedField<double> values, int steps, string what)
    {
        if (values.Count != steps)
        {
            throw new InvalidDataException($"Operator at {Endpoint} sent a {what} of {values.Count} values; {steps} steps were asked for.");
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

    private byte[] RequireHash(ByteString hash, string what) =>
        hash.Length == 32 && hash.Span.IndexOfAnyExcept((byte)0) >= 0
            ? hash.ToByteArray()
            : throw new InvalidDataException($"Operator at {Endpoint} sent a {what} of {hash.Length} bytes; a non-zero 32-byte hash was expected.");

    private string RequireName(string name) =>
        string.IsNullOrWhiteSpace(name) ? throw new InvalidDataException($"Operator at {Endpoint} sent no name.") : name;

    private string RequireAddress(string address) =>
        address.Length == 42 && address.StartsWith("0x", StringComparison.OrdinalIgnoreCase) && address.AsSpan(2).ContainsAnyExcept("0123456789abcdefABCDEF") is false
            ? address
            : throw new InvalidDataException($"Operator at {Endpoint} sent '{address}', not a 0x-prefixed 20-byte address.");
}
