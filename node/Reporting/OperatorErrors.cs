using System.Text.Json.Serialization;

namespace Consortium.Node.Reporting;

/// <summary>The final model's errors on one operator's test windows, with the seasonal-naive baseline on the same windows.</summary>
public sealed class OperatorErrors
{
    /// <summary>Root mean square error of the federated model, kW.</summary>
    [JsonPropertyName("rmse")]
    public double Rmse { get; set; }

    /// <summary>Mean absolute error of the federated model, kW.</summary>
    [JsonPropertyName("mae")]
    public double Mae { get; set; }

    /// <summary>RMSE over the operator's mean load (a fraction: 0.5 is 50 %).</summary>
    [JsonPropertyName("nrmse")]
    public double Nrmse { get; set; }

    /// <summary>RMSE of seasonal naive (the same hour a week before), kW.</summary>
    [JsonPropertyName("seasonalNaiveRmse")]
    public double SeasonalNaiveRmse { get; set; }
}
