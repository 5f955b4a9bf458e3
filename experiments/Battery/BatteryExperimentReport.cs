using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Consortium.Experiments.Battery;

/// <summary>The battery experiment's JSON report and its text table, with the published per-lab anchor beside it.</summary>
public static class BatteryExperimentReport
{
    /// <summary>
    /// Mean test MAE (percentage points) Wang et al. (Nature Communications 15, 4332, 2024) published per lab for their
    /// physics-informed network trained on that lab alone, and for their MLP baseline.
    /// </summary>
    public static IReadOnlyDictionary<string, (double Pinn, double Mlp)> Anchor { get; } = new Dictionary<string, (double, double)>
    {
        ["XJTU"] = (0.64, 2.49),
        ["TJU"] = (1.35, 1.70),
        ["MIT"] = (0.62, 0.74),
    };

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never };

    /// <summary>Writes the report to <paramref name="path"/>.</summary>
    public static void Write(string path, BatteryExperimentResults results)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(results);
        var report = new Dictionary<string, object?>
        {
            ["task"] = "battery",
            ["rounds"] = results.Options.Rounds,
            ["localEpochs"] = results.Options.LocalEpochs,
            ["seed"] = results.Options.Seed,
            ["testCells"] = results.TestCells.ToDictionary(t => t.Member, t => t.Cells.Select(c => c.Id).ToArray()),
            ["anchor"] = Anchor.ToDictionary(a => a.Key, a => new { pinnMae = a.Value.Pinn, mlpMae = a.Value.Mlp }),
            ["results"] = results.Settings,
        };
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } folder)
        {
            Directory.CreateDirectory(folder);
        }

        File.WriteAllText(path, JsonSerializer.Serialize(report, Json) + "\n");
    }

    /// <summary>The results as a text table: MAE per member and the mean, with the anchor's row.</summary>
    public static string Table(BatteryExperimentResults results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var members = results.TestCells.Select(t => t.Member).ToArray();
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{"setting (test MAE, pp of SoH)",-44}");
        foreach (var member in members)
        {
            text.Append(CultureInfo.InvariantCulture, $"{member,8}");
        }

        text.AppendLine("    mean");
        foreach (var result in results.Settings)
        {
            text.Append(CultureInfo.InvariantCulture, $"{result.Label,-44}");
            foreach (var member in members)
            {
                text.Append(result.Members.TryGetValue(member, out var errors) ? Cell(errors.Mae) : $"{"",8}");
            }

            text.AppendLine(Cell(result.Mean.Mae));
        }

        text.Append(CultureInfo.InvariantCulture, $"{"Wang et al. 2024, PINN per lab (published)",-44}");
        foreach (var member in members)
        {
            text.Append(Anchor.TryGetValue(member, out var anchor) ? string.Create(CultureInfo.InvariantCulture, $"{anchor.Pinn,8:F2}") : $"{"",8}");
        }

        return text.AppendLine().ToString();
    }

    /// <summary>A figure in eight columns: two decimals, or three significant digits in scientific form past 9,999.</summary>
    private static string Cell(double value) =>
        value < 10_000
            ? string.Create(CultureInfo.InvariantCulture, $"{value,8:F2}")
            : string.Create(CultureInfo.InvariantCulture, $"{value,8:0.00e0}");
}
