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
    /// <exception cref="InvalidOperationException">Sessions are asked for but the store holds none (imported before sessions were kept).</exception>
    public static Fleet Build(NodeStore store, OperatorFleetOptions options)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Source == OperatorFleetSource.Synthetic)
        {
            return FleetGenerator.Generate(options.VehicleCount, options.Seed);
        }

        var sessions = store.LoadSessions()
            ?? throw new InvalidOperationException(
                $"The store {store.Path} holds no charging sessions to draw a fleet from; import again (consortium import) or use the synthetic fleet.");
        return SessionFleetProfile.FromSessions(sessions).Generate(options.VehicleCount, options.Seed);
    }

    /// <summary>The command-line name of a source (<c>--fleet-source</c>, <c>--dispatch-fleet</c>).</summary>
    public static string Name(OperatorFleetSource source) => source == OperatorFleetSource.Synthetic ? "synthetic" : "sessions";
}
