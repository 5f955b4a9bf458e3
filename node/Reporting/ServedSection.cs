using System.Text.Json.Serialization;

namespace Consortium.Node.Reporting;

/// <summary>One member's figures under the served reward rule, as the report keeps them.</summary>
public sealed class ServedSection
{
    /// <summary>Served (paid the floor and a share), FreeRider or Poisoner.</summary>
    [JsonPropertyName("verdict")]
    public string Verdict { get; set; } = string.Empty;

    /// <summary>The served score before the verdict: mean over the validators of the capped positive credits.</summary>
    [JsonPropertyName("served")]
    public double Served { get; set; }

    /// <summary>The member's value in each validator's game (share of that validator's starting validation loss removed), keyed by validator.</summary>
    [JsonPropertyName("byValidator")]
    public Dictionary<ChainAddress, double> ByValidator { get; set; } = [];
}
