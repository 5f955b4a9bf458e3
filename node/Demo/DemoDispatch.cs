using System.Globalization;
using Consortium.Contracts.Ledger;
using Consortium.Network.Dispatch;
using Consortium.Network.Security;
using Consortium.Node.DispatchEvents.Participant;
using Consortium.Node.DispatchEvents.Runner;
using Consortium.Node.Reporting;

namespace Consortium.Node.Demo;

/// <summary>
/// The demo's dispatch event: one <see cref="DispatchEventRunner"/> event over the operator nodes at their endpoints,
/// reported by <see cref="DispatchReporter"/> with what the demo started the nodes with.
/// </summary>
public static class DemoDispatch
{
    /// <summary>Runs the event over the nodes at <paramref name="nodes"/> and returns the report's dispatch section.</summary>
    /// <param name="ledger">The dispatch ledger, sending as the coordinator.</param>
    /// <param name="nodes">The operator nodes' gRPC endpoints, with the credentials of a mutual-TLS call (null for a plaintext loopback child).</param>
    /// <param name="evsPerOperator">Vehicles each node was started with (<c>--fleet-evs</c>; on a calendar day, its mean day's).</param>
    /// <param name="source">Where the nodes draw their fleets from (<c>--fleet-source</c>).</param>
    /// <param name="date">The calendar day the nodes' fleets are (<c>--fleet-date</c>), or null.</param>
    /// <param name="options">How the event is run.</param>
    /// <param name="output">Where progress is written.</param>
    /// <param name="cancellationToken">Stops the event.</param>
    public static async Task<DispatchSection> RunAsync(
        IDispatchLedger ledger,
        IReadOnlyList<(Uri Endpoint, PeerCredentials? Credentials)> nodes,
        int evsPerOperator,
        OperatorFleetSource source,
        DateOnly? date,
        DispatchEventOptions options,
        TextWriter output,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        var clients = nodes.Select(node => new DispatchParticipantClient(node.Endpoint, node.Credentials)).ToList();
        try
        {
            var outcome = await new DispatchEventRunner(ledger, options, output).RunAsync(clients, cancellationToken).ConfigureAwait(false);
            var section = DispatchReporter.ToSection(outcome);
            section.Evs = evsPerOperator * outcome.Participants.Count;
            section.FleetSource = source == OperatorFleetSource.Synthetic
                ? "synthetic: each node draws its vehicles from FleetGenerator"
                : date is { } day
                ? string.Create(CultureInfo.InvariantCulture, $"sessions of {day:yyyy-MM-dd} ({day.DayOfWeek}): each node's vehicles are the charging sessions at its own sites that day (its store), scaled so that its mean day holds {evsPerOperator} vehicles")
                : "sessions: each node draws its vehicles from the charging sessions at its own sites (its store)";
            return section;
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }
}
