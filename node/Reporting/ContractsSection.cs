using System.Text.Json.Serialization;

namespace Consortium.Node.Reporting;

public sealed class ContractsSection
{
    [JsonPropertyName("registry")]
    public string Registry { get; set; } = string.Empty;

    [JsonPropertyName("rounds")]
    public string Rounds { get; set; } = string.Empty;

    [JsonPropertyName("token")]
    public string Token { get; set; } = string.Empty;

    [JsonPropertyName("dispatch")]
    public string Dispatch { get; set; } = string.Empty;
}
