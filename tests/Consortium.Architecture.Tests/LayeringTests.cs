using Xunit.Abstractions;

namespace Consortium.Architecture.Tests;

/// <summary>
/// The layering of the solution, checked on the compiled assemblies: which project may use which, which third-party
/// libraries each may touch, and that no namespace (folder) of a project uses a namespace that uses it back.
/// </summary>
public sealed class LayeringTests(ITestOutputHelper output)
{
    /// <summary>Each project of the solution and the projects it may use.</summary>
    private static readonly Dictionary<string, string[]> AllowedProjects = new(StringComparer.Ordinal)
    {
        ["Consortium.Primitives"] = [],
        ["Consortium.Data"] = ["Consortium.Primitives"],
        ["Consortium.Fl"] = ["Consortium.Primitives", "Consortium.Data"],
        ["Consortium.Dispatch"] = ["Consortium.Primitives", "Consortium.Data"],
        ["Consortium.Contracts"] = ["Consortium.Primitives"],
        ["Consortium.Network"] = ["Consortium.Primitives", "Consortium.Dispatch"],
        ["Consortium.Dashboard"] = ["Consortium.Primitives"],
        ["Consortium.Experiments"] = ["Consortium.Primitives", "Consortium.Data", "Consortium.Fl", "Consortium.Dispatch"],
        ["consortium"] =
        [
            "Consortium.Primitives", "Consortium.Data", "Consortium.Fl", "Consortium.Dispatch", "Consortium.Contracts",
            "Consortium.Network", "Consortium.Dashboard", "Consortium.Experiments",
        ],
    };

    /// <summary>Third-party namespaces a project must not touch.</summary>
    private static readonly Dictionary<string, string[]> ForbiddenNamespaces = new(StringComparer.Ordinal)
    {
        ["Consortium.Primitives"] = ["Nethereum", "Grpc", "Google", "Microsoft.AspNetCore", "TorchSharp", "LiteDB"],
        ["Consortium.Data"] = ["Nethereum", "Grpc", "Google", "Microsoft.AspNetCore", "TorchSharp", "LiteDB", "Org.BouncyCastle"],
        ["Consortium.Fl"] = ["Nethereum", "Grpc", "Google", "Microsoft.AspNetCore", "LiteDB", "ScottPlot"],
        ["Consortium.Dispatch"] = ["Nethereum", "Grpc", "Google.Protobuf", "Microsoft.AspNetCore", "TorchSharp", "LiteDB", "ScottPlot", "System.CommandLine"],
        ["Consortium.Contracts"] = ["Grpc", "Google", "Microsoft.AspNetCore", "TorchSharp", "LiteDB"],
        ["Consortium.Network"] = ["Nethereum", "TorchSharp", "LiteDB"],
        ["Consortium.Dashboard"] = ["Nethereum", "Grpc", "TorchSharp", "LiteDB"],
        ["Consortium.Experiments"] = ["Nethereum", "Grpc", "Microsoft.AspNetCore", "LiteDB", "System.CommandLine"],
    };

    private static readonly Lazy<DependencyGraph> Graph = new(() => DependencyGraph.Read(AppContext.BaseDirectory, AllowedProjects.Keys));

    public static TheoryData<string> Projects => [.. AllowedProjects.Keys];

    [Theory]
    [MemberData(nameof(Projects))]
    public void AProjectUsesOnlyTheProjectsBelowIt(string project)
    {
        var used = Graph.Value.AssembliesUsedBy(project);
        output.WriteLine($"{project} uses {string.Join(", ", used.Order(StringComparer.Ordinal))}");

        Assert.Empty(used.Except(AllowedProjects[project]));
    }

    [Theory]
    [MemberData(nameof(Projects))]
    public void AProjectTouchesNoLibraryOutsideItsRoom(string project)
    {
        var forbidden = ForbiddenNamespaces.GetValueOrDefault(project, []);
        var offending = Graph.Value.ExternalTypesUsedBy(project)
            .Where(type => forbidden.Any(prefix => type.StartsWith(prefix + ".", StringComparison.Ordinal)))
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.True(offending.Count == 0, $"{project} uses {string.Join(", ", offending.Take(10))}");
    }

    [Theory]
    [MemberData(nameof(Projects))]
    public void NoFolderOfAProjectUsesAFolderThatUsesItBack(string project)
    {
        var cycles = Cycles.Find(Graph.Value.NamespaceEdges(project));

        Assert.True(cycles.Count == 0, $"{project} has namespaces that use each other: {string.Join("; ", cycles.Select(c => string.Join(" <-> ", c)))}");
    }

    /// <summary>
    /// Folders of the node that must not use another even where no cycle would follow yet: the report and the store know
    /// nothing of federated rounds or dispatch events, and the round coordinator and the dispatch runner return outcomes
    /// instead of filling report records.
    /// </summary>
    [Theory]
    [InlineData("Consortium.Node.Reporting", "Consortium.Node.Federation")]
    [InlineData("Consortium.Node.Store", "Consortium.Node.Federation")]
    [InlineData("Consortium.Node.Federation", "Consortium.Node.Reporting")]
    [InlineData("Consortium.Node.Reporting", "Consortium.Node.DispatchEvents")]
    [InlineData("Consortium.Node.Store", "Consortium.Node.DispatchEvents")]
    [InlineData("Consortium.Node.DispatchEvents", "Consortium.Node.Reporting")]
    public void ANodeFolderDoesNotUseAFolderItMustNotKnow(string folder, string forbidden)
    {
        var uses = Graph.Value.NamespaceEdges("consortium")
            .Where(edge => IsIn(edge.Key, folder))
            .SelectMany(edge => edge.Value.Where(target => IsIn(target, forbidden)).Select(target => $"{edge.Key} -> {target}"))
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.True(uses.Count == 0, string.Join("; ", uses));

        static bool IsIn(string ns, string root) => ns == root || ns.StartsWith(root + ".", StringComparison.Ordinal);
    }

    [Fact]
    public void EveryProjectOfTheSolutionIsChecked()
    {
        var solution = File.ReadAllText(Path.Combine(RepositoryRoot(), "Consortium.sln"));
        var projects = System.Text.RegularExpressions.Regex.Matches(solution, @"""([\w.]+)"", ""[^""]+\.csproj""")
            .Select(m => m.Groups[1].Value)
            .Where(name => !name.EndsWith(".Tests", StringComparison.Ordinal))
            .Select(name => name == "Consortium.Node" ? "consortium" : name)
            .ToHashSet(StringComparer.Ordinal);

        Assert.Equal(projects.Order(StringComparer.Ordinal), AllowedProjects.Keys.Order(StringComparer.Ordinal));
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Consortium.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"Consortium.sln was not found above {AppContext.BaseDirectory}.");
    }
}
