using System.Text.Json.Serialization;

namespace Consortium.Node.Reporting;

public sealed class ValidationSection
{
    [JsonPropertyName("federatedRmse")]
    public double FederatedRmse { get; set; }

    [JsonPropertyName("federatedMae")]
    public double FederatedMae { get; set; }

    [JsonPropertyName("federatedNrmse")]
    public double FederatedNrmse { get; set; }

    [JsonPropertyName("seasonalNaiveRmse")]
    public double SeasonalNaiveRmse { get; set; }

    [JsonPropertyName("localOnlyRmse")]
    public Dictionary<string, double> LocalOnlyRmse { get; set; } = [];
}
