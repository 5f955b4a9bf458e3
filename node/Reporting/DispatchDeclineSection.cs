using System.Text.Json.Serialization;

namespace Consortium.Node.Reporting;

/// <summary>One operator that declined the demo's dispatch event: why, and where its decline is on chain.</summary>
public sealed class DispatchDeclineSection
{
    /// <summary>The operator's name in the member registry.</summary>
    [JsonPropertyName("name")]
    public string Name { get; set; } = string.Empty;

    /// <summary>The operator's address, the key that declined.</summary>
    [JsonPropertyName("address")]
    public ChainAddress Address { get; set; }

    /// <summary>The reason the ledger holds, written by name: NoDispatchableFleet, Unavailable or Other.</summary>
    [JsonPropertyName("reason")]
    [JsonConverter(typeof(DeclineReasonJsonConverter))]
    public DeclineReason Reason { get; set; }

    /// <summary>The detail the operator gave, as emitted on chain with its decline.</summary>
    [JsonPropertyName("detail")]
    public string Detail { get; set; } = string.Empty;

    /// <summary>The declineDispatch transaction (its DispatchDeclined log was read back from the chain).</summary>
    [JsonPropertyName("declineTxHash")]
    public Hash32 DeclineTxHash { get; set; }

    /// <summary>Gas of the decline, as the operator reported it (0 when it had declined before and only read it back).</summary>
    [JsonPropertyName("declineGasUsed")]
    public long DeclineGasUsed { get; set; }

    /// <summary>Whether it declined in its survey, so its fleet was left out of the target.</summary>
    [JsonPropertyName("atSurvey")]
    public bool AtSurvey { get; set; }
}
