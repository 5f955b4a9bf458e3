using System.Text.Json.Serialization;

namespace Consortium.Node.Reporting;

/// <summary>Errors of the federated model pooled over every operator's windows of one split, with the seasonal-naive baseline.</summary>
public abstract class PooledErrorsSection
{
    /// <summary>Root mean square error of the federated model over every operator's windows, kW.</summary>
    [JsonPropertyName("federatedRmse")]
    public double FederatedRmse { get; set; }

    /// <summary>Mean absolute error of the federated model over every operator's windows, kW.</summary>
    [JsonPropertyName("federatedMae")]
    public double FederatedMae { get; set; }

    /// <summary>The pooled RMSE over the pooled mean load (a fraction).</summary>
    [JsonPropertyName("federatedNrmse")]
    public double FederatedNrmse { get; set; }

    /// <summary>RMSE of seasonal naive (the same hour a week before) over the same windows, kW.</summary>
    [JsonPropertyName("seasonalNaiveRmse")]
    public double SeasonalNaiveRmse { get; set; }
}
