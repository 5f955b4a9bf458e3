using System.Globalization;
using System.Text;
using System.Text.Json;
using Consortium.Node.Dispatch;
using Consortium.Node.Dispatch.Simulation;
using Consortium.Node.Reporting;

namespace Consortium.Node.Cli;

/// <summary><c>consortium dispatch simulate</c>: the coordinated fleet dispatch measured in one process.</summary>
public static class DispatchVerb
{
    /// <summary>The verb's lines in the executable's usage text.</summary>
    public const string Usage = """
          dispatch  fleet dispatch across operators (ADMM), measured against uncontrolled charging and earliest deadline first
                      simulate  --operators N (10)  --evs M (100k)  --horizon STEPS (96)  --reference  --target FILE
                                --fleets sessions|synthetic  --share S (0.25, of each V2G vehicle's limit exported 17:00-21:00)
                                --wear P (0.05 per kWh discharged)  --penalty P (1 per kWh of deviation)
                                --report PATH  --plot PATH.png  --seed S
        """;

    /// <summary>Runs the verb.</summary>
    public static async Task<int> RunAsync(CommandLine line, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (line.Positional.Count != 1 || line.Positional[0] != "simulate")
        {
            throw new UsageException("dispatch needs what to do: consortium dispatch simulate --operators N --evs M [--horizon 96] [--reference] [--target FILE] --report PATH");
        }

        var defaults = DispatchCosts.Default;
        var costs = new DispatchCosts(
            line.Double("penalty", defaults.DeviationPenaltyPerKwh, 1e-9, 1e6),
            line.Double("wear", defaults.WearCostPerKwh, 0, 1e6),
            defaults.ShortfallPenaltyPerKwh);
        var options = new DispatchSimulationOptions(
            line.Int("operators", 10, 1, 10_000),
            Count(line.Text("evs") ?? "100k", "evs"),
            line.Int("horizon", FleetGenerator.DaySteps, 1, FleetGenerator.DaySteps),
            line.Flag("reference"),
            line.Text("target"),
            line.Int("seed", 1, 0),
            line.Double("share", 0.25, 0, 1),
            costs,
            line.Text("plot"),
            line.Text("fleets") switch
            {
                null or "sessions" => false,
                "synthetic" => true,
                var other => throw new UsageException($"--fleets takes sessions or synthetic, not '{other}'"),
            });
        var report = line.Text("report");
        line.RejectUnknown();
        if (options.Vehicles < options.Operators)
        {
            throw new UsageException($"--evs {options.Vehicles} cannot be split over --operators {options.Operators}");
        }

        if (options.Reference && options.Vehicles > DispatchSimulationOptions.MaxReferenceVehicles)
        {
            throw new UsageException($"--reference solves one LP over every vehicle; use it with at most {DispatchSimulationOptions.MaxReferenceVehicles:N0} vehicles");
        }

        var result = await Task.Run(() => DispatchSimulation.Run(options, Console.Out), cancellationToken).ConfigureAwait(false);
        Console.WriteLine();
        Console.Write(FormatTable(result));
        if (report is not null)
        {
            var path = Path.GetFullPath(report);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, JsonSerializer.Serialize(result, ReportJson.Options), cancellationToken).ConfigureAwait(false);
            Console.WriteLine($"Report written to {path}");
        }

        return 0;
    }

    /// <summary>The report's comparison as a plain-text table.</summary>
    public static string FormatTable(DispatchSimulationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.AppendLine(c, $"{report.Evs:N0} vehicles, {report.Operators} operators, {report.Intervals} steps; peak memory {report.MemoryPeakMb:N0} MB");
        text.AppendLine(c, $"{"dispatch",-26} {"tracking",9} {"max dev kW",12} {"SoC viol.",9} {"short kWh",10} {"disch. kWh",11} {"Jain",6} {"objective",12} {"iter",5} {"seconds",8}");
        Row("ADMM (coordinated)", report.Admm);
        Row("uncontrolled", report.Uncontrolled);
        Row("earliest deadline first", report.EarliestDeadlineFirst);
        if (report.Reference is { } reference)
        {
            Row("centralized LP (OR-Tools)", reference);
            text.AppendLine(c, $"optimality gap of ADMM against the LP: {report.OptimalityGap:P3}");
        }

        return text.ToString();

        void Row(string name, DispatchMetrics m) => text.AppendLine(c,
            $"{name,-26} {m.TrackingError,9:P2} {m.MaxDeviationKw,12:F1} {m.SocFloorViolations,9} {m.DepartureShortfallKwh,10:F2} {m.DischargedKwh,11:F1} {m.JainFairness,6:F3} {m.Objective,12:F2} {m.Iterations,5} {m.SolveSeconds,8:F2}");
    }

    private static int Count(string text, string name)
    {
        var scale = 1;
        var digits = text.Trim();
        if (digits.EndsWith('k') || digits.EndsWith('K'))
        {
            scale = 1_000;
            digits = digits[..^1];
        }
        else if (digits.EndsWith('M'))
        {
            scale = 1_000_000;
            digits = digits[..^1];
        }

        if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value <= 0 || (long)value * scale > 50_000_000)
        {
            throw new UsageException($"--{name} takes a positive count such as 10000, 100k or 1M, not '{text}'");
        }

        return value * scale;
    }
}
