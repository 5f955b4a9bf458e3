using System.Globalization;
using Consortium.Data.BatteryAgeing;
using Consortium.Node.Store;

namespace Consortium.Node.Import;

/// <summary>An automaker of the demo: its registry name and the lab of the bundled table whose cells it holds.</summary>
/// <param name="Name">The automaker's name.</param>
/// <param name="Lab">The lab (XJTU, TJU or MIT).</param>
public sealed record AutomakerPlan(string Name, string Lab);

/// <summary>
/// The demo's automakers, one per lab of the bundled battery table (each lab's cells are one automaker's private data:
/// different chemistries and protocols, as real automakers' are), imported into each automaker's own store.
/// </summary>
public static class AutomakerImport
{
    /// <summary>The automakers, in the order the demo starts them.</summary>
    public static IReadOnlyList<AutomakerPlan> Plans { get; } = [.. BundledBatteryData.Labs.Select(lab => new AutomakerPlan($"automaker-{lab.ToLowerInvariant()}", lab))];

    /// <summary>Imports each lab's cells into its automaker's store under <paramref name="dataDir"/>.</summary>
    public static IReadOnlyList<AutomakerPlan> Run(string dataDir, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var labs = BundledBatteryData.Load(out var report);
        output.WriteLine($"  battery table  {report}");
        foreach (var plan in Plans)
        {
            var cells = labs[plan.Lab];
            using var store = new NodeStore(CouncilImport.StorePath(dataDir, plan.Name));
            store.SaveCells(cells);
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"  automaker {plan.Name,-15} {cells.Count,3} cells, {cells.Sum(c => c.Cycles.Count),6} cycles ({string.Join(", ", cells.GroupBy(c => c.Chemistry).Select(g => $"{g.Count()} {g.Key}"))}) -> {store.Path}"));
        }

        return Plans;
    }
}
