namespace Consortium.Node.Store;

/// <summary>The node's name and chain key (hex private key).</summary>
public sealed class IdentityDocument
{
    public string Id { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    public string PrivateKey { get; set; } = string.Empty;
}
