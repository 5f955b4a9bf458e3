using System.Globalization;
using ScottPlot;

namespace Consortium.Experiments.Forecasting;

/// <summary>
/// The PNG of the DP settings: each one's mean operator test RMSE over its consortium's non-private FedAvg, against the
/// member count, for local DP and DP on the secure sum at each ε, with the simulated consortia dashed. Both axes are
/// logarithmic (drawn as log₁₀ with labels in plain numbers).
/// </summary>
public static class PrivacyPlot
{
    /// <summary>Writes the plot to <paramref name="path"/>; returns false (writing nothing) when no DP setting has a non-private reference.</summary>
    public static bool Write(string path, IReadOnlyList<SettingResult> results, int width = 1100, int height = 650)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(results);
        var series = new SortedDictionary<string, List<(double Members, double Ratio)>>(StringComparer.Ordinal);
        foreach (var result in results)
        {
            if (result.Setting.Privacy is not { } target || ExperimentReport.NonPrivateReference(results, result) is not { } reference)
            {
                continue;
            }

            var simulated = target.SimulatedMembers is not null;
            if (simulated && results.Any(r => r.Setting.Privacy is null && r.Setting.Members > result.Setting.Members))
            {
                continue; // the check of the simulation on a smaller consortium, not a point of the curve
            }

            var name = string.Create(CultureInfo.InvariantCulture, $"{(target.Mode == PrivacyMode.Local ? "local DP" : "DP on the secure sum")}, ε = {target.Epsilon:0.##}{(simulated ? " (simulated)" : string.Empty)}");
            if (!series.TryGetValue(name, out var points))
            {
                series[name] = points = [];
            }

            points.Add((target.SimulatedMembers ?? result.Setting.Members, result.MeanOperatorRmse / reference.MeanOperatorRmse));
        }

        if (series.Count == 0)
        {
            return false;
        }

        var plot = new Plot();
        try
        {
            var palette = new ScottPlot.Palettes.Category10();
            var index = 0;
            foreach (var (name, points) in series)
            {
                points.Sort((a, b) => a.Members.CompareTo(b.Members));
                var xs = points.Select(p => Math.Log10(p.Members)).ToArray();
                var ys = points.Select(p => Math.Log10(Math.Max(p.Ratio, 1e-3))).ToArray();
                var line = plot.Add.Scatter(xs, ys, palette.GetColor(index++ % palette.Colors.Length));
                line.LegendText = name;
                line.LineWidth = 1.8f;
                line.MarkerSize = 6;
                line.LinePattern = name.Contains("simulated", StringComparison.Ordinal) ? LinePattern.Dashed : LinePattern.Solid;
            }

            var threshold = plot.Add.HorizontalLine(Math.Log10(1.1), 1.2f, Colors.Gray, LinePattern.Dotted);
            threshold.LegendText = "+10 % RMSE";
            var xTicks = new ScottPlot.TickGenerators.NumericManual();
            foreach (var members in new[] { 3, 10, 30, 100, 300, 1000, 3000, 10000, 30000, 100000 })
            {
                xTicks.AddMajor(Math.Log10(members), members.ToString(CultureInfo.InvariantCulture));
            }

            var yTicks = new ScottPlot.TickGenerators.NumericManual();
            for (var power = 0; power <= 12; power += 2)
            {
                yTicks.AddMajor(power, power == 0 ? "1" : $"10^{power}");
            }

            plot.Axes.Bottom.TickGenerator = xTicks;
            plot.Axes.Left.TickGenerator = yTicks;
            plot.Font.Set("DejaVu Sans");
            plot.Title("Cost of differential privacy: mean operator test RMSE over non-private FedAvg of the same members");
            plot.XLabel("members (one per site from 42 on; beyond, simulated on the 42)");
            plot.YLabel("RMSE / non-private RMSE (log scale)");
            plot.ShowLegend(Alignment.UpperRight);
            if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } folder)
            {
                Directory.CreateDirectory(folder);
            }

            plot.SavePng(path, width, height);
            return true;
        }
        finally
        {
            plot.Dispose();
        }
    }
}
