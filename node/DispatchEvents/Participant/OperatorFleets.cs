using System.Globalization;
using Consortium.Dispatch.Fleets;
using Consortium.Dispatch.Sessions;
using Consortium.Node.Store;

namespace Consortium.Node.DispatchEvents.Participant;

/// <summary>Where an operator node's dispatch fleet comes from.</summary>
public enum OperatorFleetSource
{
    /// <summary>Drawn from the charging sessions at the operator's own sites, kept in its store by the import (<see cref="SessionFleetProfile"/>).</summary>
    Sessions,

    /// <summary>A synthetic day drawn by <see cref="FleetGenerator"/>.</summary>
    Synthetic,
}

/// <summary>What fleet an operator node serves in a dispatch, and how its meters deviate from the allocation.</summary>
/// <param name="VehicleCount">Vehicles in the fleet.</param>
/// <param name="Seed">Seed of the fleet's draws (and, with the event id, of the meters' deviation draws).</param>
/// <param name="UnplugShare">Share of vehicles that unplug before the departure the allocation planned for (see <see cref="DeliveryMeter"/>).</param>
/// <param name="Source">Where the vehicles are drawn from; the operator's own sessions by default.</param>
/// <param name="ExactVehicleLimit">Largest fleet the node re-plans exactly in a dispatch's exact stage; above it the node
/// declines and keeps its cleared setpoints (see <see cref="Dispatch.Coordination.LocalFleetOperator.ExactVehicleLimit"/>).</param>
public sealed record OperatorFleetOptions(
    int VehicleCount,
    int Seed,
    double UnplugShare = DeliveryMeter.DefaultUnplugShare,
    OperatorFleetSource Source = OperatorFleetSource.Sessions,
    int ExactVehicleLimit = Dispatch.Coordination.LocalFleetOperator.DefaultExactVehicleLimit)
{
    /// <summary>
    /// The calendar day the fleet is, from the operator's own sessions of that day (<see cref="SessionFleetProfile.Day"/>,
    /// scaled so that its mean day holds <see cref="VehicleCount"/> vehicles), or null for a day drawn from its sessions'
    /// profile. Its history is then the same weekdays before; only with <see cref="OperatorFleetSource.Sessions"/>.
    /// </summary>
    public DateOnly? Date { get; init; }
}

/// <summary>Where an operator node's fleet comes from.</summary>
public static class OperatorFleets
{
    /// <summary>
    /// The operator's fleet. With <see cref="OperatorFleetSource.Sessions"/>: <see cref="SessionFleetProfile.Generate(int, int)"/>
    /// over the profile of the sessions at the operator's own sites that the import kept in its store (the same sessions,
    /// in the same order, as <see cref="SessionFleets.PerOperator"/> takes from the bundled data for the operator's plan,
    /// so the same fleet); only the node's own data is read. With <see cref="OperatorFleetSource.Synthetic"/>:
    /// <see cref="FleetGenerator.Generate"/>. Either way the fleet comes out the same every time for the same store and
    /// options: a restarted node rebuilds it to meter an allocation it committed before the restart.
    /// </summary>
    /// <returns>
    /// The fleet, or a decline when there is none to dispatch: <see cref="DeclineReason.NoDispatchableFleet"/> when the
    /// node was started without vehicles or none of its sessions can be drawn from (all at rapid chargers, say: they say
    /// which), <see cref="DeclineReason.Unavailable"/> when its store holds no sessions (imported before sessions were kept).
    /// </returns>
    public static DispatchableFleet Build(NodeStore store, OperatorFleetOptions options) =>
        Draws(store, options, [(options.Date, options.Seed)])[0];

    /// <summary>
    /// The operator's history before its day, <paramref name="days"/> days of it, the store read and its sessions profiled
    /// once for all: on a calendar day (<see cref="OperatorFleetOptions.Date"/>) the same weekday 1, 2, … weeks before, from
    /// its own sessions of those days; otherwise other draws of its profile (the seeds after its own). Day k is drawn with
    /// the seed + k.
    /// </summary>
    /// <exception cref="ArgumentException">A calendar day whose weeks before fall outside the sessions.</exception>
    public static IReadOnlyList<DispatchableFleet> History(NodeStore store, OperatorFleetOptions options, int days)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        return Draws(store, options, [.. Enumerable.Range(1, days).Select(k => (options.Date?.AddDays(-7 * k), unchecked(options.Seed + k)))]);
    }

    /// <summary>One fleet per draw (a calendar day or none, and a seed), the store read and its sessions profiled once.</summary>
    private static IReadOnlyList<DispatchableFleet> Draws(NodeStore store, OperatorFleetOptions options, IReadOnlyList<(DateOnly? Date, int Seed)> draws)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        var seeds = draws.Select(d => d.Seed).ToArray();
        IReadOnlyList<DispatchableFleet> Every(DispatchableFleet fleet) => [.. seeds.Select(_ => fleet)];
        if (options.VehicleCount <= 0)
        {
            return Every(DispatchableFleet.None(DeclineReason.NoDispatchableFleet, "the node serves no fleet (it was started without --fleet-evs)"));
        }

        if (options.Source == OperatorFleetSource.Synthetic)
        {
            return options.Date is { } date
                ? throw new ArgumentException($"A calendar day ({date:yyyy-MM-dd}) is a day of the operator's own sessions; a synthetic fleet has no calendar.", nameof(options))
                : [.. seeds.Select(seed => DispatchableFleet.Of(FleetGenerator.Generate(options.VehicleCount, seed)))];
        }

        if (store.LoadSessions() is not { } sessions)
        {
            return Every(DispatchableFleet.None(
                DeclineReason.Unavailable, "its store holds no charging sessions to draw a fleet from (import again, or use the synthetic fleet)"));
        }

        var profile = SessionFleetProfile.FromSessions(sessions);
        if (profile.Count == 0)
        {
            var excluded = string.Join(", ", profile.Summary.Excluded.OrderBy(e => e.Key).Select(e => string.Create(CultureInfo.InvariantCulture, $"{e.Value} {Describe(e.Key)}")));
            return Every(DispatchableFleet.None(
                DeclineReason.NoDispatchableFleet,
                string.Create(CultureInfo.InvariantCulture, $"none of the {profile.Summary.SessionsRead} charging sessions at its sites can be drawn from{(excluded.Length == 0 ? string.Empty : $" ({excluded})")}")));
        }

        return [.. draws.Select(d => DispatchableFleet.Of(d.Date is { } day ? profile.Day(day, profile.ScaleFor(options.VehicleCount), d.Seed) : profile.Generate(options.VehicleCount, d.Seed)))];
    }

    /// <summary>The command-line name of a source (<c>--fleet-source</c>, <c>--dispatch-fleet</c>).</summary>
    public static string Name(OperatorFleetSource source) => source == OperatorFleetSource.Synthetic ? "synthetic" : "sessions";

    private static string Describe(SessionExclusion exclusion) => exclusion switch
    {
        SessionExclusion.DcRapid => "at DC rapid chargers",
        SessionExclusion.NoEnergy => "without energy",
        SessionExclusion.TooLong => "with over-long stays",
        _ => exclusion.ToString(),
    };
}
