using System.Text.Json.Serialization;

namespace Consortium.Node.Reporting;

/// <summary>The chain a run recorded on: where it is, which chain it is, who coordinated and the contracts.</summary>
public sealed class ChainSection
{
    /// <summary>The JSON-RPC endpoint the run used (the embedded anvil's loopback address, or <c>--rpc</c>).</summary>
    [JsonPropertyName("rpcUrl")]
    public string RpcUrl { get; set; } = string.Empty;

    /// <summary>The chain id every transaction was signed for (EIP-155).</summary>
    [JsonPropertyName("chainId")]
    public long ChainId { get; set; }

    /// <summary>Whether the chain was the embedded anvil the run started and stopped (then it no longer exists).</summary>
    [JsonPropertyName("embedded")]
    public bool Embedded { get; set; }

    /// <summary>The coordinator's account: it deployed the contracts, opened and finalized every round and event.</summary>
    [JsonPropertyName("coordinator")]
    public ChainAddress Coordinator { get; set; }

    /// <summary>The consortium's contracts.</summary>
    [JsonPropertyName("contracts")]
    public ContractsSection Contracts { get; set; } = new();
}
