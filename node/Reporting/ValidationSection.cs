using System.Text.Json.Serialization;

namespace Consortium.Node.Reporting;

/// <summary>A round's model on the validation period, with each member's local-only model beside it.</summary>
public sealed class ValidationSection : PooledErrorsSection
{
    [JsonPropertyName("localOnlyRmse")]
    public Dictionary<string, double> LocalOnlyRmse { get; set; } = [];
}
