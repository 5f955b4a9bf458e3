using Consortium.Node.Store;

namespace Consortium.Node.Audit;

/// <summary>
/// The stores a demo run keeps in its data directory, as an audit finds them: the coordinator's at
/// <c>DIR/coordinator/node.db</c> and each operator's at <c>DIR/NAME/node.db</c>, opened read-only and never created.
/// </summary>
internal sealed class DemoStores(string dataDir)
{
    /// <summary>The data directory.</summary>
    public string DataDir { get; } = dataDir;

    /// <summary>Where the coordinator keeps the models and updates of every round.</summary>
    public string CoordinatorPath => Path.Combine(DataDir, "coordinator", "node.db");

    /// <summary>Where operator <paramref name="name"/> keeps its load data and its dispatch records.</summary>
    public string OperatorPath(string name) => Path.Combine(DataDir, name, "node.db");

    /// <summary>The coordinator's store, or <see langword="null"/> with the reason (completing "not verified, because ...").</summary>
    public NodeStore? OpenCoordinator(out string absence) => Open(CoordinatorPath, "the coordinator", out absence);

    /// <summary>Operator <paramref name="name"/>'s store, or <see langword="null"/> with the reason (completing "not verified, because ...").</summary>
    public NodeStore? OpenOperator(string name, out string absence)
    {
        if (string.IsNullOrEmpty(name) || name is "." or ".." || name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0)
        {
            absence = $"the operator's name '{name}' names no directory of {DataDir}";
            return null;
        }

        return Open(OperatorPath(name), $"operator {name}", out absence);
    }

    private static NodeStore? Open(string path, string whose, out string absence)
    {
        if (!File.Exists(path))
        {
            absence = $"there is no store of {whose} at {path}";
            return null;
        }

        absence = string.Empty;
        return NodeStore.OpenReadOnly(path);
    }
}
