namespace Consortium.Node.Store;

/// <summary>
/// An operator's own record of one dispatch event: what it committed to (with the salt that opens the commitment) and
/// what it metered. The setpoints themselves are kept in the store's file storage under <see cref="SetpointsFileId"/>.
/// Hashes not yet known are null (LiteDB reads an empty string back as null).
/// </summary>
public sealed class DispatchEventDocument
{
    /// <summary>The ledger's event id.</summary>
    public long Id { get; set; }

    /// <summary>The hash of the grid party's request the event was opened for.</summary>
    public Hash32 RequestHash { get; set; }

    /// <summary>The event's steps.</summary>
    public int HorizonSteps { get; set; }

    /// <summary>Vehicles in the fleet the allocation was made for.</summary>
    public int VehicleCount { get; set; }

    /// <summary>The fleet's seed when the allocation was made, so a restarted node can check it rebuilds the same fleet.</summary>
    public int FleetSeed { get; set; }

    /// <summary>Where the fleet was drawn from ("sessions" or "synthetic"; null in records made before sessions were a source, which were synthetic).</summary>
    public string? FleetSource { get; set; }

    /// <summary>The calendar day the fleet was (yyyy-MM-dd), or null for a day drawn from the sessions' profile.</summary>
    public string? FleetDate { get; set; }

    /// <summary>The random salt that hides the setpoints in the committed hash.</summary>
    public byte[] Salt { get; set; } = [];

    /// <summary>The salted hash of the setpoints, as committed on chain.</summary>
    public Hash32 AllocationHash { get; set; }

    /// <summary>The allocation's grid energy summed over steps in absolute value, Wh, as committed on chain with its hash.</summary>
    public long AllocatedWh { get; set; }

    /// <summary>The metered grid energy summed over steps in absolute value, Wh, as reported on chain with the delivery.</summary>
    public long DeliveredWh { get; set; }

    /// <summary>The transaction that committed the allocation, once it is on chain.</summary>
    public Hash32? CommitTxHash { get; set; }

    /// <summary>Gas of the commit transaction.</summary>
    public long CommitGasUsed { get; set; }

    /// <summary>When the allocation was committed (UTC).</summary>
    public DateTime CommittedAt { get; set; }

    /// <summary>The hash of the metered delivery, once metered.</summary>
    public Hash32? DeliveryHash { get; set; }

    /// <summary>The transaction that reported the delivery, once on chain.</summary>
    public Hash32? DeliveryTxHash { get; set; }

    /// <summary>Gas of the delivery report.</summary>
    public long DeliveryGasUsed { get; set; }

    /// <summary>Metered grid energy per step, kWh.</summary>
    public double[] MeteredKwh { get; set; } = [];

    /// <summary>Vehicles the meters saw leave before the departure the allocation planned for.</summary>
    public int VehiclesUnpluggedEarly { get; set; }

    /// <summary>When the delivery was reported (UTC), once reported.</summary>
    public DateTime? DeliveredAt { get; set; }

    /// <summary>The file-storage id of an event's setpoints.</summary>
    public static string SetpointsFileId(long eventId) => $"dispatch-setpoints-{eventId}";
}
