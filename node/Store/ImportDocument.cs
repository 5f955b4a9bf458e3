using LiteDB;

namespace Consortium.Node.Store;

/// <summary>What one import read, kept and skipped.</summary>
public sealed class ImportDocument
{
    public ObjectId Id { get; set; } = ObjectId.NewObjectId();

    public DateTime ImportedAt { get; set; }

    public List<string> Files { get; set; } = [];

    public int RowsRead { get; set; }

    public int Accepted { get; set; }

    public Dictionary<string, int> Rejected { get; set; } = [];
}
