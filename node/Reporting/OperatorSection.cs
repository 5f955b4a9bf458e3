using System.Text.Json.Serialization;

namespace Consortium.Node.Reporting;

public sealed class OperatorSection
{
    [JsonPropertyName("name")]
    public string Name { get; set; } = string.Empty;

    [JsonPropertyName("address")]
    public string Address { get; set; } = string.Empty;

    [JsonPropertyName("endpoint")]
    public string Endpoint { get; set; } = string.Empty;

    [JsonPropertyName("processId")]
    public int ProcessId { get; set; }

    [JsonPropertyName("sites")]
    public List<string> Sites { get; set; } = [];

    [JsonPropertyName("trainSamples")]
    public long TrainSamples { get; set; }

    [JsonPropertyName("validationSamples")]
    public long ValidationSamples { get; set; }

    [JsonPropertyName("meanLoadKw")]
    public double MeanLoadKw { get; set; }

    [JsonPropertyName("tokenBalanceBefore")]
    public string TokenBalanceBefore { get; set; } = "0";

    [JsonPropertyName("tokenBalanceAfter")]
    public string TokenBalanceAfter { get; set; } = "0";

    [JsonPropertyName("rewardsTotal")]
    public string RewardsTotal { get; set; } = "0";

    [JsonPropertyName("active")]
    public bool Active { get; set; } = true;

    [JsonPropertyName("stake")]
    public string Stake { get; set; } = "0";
}
