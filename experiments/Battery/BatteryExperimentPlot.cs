using ScottPlot;

namespace Consortium.Experiments.Battery;

/// <summary>
/// The PNG of the battery experiment: for a few test cells of each member, the measured state of health over the
/// cell's life against the estimates of two settings' models for that member.
/// </summary>
public static class BatteryExperimentPlot
{
    private static readonly Color[] Palette = [new(31, 119, 180), new(214, 39, 40), new(44, 160, 44), new(148, 103, 189), new(255, 127, 14), new(140, 86, 75)];

    /// <summary>Draws <paramref name="cellsPerMember"/> test cells of each member and writes the PNG.</summary>
    /// <param name="path">Where the PNG goes.</param>
    /// <param name="experiment">The experiment that produced <paramref name="results"/> (it holds each member's scaling).</param>
    /// <param name="results">Its results; the settings drawn must be among its models.</param>
    /// <param name="estimated">The setting whose estimates are drawn as points.</param>
    /// <param name="cellsPerMember">Test cells per member.</param>
    public static void Write(string path, BatteryExperiment experiment, BatteryExperimentResults results, string estimated, int cellsPerMember = 2)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(experiment);
        ArgumentNullException.ThrowIfNull(results);
        var models = results.Models.TryGetValue(estimated, out var m) ? m : throw new ArgumentException($"No models of setting '{estimated}'.", nameof(estimated));
        using var plot = new Plot();
        var colour = 0;
        foreach (var (member, cells) in results.TestCells)
        {
            foreach (var cell in cells.Take(cellsPerMember))
            {
                var color = Palette[colour++ % Palette.Length];
                var life = cell.Cycles.Select(c => (double)c.Cycle).ToArray();
                var measured = plot.Add.Scatter(life, cell.Cycles.Select(c => c.SohPercent).ToArray(), color);
                measured.LegendText = $"{member} {cell.Id.Split('/')[^1]} ({cell.Chemistry}) measured";
                measured.MarkerSize = 0;
                measured.LineWidth = 2;
                var points = plot.Add.Scatter(life, experiment.Estimate(member, models[member], cell), color.WithAlpha(0.45));
                points.LegendText = "estimated";
                points.LineWidth = 0;
                points.MarkerSize = 3;
            }
        }

        plot.Font.Set("DejaVu Sans");
        plot.Title($"State of health over life, test cells: measured (lines) and estimated by {estimated} (points)");
        plot.XLabel("cycle");
        plot.YLabel("state of health (%)");
        plot.ShowLegend(Alignment.LowerLeft);
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } folder)
        {
            Directory.CreateDirectory(folder);
        }

        plot.SavePng(path, 1400, 700);
    }
}
