using System.Text.Json.Serialization;

namespace Consortium.Node.Reporting;

/// <summary>One operator that declined the demo's dispatch event: why, and where its decline is on chain.</summary>
public sealed class DispatchDeclineSection
{
    [JsonPropertyName("name")]
    public string Name { get; set; } = string.Empty;

    [JsonPropertyName("address")]
    public string Address { get; set; } = string.Empty;

    /// <summary>The reason the ledger holds: NoDispatchableFleet, Unavailable or Other.</summary>
    [JsonPropertyName("reason")]
    public string Reason { get; set; } = string.Empty;

    /// <summary>The detail the operator gave, as emitted on chain with its decline.</summary>
    [JsonPropertyName("detail")]
    public string Detail { get; set; } = string.Empty;

    [JsonPropertyName("declineTxHash")]
    public string DeclineTxHash { get; set; } = string.Empty;

    /// <summary>Gas of the decline, as the operator reported it (0 when it had declined before and only read it back).</summary>
    [JsonPropertyName("declineGasUsed")]
    public long DeclineGasUsed { get; set; }

    /// <summary>Whether it declined in its survey, so its fleet was left out of the target.</summary>
    [JsonPropertyName("atSurvey")]
    public bool AtSurvey { get; set; }
}
