using LiteDB;

namespace Consortium.Node.Store;

/// <summary>What one import read, kept and skipped.</summary>
public sealed class ImportDocument
{
    /// <summary>The import's id in the store.</summary>
    public ObjectId Id { get; set; } = ObjectId.NewObjectId();

    /// <summary>When the import ran (UTC).</summary>
    public DateTime ImportedAt { get; set; }

    /// <summary>The session files read, by name.</summary>
    public List<string> Files { get; set; } = [];

    /// <summary>Data rows read from the files.</summary>
    public int RowsRead { get; set; }

    /// <summary>Sessions kept.</summary>
    public int Accepted { get; set; }

    /// <summary>Rows skipped, counted by reason.</summary>
    public Dictionary<string, int> Rejected { get; set; } = [];
}
