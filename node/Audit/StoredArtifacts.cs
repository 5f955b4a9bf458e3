using Consortium.Node.Store;
using LiteDB;

namespace Consortium.Node.Audit;

/// <summary>
/// A read-only view of the artifacts in a node's store. Opened read-only rather than through <see cref="NodeStore"/>, which
/// opens for writing (and creates missing files): an auditor must not change the store it audits, and may read it while the node runs.
/// </summary>
internal sealed class StoredArtifacts : IDisposable
{
    /// <summary>The collection <see cref="NodeStore"/> keeps artifacts in, keyed by the 0x hex of their keccak-256.</summary>
    private readonly LiteDatabase _db;
    private readonly ILiteCollection<ArtifactDocument> _artifacts;

    private StoredArtifacts(string path)
    {
        _db = new LiteDatabase(new ConnectionString { Filename = path, Connection = ConnectionType.Direct, ReadOnly = true }, NodeStore.Mapper);
        _artifacts = _db.GetCollection<ArtifactDocument>(NodeStore.ArtifactsCollection);
    }

    /// <summary>Opens the store at <paramref name="path"/>, or returns <see langword="null"/> when there is no store to read.</summary>
    public static StoredArtifacts? OpenReadOnly(string? path) =>
        path is not null && File.Exists(path) ? new StoredArtifacts(path) : null;

    /// <summary>The bytes stored under <paramref name="hash"/>, whatever they hash to; <see langword="null"/> when none are.</summary>
    public byte[]? Find(Hash32 hash) => _artifacts.FindById(hash.ToString())?.Bytes;

    /// <inheritdoc />
    public void Dispose() => _db.Dispose();
}
