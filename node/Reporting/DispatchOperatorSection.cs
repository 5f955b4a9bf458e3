using System.Text.Json.Serialization;

namespace Consortium.Node.Reporting;

/// <summary>One operator's part in the demo's dispatch event.</summary>
public sealed class DispatchOperatorSection
{
    [JsonPropertyName("name")]
    public string Name { get; set; } = string.Empty;

    [JsonPropertyName("address")]
    public string Address { get; set; } = string.Empty;

    [JsonPropertyName("allocationHash")]
    public string AllocationHash { get; set; } = string.Empty;

    [JsonPropertyName("commitTxHash")]
    public string CommitTxHash { get; set; } = string.Empty;

    [JsonPropertyName("deliveryHash")]
    public string DeliveryHash { get; set; } = string.Empty;

    [JsonPropertyName("deliveryTxHash")]
    public string DeliveryTxHash { get; set; } = string.Empty;

    /// <summary>Net grid energy of the allocation, kWh.</summary>
    [JsonPropertyName("allocatedKWh")]
    public double AllocatedKwh { get; set; }

    /// <summary>The allocated aggregate (what the operator's setpoints add up to), kW per step.</summary>
    [JsonPropertyName("allocatedKwPerStep")]
    public double[] AllocatedKwPerStep { get; set; } = [];

    /// <summary>Net metered grid energy, kWh.</summary>
    [JsonPropertyName("meteredKWh")]
    public double MeteredKwh { get; set; }

    [JsonPropertyName("meteredKWhPerStep")]
    public double[] MeteredKwhPerStep { get; set; } = [];

    [JsonPropertyName("trackedKWh")]
    public double TrackedKwh { get; set; }

    [JsonPropertyName("excessDeviationKWh")]
    public double ExcessDeviationKwh { get; set; }

    [JsonPropertyName("vehiclesUnpluggedEarly")]
    public int VehiclesUnpluggedEarly { get; set; }

    [JsonPropertyName("rewardWei")]
    public string RewardWei { get; set; } = "0";

    [JsonPropertyName("penaltyWei")]
    public string PenaltyWei { get; set; } = "0";

    /// <summary>Reward − penalty as settled on chain: minted when positive, slashed from the stake when negative.</summary>
    [JsonPropertyName("settlementWei")]
    public string SettlementWei { get; set; } = "0";

    [JsonPropertyName("socFloorViolations")]
    public int SocFloorViolations { get; set; }

    [JsonPropertyName("departureShortfallKWh")]
    public double DepartureShortfallKwh { get; set; }

    [JsonPropertyName("jainFairness")]
    public double JainFairness { get; set; }

    [JsonPropertyName("commitGasUsed")]
    public long CommitGasUsed { get; set; }

    [JsonPropertyName("deliveryGasUsed")]
    public long DeliveryGasUsed { get; set; }
}
