using System.Text.Json.Serialization;

namespace Consortium.Node.Reporting;

/// <summary>Where the consortium's four contracts are deployed.</summary>
public sealed class ContractsSection
{
    /// <summary>The member registry: names, roles, stakes and status of the members.</summary>
    [JsonPropertyName("registry")]
    public ChainAddress Registry { get; set; }

    /// <summary>The round ledger: training rounds, commitments, score tables and reward claims.</summary>
    [JsonPropertyName("rounds")]
    public ChainAddress Rounds { get; set; }

    /// <summary>The consortium's reward token (CRT, 18 decimals).</summary>
    [JsonPropertyName("token")]
    public ChainAddress Token { get; set; }

    /// <summary>The dispatch ledger: dispatch events, allocations, declines, deliveries and settlements.</summary>
    [JsonPropertyName("dispatch")]
    public ChainAddress Dispatch { get; set; }
}
