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

    public Hash32 RequestHash { get; set; }

    public int HorizonSteps { get; set; }

    public int VehicleCount { get; set; }

    /// <summary>The fleet's seed when the allocation was made, so a restarted node can check it rebuilds the same fleet.</summary>
    public int FleetSeed { get; set; }

    /// <summary>Where the fleet was drawn from ("sessions" or "synthetic"; null in records made before sessions were a source, which were synthetic).</summary>
    public string? FleetSource { get; set; }

    public byte[] Salt { get; set; } = [];

    public Hash32 AllocationHash { get; set; }

    public Hash32? CommitTxHash { get; set; }

    public long CommitGasUsed { get; set; }

    public DateTime CommittedAt { get; set; }

    public Hash32? DeliveryHash { get; set; }

    public Hash32? DeliveryTxHash { get; set; }

    public long DeliveryGasUsed { get; set; }

    public double[] MeteredKwh { get; set; } = [];

    public int VehiclesUnpluggedEarly { get; set; }

    public DateTime? DeliveredAt { get; set; }

    /// <summary>The file-storage id of an event's setpoints.</summary>
    public static string SetpointsFileId(long eventId) => $"dispatch-setpoints-{eventId}";
}
