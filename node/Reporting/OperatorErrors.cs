using System.Text.Json.Serialization;

namespace Consortium.Node.Reporting;

public sealed class OperatorErrors
{
    [JsonPropertyName("rmse")]
    public double Rmse { get; set; }

    [JsonPropertyName("mae")]
    public double Mae { get; set; }

    [JsonPropertyName("nrmse")]
    public double Nrmse { get; set; }

    [JsonPropertyName("seasonalNaiveRmse")]
    public double SeasonalNaiveRmse { get; set; }
}
