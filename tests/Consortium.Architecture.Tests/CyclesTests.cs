namespace Consortium.Architecture.Tests;

/// <summary>The cycle finder the layering tests rely on finds what it should.</summary>
public sealed class CyclesTests
{
    [Fact]
    public void ATwoNamespaceCycleIsFound()
    {
        var edges = Graph(("A.Cli", "A.Demo"), ("A.Demo", "A.Cli"), ("A.Demo", "A.Store"));

        var cycle = Assert.Single(Cycles.Find(edges));
        Assert.Equal(["A.Cli", "A.Demo"], cycle);
    }

    [Fact]
    public void ALongCycleIsFoundWhole()
    {
        var edges = Graph(("Models", "Forecasting"), ("Forecasting", "Evaluation"), ("Evaluation", "Models"), ("Evaluation", "Runtime"));

        Assert.Equal(["Evaluation", "Forecasting", "Models"], Assert.Single(Cycles.Find(edges)));
    }

    [Fact]
    public void ALayeredGraphHasNoCycle()
    {
        var edges = Graph(("Cli", "Demo"), ("Demo", "Store"), ("Cli", "Store"), ("Store", "Primitives"));

        Assert.Empty(Cycles.Find(edges));
    }

    private static Dictionary<string, HashSet<string>> Graph(params (string From, string To)[] pairs)
    {
        var edges = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var (from, to) in pairs)
        {
            if (!edges.TryGetValue(from, out var targets))
            {
                targets = [];
                edges[from] = targets;
            }

            targets.Add(to);
        }

        return edges;
    }
}
