namespace Consortium.Node.Store;

/// <summary>Artifact bytes kept under their keccak-256 hash.</summary>
public sealed class ArtifactDocument
{
    /// <summary>Keccak-256 of <see cref="Bytes"/>.</summary>
    public Hash32 Id { get; set; }

    /// <summary>What the bytes are.</summary>
    public ArtifactKind Kind { get; set; }

    public long Round { get; set; }

    public byte[] Bytes { get; set; } = [];

    public DateTime StoredAt { get; set; }
}
