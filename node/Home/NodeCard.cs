using System.Text.Json;
using System.Text.Json.Serialization;

namespace Consortium.Node.Home;

/// <summary>
/// A node's public card (<c>consortium card</c>): what another member needs to admit it and to call it. It holds nothing
/// secret; a founder collects the founding members' cards for <c>deploy</c>.
/// </summary>
public sealed record NodeCard
{
    /// <summary>The node's name.</summary>
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>Its role, by name in lower case (operator, automaker, auditor, coordinator, grid).</summary>
    [JsonPropertyName("role")]
    public required string Role { get; init; }

    /// <summary>Its chain address: the key its transactions are signed with.</summary>
    [JsonPropertyName("address")]
    public required ChainAddress Address { get; init; }

    /// <summary>Where peers reach it, <c>HOST:PORT</c>; calls are gRPC over mutual TLS.</summary>
    [JsonPropertyName("endpoint")]
    public required string Endpoint { get; init; }

    /// <summary>SHA-256 of its TLS certificate (DER): the fingerprint it registers on chain and peers check.</summary>
    [JsonPropertyName("tlsFingerprint")]
    public required Hash32 TlsFingerprint { get; init; }

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>The card as indented JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads a card.</summary>
    /// <exception cref="FormatException">The text is not a card; the message names what is wrong.</exception>
    public static NodeCard Parse(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<NodeCard>(json, Json) ?? throw new FormatException("a card is a JSON object, not null");
        }
        catch (JsonException e)
        {
            throw new FormatException($"not a node card: {e.Message}{(e.Path is null ? string.Empty : $" (at {e.Path})")}", e);
        }
    }
}
