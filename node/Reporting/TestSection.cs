using System.Text.Json.Serialization;

namespace Consortium.Node.Reporting;

public sealed class TestSection
{
    [JsonPropertyName("federatedRmse")]
    public double FederatedRmse { get; set; }

    [JsonPropertyName("federatedMae")]
    public double FederatedMae { get; set; }

    [JsonPropertyName("federatedNrmse")]
    public double FederatedNrmse { get; set; }

    [JsonPropertyName("seasonalNaiveRmse")]
    public double SeasonalNaiveRmse { get; set; }

    [JsonPropertyName("perOperator")]
    public Dictionary<string, OperatorErrors> PerOperator { get; set; } = [];
}
