using System.Text.Json.Serialization;

namespace Consortium.Node.Reporting;

/// <summary>A round's model on the validation period, with each member's local-only model beside it.</summary>
public sealed class ValidationSection : PooledErrorsSection
{
    /// <summary>Each member's own model trained on its data alone, on its validation windows, kW, by address (member-reported).</summary>
    [JsonPropertyName("localOnlyRmse")]
    public Dictionary<ChainAddress, double> LocalOnlyRmse { get; set; } = [];
}
