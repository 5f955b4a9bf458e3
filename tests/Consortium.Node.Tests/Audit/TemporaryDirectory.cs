namespace Consortium.Node.Tests.Audit;

/// <summary>A fresh directory under the system's temporary path, deleted with everything in it on dispose.</summary>
public sealed class TemporaryDirectory : IDisposable
{
    public TemporaryDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"consortium-audit-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>Where a demo run keeps the coordinator's store within this directory.</summary>
    public string CoordinatorStore => System.IO.Path.Combine(Path, "coordinator", "node.db");

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
