using Consortium.Node.Dispatch;
using Consortium.Node.Store;

namespace Consortium.Node.DispatchEvents;

/// <summary>What fleet an operator node serves in a dispatch, and how its meters deviate from the allocation.</summary>
/// <param name="VehicleCount">Vehicles in the fleet.</param>
/// <param name="Seed">Seed of the fleet (and, with the event id, of the meters' deviation draws).</param>
/// <param name="UnplugShare">Share of vehicles that unplug before the departure the allocation planned for (see <see cref="DeliveryMeter"/>).</param>
public sealed record OperatorFleetOptions(int VehicleCount, int Seed, double UnplugShare = DeliveryMeter.DefaultUnplugShare);

/// <summary>Where an operator node's fleet comes from.</summary>
public static class OperatorFleets
{
    /// <summary>
    /// The operator's fleet: for now a synthetic day drawn by <see cref="FleetGenerator"/> from the options' count and seed.
    /// This is the one place to swap in a fleet derived from the operator's own session data (its store is passed for that).
    /// The fleet must come out the same every time for the same store and options: a restarted node rebuilds it to meter
    /// an allocation it committed before the restart.
    /// </summary>
    public static Fleet Build(NodeStore store, OperatorFleetOptions options)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        return FleetGenerator.Generate(options.VehicleCount, options.Seed);
    }
}
