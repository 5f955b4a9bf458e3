namespace Consortium.Node.Store;

/// <summary>Model bytes kept under their keccak-256 hash (0x hex).</summary>
public sealed class ArtifactDocument
{
    public string Id { get; set; } = string.Empty;

    public string Kind { get; set; } = string.Empty;

    public long Round { get; set; }

    public byte[] Bytes { get; set; } = [];

    public DateTime StoredAt { get; set; }
}
