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
    int ExactVehicleLimit = Dispatch.Coordination.LocalFleetOperator.DefaultExactVehicleLimit);

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
        Days(store, options, [options.Seed])[0];

    /// <summary>
    /// As <see cref="Build"/>, one fleet per seed of <paramref name="seeds"/> (other days of the same operator), the
    /// store read and its sessions profiled once for all of them.
    /// </summary>
    public static IReadOnlyList<DispatchableFleet> Days(NodeStore store, OperatorFleetOptions options, IReadOnlyList<int> seeds)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(seeds);
        IReadOnlyList<DispatchableFleet> Every(DispatchableFleet fleet) => [.. seeds.Select(_ => fleet)];
        if (options.VehicleCount <= 0)
        {
            return Every(DispatchableFleet.None(DeclineReason.NoDispatchableFleet, "the node serves no fleet (it was started without --fleet-evs)"));
        }

        if (options.Source == OperatorFleetSource.Synthetic)
        {
            return [.. seeds.Select(seed => DispatchableFleet.Of(FleetGenerator.Generate(options.VehicleCount, seed)))];
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

        return [.. seeds.Select(seed => DispatchableFleet.Of(profile.Generate(options.VehicleCount, seed)))];
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
