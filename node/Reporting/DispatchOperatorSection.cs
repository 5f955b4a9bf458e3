using System.Numerics;
using System.Text.Json.Serialization;

namespace Consortium.Node.Reporting;

/// <summary>
/// One operator's part in the demo's dispatch event: its commitment, its delivery and its settlement on chain. The
/// metering, the state-of-charge and fairness figures are operator-reported: they come from the operator's own replay of
/// its vehicles, which no other party sees; the delivery hash on chain binds the operator to its metering.
/// </summary>
public sealed class DispatchOperatorSection
{
    /// <summary>The operator's name in the member registry.</summary>
    [JsonPropertyName("name")]
    public string Name { get; set; } = string.Empty;

    /// <summary>The operator's address, the key that committed and reported.</summary>
    [JsonPropertyName("address")]
    public ChainAddress Address { get; set; }

    /// <summary>The salted hash of its vehicles' setpoints it committed on chain (the commitment its store can open).</summary>
    [JsonPropertyName("allocationHash")]
    public Hash32 AllocationHash { get; set; }

    /// <summary>Its commitAllocation transaction.</summary>
    [JsonPropertyName("commitTxHash")]
    public Hash32 CommitTxHash { get; set; }

    /// <summary>The hash of its metered delivery it reported on chain (over the event, the request and <see cref="MeteredKwhPerStep"/>).</summary>
    [JsonPropertyName("deliveryHash")]
    public Hash32 DeliveryHash { get; set; }

    /// <summary>Its reportDelivery transaction.</summary>
    [JsonPropertyName("deliveryTxHash")]
    public Hash32 DeliveryTxHash { get; set; }

    /// <summary>Net grid energy of the allocation, kWh.</summary>
    [JsonPropertyName("allocatedKWh")]
    public double AllocatedKwh { get; set; }

    /// <summary>The allocated aggregate (what the operator's setpoints add up to), kW per step.</summary>
    [JsonPropertyName("allocatedKwPerStep")]
    public double[] AllocatedKwPerStep { get; set; } = [];

    /// <summary>Net metered grid energy, kWh (operator-reported).</summary>
    [JsonPropertyName("meteredKWh")]
    public double MeteredKwh { get; set; }

    /// <summary>Net metered grid energy per step, kWh (operator-reported; hashed into <see cref="DeliveryHash"/>).</summary>
    [JsonPropertyName("meteredKWhPerStep")]
    public double[] MeteredKwhPerStep { get; set; } = [];

    /// <summary>Energy the settlement rule counts as tracked (metering within tolerance of the allocation), kWh.</summary>
    [JsonPropertyName("trackedKWh")]
    public double TrackedKwh { get; set; }

    /// <summary>Deviation from the allocation beyond the rule's tolerance, kWh: what the penalty is charged on.</summary>
    [JsonPropertyName("excessDeviationKWh")]
    public double ExcessDeviationKwh { get; set; }

    /// <summary>Vehicles whose drivers unplugged before their announced departure (operator-reported).</summary>
    [JsonPropertyName("vehiclesUnpluggedEarly")]
    public int VehiclesUnpluggedEarly { get; set; }

    /// <summary>The reward the settlement rule gives for the tracked energy, in token base units.</summary>
    [JsonPropertyName("rewardWei")]
    public BigInteger RewardWei { get; set; }

    /// <summary>The penalty the settlement rule charges for the excess deviation, in token base units.</summary>
    [JsonPropertyName("penaltyWei")]
    public BigInteger PenaltyWei { get; set; }

    /// <summary>Reward − penalty as settled on chain, in token base units: minted when positive, slashed from the stake when negative.</summary>
    [JsonPropertyName("settlementWei")]
    public BigInteger SettlementWei { get; set; }

    /// <summary>Vehicle-steps below the 20 % state-of-charge floor in the operator's replay (operator-reported).</summary>
    [JsonPropertyName("socFloorViolations")]
    public int SocFloorViolations { get; set; }

    /// <summary>Energy its vehicles were short of at departure, kWh (operator-reported).</summary>
    [JsonPropertyName("departureShortfallKWh")]
    public double DepartureShortfallKwh { get; set; }

    /// <summary>Jain's index of discharge over its vehicles (1 when all discharge equally; operator-reported).</summary>
    [JsonPropertyName("jainFairness")]
    public double JainFairness { get; set; }

    /// <summary>Energy its setpoints discharge from its vehicles to the grid, kWh (operator-reported; absent from reports
    /// written before operators reported wear).</summary>
    [JsonPropertyName("dischargedKWh")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? DischargedKwh { get; set; }

    /// <summary>What that discharge costs its vehicles' batteries, each vehicle at its pack chemistry's wear price, as the operator saw it before
    /// committing (operator-reported).</summary>
    [JsonPropertyName("wearCost")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? WearCost { get; set; }

    /// <summary>The part of its reward passed to the owners of the batteries it discharged (<see cref="DispatchEvents.BatteryOwnerShare"/>),
    /// in token base units; absent where <see cref="DischargedKwh"/> is.</summary>
    [JsonPropertyName("batteryOwnersWei")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public BigInteger? BatteryOwnersWei { get; set; }

    /// <summary>Gas of its commitAllocation transaction.</summary>
    [JsonPropertyName("commitGasUsed")]
    public long CommitGasUsed { get; set; }

    /// <summary>Gas of its reportDelivery transaction.</summary>
    [JsonPropertyName("deliveryGasUsed")]
    public long DeliveryGasUsed { get; set; }

    /// <summary>Gas of its commitStep transactions, every step's log summed, read from their receipts; absent when the
    /// event was cleared in advance (no steps logged).</summary>
    [JsonPropertyName("stepLogGasUsed")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? StepLogGasUsed { get; set; }
}
