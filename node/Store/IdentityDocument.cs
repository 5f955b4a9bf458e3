namespace Consortium.Node.Store;

/// <summary>The node's name and chain key (hex private key).</summary>
public sealed class IdentityDocument
{
    /// <summary>The document's fixed id (a store holds one identity).</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>The node's name.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>The node's chain key, as 0x-prefixed hex.</summary>
    public string PrivateKey { get; set; } = string.Empty;
}
