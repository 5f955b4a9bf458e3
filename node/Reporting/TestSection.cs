using System.Text.Json.Serialization;

namespace Consortium.Node.Reporting;

/// <summary>The final model on the held-out test period, pooled and per operator.</summary>
public sealed class TestSection : PooledErrorsSection
{
    /// <summary>Each operator's errors on its own test windows, by operator name.</summary>
    [JsonPropertyName("perOperator")]
    public Dictionary<string, OperatorErrors> PerOperator { get; set; } = [];
}
