using System.Text.Json.Serialization;

namespace Consortium.Node.Reporting;

/// <summary>Errors of the federated model pooled over every operator's windows of one split, with the seasonal-naive baseline.</summary>
public abstract class PooledErrorsSection
{
    [JsonPropertyName("federatedRmse")]
    public double FederatedRmse { get; set; }

    [JsonPropertyName("federatedMae")]
    public double FederatedMae { get; set; }

    [JsonPropertyName("federatedNrmse")]
    public double FederatedNrmse { get; set; }

    [JsonPropertyName("seasonalNaiveRmse")]
    public double SeasonalNaiveRmse { get; set; }
}
