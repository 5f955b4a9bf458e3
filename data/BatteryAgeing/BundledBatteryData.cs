namespace Consortium.Data.BatteryAgeing;

/// <summary>
/// The bundled per-cycle ageing table of 310 cells from three labs (data/battery; see its SOURCE.md), each lab one
/// automaker member.
/// </summary>
public static class BundledBatteryData
{
    /// <summary>The labs in the table, in the order the experiment and the demo name their members.</summary>
    public static IReadOnlyList<string> Labs { get; } = ["XJTU", "TJU", "MIT"];

    /// <summary>The table's file name inside data/battery.</summary>
    public const string FileName = "cells_per_cycle.csv.gz";

    /// <summary>Finds data/battery above the program's folder or the working directory.</summary>
    /// <exception cref="DirectoryNotFoundException">Not found.</exception>
    public static string LocateRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "data", "battery");
                if (File.Exists(Path.Combine(candidate, FileName)))
                {
                    return candidate;
                }
            }
        }

        throw new DirectoryNotFoundException(
            $"The bundled battery data (data/battery/{FileName}) was not found above {AppContext.BaseDirectory} or {Directory.GetCurrentDirectory()}.");
    }

    /// <summary>Reads the table and returns each lab's cells.</summary>
    /// <param name="report">What the import read and skipped.</param>
    public static IReadOnlyDictionary<string, IReadOnlyList<BatteryCell>> Load(out BatteryImportReport report)
    {
        var reader = new BatteryCsvReader();
        var cells = reader.ReadFile(Path.Combine(LocateRoot(), FileName));
        report = reader.Report;
        return Labs.ToDictionary(lab => lab, lab => (IReadOnlyList<BatteryCell>)[.. cells.Where(c => c.Source == lab).OrderBy(c => c.Id, StringComparer.Ordinal)]);
    }
}
