using Consortium.Network.Dispatch;
using Consortium.Node.Dispatch;

namespace Consortium.Node.DispatchEvents;

/// <summary>
/// An operator node reached over gRPC, as the dispatch coordinator sees it: <see cref="DispatchCoordinator.CoordinateAsync"/>
/// runs over these exactly as over <see cref="LocalFleetOperator"/>s. Bound to one joined event.
/// </summary>
public sealed class RemoteFleetOperator : IFleetOperator
{
    private readonly DispatchParticipantClient _client;
    private readonly TimeSpan _callTimeout;
    private int _iteration;

    /// <summary>Binds to event <paramref name="eventId"/>, which the operator behind <paramref name="client"/> has joined.</summary>
    /// <param name="name">The operator's name (from its join reply).</param>
    /// <param name="client">The connection to the operator node.</param>
    /// <param name="eventId">The ledger's id of the event.</param>
    /// <param name="callTimeout">How long one propose or realize call may take.</param>
    public RemoteFleetOperator(string name, DispatchParticipantClient client, ulong eventId, TimeSpan callTimeout)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        _client = client ?? throw new ArgumentNullException(nameof(client));
        EventId = eventId;
        _callTimeout = callTimeout;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>The event.</summary>
    public ulong EventId { get; }

    /// <summary>Propose calls made (ADMM iterations seen by this operator).</summary>
    public int Iterations => _iteration;

    /// <summary>The operator's report of its latest realization (its allocation once the dispatch is done), or null before the first.</summary>
    public FleetRealization? LastRealization { get; private set; }

    /// <inheritdoc />
    public async ValueTask ProposeAsync(ReadOnlyMemory<double> signalKw, double rho, Memory<double> aggregateKw, CancellationToken cancellationToken)
    {
        var iteration = Interlocked.Increment(ref _iteration);
        await _client.ProposeAsync(EventId, iteration, signalKw, rho, aggregateKw, _callTimeout, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask RealizeAsync(ReadOnlyMemory<double> targetKw, Memory<double> realizedKw, CancellationToken cancellationToken)
    {
        if (targetKw.Length != realizedKw.Length)
        {
            throw new ArgumentException($"Expected as many realized values as target values, got {realizedKw.Length} for {targetKw.Length}.", nameof(realizedKw));
        }

        var realization = await _client.RealizeAsync(EventId, targetKw, _callTimeout, cancellationToken).ConfigureAwait(false);
        realization.RealizedKw.CopyTo(realizedKw);
        LastRealization = realization;
    }
}
