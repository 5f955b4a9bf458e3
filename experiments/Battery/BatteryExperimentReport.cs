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
            ["forecastHorizons"] = Fl.Battery.CapacityFadeArchitecture.Horizons,
            ["results"] = results.Settings.Concat(results.Forecasts).ToArray(),
        };
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } folder)
        {
            Directory.CreateDirectory(folder);
        }

        File.WriteAllText(path, JsonSerializer.Serialize(report, Json) + "\n");
    }

    /// <summary>The results as text: the estimator's MAE per member and the mean, with the anchor's row; then the forecaster's MAE per member and horizon.</summary>
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

        text.AppendLine();
        if (results.Forecasts.Count > 0)
        {
            ForecastTable(results, members, text);
        }

        return text.ToString();
    }

    private static void ForecastTable(BatteryExperimentResults results, string[] members, StringBuilder text)
    {
        var horizons = Fl.Battery.CapacityFadeArchitecture.Horizons.Select(h => h.ToString(CultureInfo.InvariantCulture)).ToArray();
        text.AppendLine();
        text.AppendLine("Forecaster: test MAE (pp of SoH) of the state of health h cycles ahead, per member and h");
        text.Append(CultureInfo.InvariantCulture, $"{"setting",-44}");
        foreach (var member in members.Where(m => results.Forecasts[0].Members.ContainsKey(m)))
        {
            foreach (var horizon in horizons)
            {
                text.Append(CultureInfo.InvariantCulture, $"{$"{member} {horizon}",10}");
            }
        }

        text.AppendLine();
        foreach (var result in results.Forecasts)
        {
            text.Append(CultureInfo.InvariantCulture, $"{result.Label,-44}");
            foreach (var member in members.Where(m => results.Forecasts[0].Members.ContainsKey(m)))
            {
                foreach (var horizon in horizons)
                {
                    text.Append(result.Horizons is { } h && h.TryGetValue(horizon, out var at) && at.Members.TryGetValue(member, out var errors) ? $"  {Cell(errors.Mae)}" : $"{"",10}");
                }
            }

            text.AppendLine();
        }

        text.AppendLine();
        text.AppendLine("Forecaster: fade per equivalent full cycle (pp of SoH) over the test cells, forecast from every cycle / forecast where measured / measured");
        foreach (var result in results.Forecasts.Where(r => r.FadePerCycle is not null))
        {
            foreach (var (horizon, chemistries) in result.FadePerCycle!)
            {
                text.Append(CultureInfo.InvariantCulture, $"{$"{result.Label}, over {horizon}",-44}");
                foreach (var (chemistry, fade) in chemistries)
                {
                    text.Append(CultureInfo.InvariantCulture, $"  {chemistry} {fade.Forecast:F4} / {Rate(fade.ForecastWhereMeasured)} / {Rate(fade.Measured)}");
                }

                text.AppendLine();
            }
        }
    }

    private static string Rate(double? value) => value is { } v ? v.ToString("F4", CultureInfo.InvariantCulture) : "-";

    /// <summary>A figure in eight columns: two decimals, or three significant digits in scientific form past 9,999.</summary>
    private static string Cell(double value) =>
        value < 10_000
            ? string.Create(CultureInfo.InvariantCulture, $"{value,8:F2}")
            : string.Create(CultureInfo.InvariantCulture, $"{value,8:0.00e0}");
}
