using System.Text.Json.Serialization;

namespace Consortium.Node.Reporting;

public sealed class ChainSection
{
    [JsonPropertyName("rpcUrl")]
    public string RpcUrl { get; set; } = string.Empty;

    [JsonPropertyName("chainId")]
    public long ChainId { get; set; }

    [JsonPropertyName("embedded")]
    public bool Embedded { get; set; }

    [JsonPropertyName("coordinator")]
    public string Coordinator { get; set; } = string.Empty;

    [JsonPropertyName("contracts")]
    public ContractsSection Contracts { get; set; } = new();
}
