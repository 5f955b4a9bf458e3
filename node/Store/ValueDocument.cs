namespace Consortium.Node.Store;

/// <summary>A named blob.</summary>
public sealed class ValueDocument
{
    public string Id { get; set; } = string.Empty;

    public byte[] Value { get; set; } = [];
}
