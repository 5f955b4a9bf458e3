using Consortium.Node.Store;
using LiteDB;

namespace Consortium.Node.Tests.Audit;

/// <summary>Changes a node's store behind the node's back, as a tampered or damaged store would be found.</summary>
internal static class StoreTampering
{
    /// <summary>Removes the artifact stored under <paramref name="hash"/>.</summary>
    public static void DeleteArtifact(string storePath, Hash32 hash)
    {
        using var db = Open(storePath);
        Assert.True(db.GetCollection<ArtifactDocument>("artifacts").Delete(new BsonValue(hash.ToString())));
    }

    /// <summary>Keeps <paramref name="bytes"/> under <paramref name="hash"/>, whatever they hash to.</summary>
    public static void ReplaceArtifact(string storePath, Hash32 hash, byte[] bytes)
    {
        using var db = Open(storePath);
        db.GetCollection<ArtifactDocument>("artifacts").Upsert(new ArtifactDocument { Id = hash, Kind = ArtifactKind.GlobalModel, Round = 1, Bytes = bytes });
    }

    /// <summary>Removes the setpoints kept for dispatch event <paramref name="eventId"/>.</summary>
    public static void DeleteSetpoints(string storePath, ulong eventId)
    {
        using var db = Open(storePath);
        Assert.True(db.FileStorage.Delete(DispatchEventDocument.SetpointsFileId((long)eventId)));
    }

    /// <summary>Changes the store's record of dispatch event <paramref name="eventId"/>.</summary>
    public static void EditDispatchRecord(string storePath, ulong eventId, Action<DispatchEventDocument> edit)
    {
        using var store = new NodeStore(storePath);
        var record = store.GetDispatchEvent((long)eventId) ?? throw new InvalidOperationException($"{storePath} holds no record of event {eventId}.");
        edit(record);
        store.SaveDispatchEvent(record);
    }

    private static LiteDatabase Open(string storePath) =>
        new(new ConnectionString { Filename = storePath, Connection = ConnectionType.Direct }, NodeStore.Mapper);
}
