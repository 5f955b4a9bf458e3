namespace Consortium.Node.Store;

/// <summary>A named blob.</summary>
public sealed class ValueDocument
{
    /// <summary>The value's name.</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>The value's bytes.</summary>
    public byte[] Value { get; set; } = [];
}
