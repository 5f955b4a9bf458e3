using System.Text.Json.Serialization;

namespace Consortium.Node.Reporting;

/// <summary>Gas a round cost: the coordinator's transactions, and each member's commit and claim.</summary>
public sealed class GasSection
{
    [JsonPropertyName("coordinator")]
    public long Coordinator { get; set; }

    [JsonPropertyName("members")]
    public Dictionary<string, long> Members { get; set; } = [];
}
