using System.Text.Json;
using System.Text.Json.Serialization;

namespace Consortium.Contracts.Ledger;

/// <summary>
/// What a founder hands a newcomer (<c>consortium.json</c>): which chain, an RPC endpoint to reach it, the contracts and
/// the block they were deployed in. Members, their roles and endpoints are not in it: they are read from the chain.
/// </summary>
public sealed record ConsortiumDescriptor
{
    /// <summary>The chain id every transaction is signed for.</summary>
    [JsonPropertyName("chainId")]
    public required long ChainId { get; init; }

    /// <summary>A JSON-RPC endpoint of the chain; each member may use its own node of the same chain instead.</summary>
    [JsonPropertyName("rpcUrl")]
    public required string RpcUrl { get; init; }

    /// <summary>The consortium's contracts.</summary>
    [JsonPropertyName("contracts")]
    public required ConsortiumAddresses Contracts { get; init; }

    /// <summary>The block the member registry was deployed in: where reading the consortium's events starts.</summary>
    [JsonPropertyName("deploymentBlock")]
    public required ulong DeploymentBlock { get; init; }

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>The descriptor as indented JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads a descriptor.</summary>
    /// <exception cref="FormatException">The text is not one; the message names the field.</exception>
    public static ConsortiumDescriptor Parse(string json)
    {
        ConsortiumDescriptor? descriptor;
        try
        {
            descriptor = JsonSerializer.Deserialize<ConsortiumDescriptor>(json, Json);
        }
        catch (JsonException e)
        {
            throw new FormatException($"not a consortium descriptor: {e.Message}{(e.Path is null ? string.Empty : $" (at {e.Path})")}", e);
        }

        return descriptor switch
        {
            null => throw new FormatException("not a consortium descriptor: null"),
            { ChainId: <= 0 } => throw new FormatException($"not a consortium descriptor: chainId {descriptor.ChainId} is not positive"),
            _ when !Uri.TryCreate(descriptor.RpcUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https" or "ws" or "wss") =>
                throw new FormatException($"not a consortium descriptor: rpcUrl '{descriptor.RpcUrl}' is not an http(s) or ws(s) URL"),
            { Contracts: null } => throw new FormatException("not a consortium descriptor: contracts is missing"),
            _ when MissingContract(descriptor.Contracts) is { } missing =>
                throw new FormatException($"not a consortium descriptor: the {missing} contract's address is missing"),
            _ => descriptor,
        };
    }

    private static string? MissingContract(ConsortiumAddresses contracts) =>
        contracts.Registry.IsZero ? "registry"
        : contracts.Rounds.IsZero ? "rounds"
        : contracts.Token.IsZero ? "token"
        : contracts.Dispatch.IsZero ? "dispatch"
        : null;
}
