namespace Consortium.Node.Store;

/// <summary>Artifact bytes kept under their keccak-256 hash.</summary>
public sealed class ArtifactDocument
{
    /// <summary>Keccak-256 of <see cref="Bytes"/>.</summary>
    public Hash32 Id { get; set; }

    /// <summary>What the bytes are.</summary>
    public ArtifactKind Kind { get; set; }

    /// <summary>The round the artifact belongs to.</summary>
    public long Round { get; set; }

    /// <summary>The artifact's bytes, exactly as hashed.</summary>
    public byte[] Bytes { get; set; } = [];

    /// <summary>When the artifact was first stored (UTC).</summary>
    public DateTime StoredAt { get; set; }
}
