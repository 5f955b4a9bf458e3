using System.Text.Json.Serialization;

namespace Consortium.Node.Reporting;

/// <summary>Gas a round cost: the coordinator's transactions, and each member's commit and claim.</summary>
public sealed class GasSection
{
    /// <summary>Gas of the coordinator's transactions in the round (open, finalize), summed.</summary>
    [JsonPropertyName("coordinator")]
    public long Coordinator { get; set; }

    /// <summary>Each member's gas in the round (its commit plus its claim, when it claimed), by address.</summary>
    [JsonPropertyName("members")]
    public Dictionary<ChainAddress, long> Members { get; set; } = [];
}
