using System.Globalization;
using Consortium.Data.Councils;
using Consortium.Data.Loads;
using Consortium.Data.Sessions;
using Consortium.Node.Store;

namespace Consortium.Node.Import;

/// <summary>What an import into a node's store kept.</summary>
/// <param name="StorePath">The store written.</param>
/// <param name="Sites">The sites whose hourly loads were kept, by name.</param>
/// <param name="Sessions">Sessions kept at those sites over the period.</param>
/// <param name="From">The first hour of the loads.</param>
/// <param name="To">The hour after the last.</param>
/// <param name="Report">What the reader accepted and rejected, by reason.</param>
public sealed record HomeImportSummary(string StorePath, IReadOnlyList<string> Sites, int Sessions, DateTime From, DateTime To, SessionImportReport Report);

/// <summary>
/// An operator's own data into its own node's store (<c>consortium import --home</c>): a bundled council export as it
/// is, or the operator's session CSV files with their own layout. Sessions become hourly loads per site (what the node
/// trains on) and are kept too (what its dispatch fleet is drawn from). A new import replaces the previous one.
/// </summary>
public static class HomeImport
{
    /// <summary>Imports the council export in <paramref name="councilFolder"/> (its session files, not its charger locations) over the council data's common year.</summary>
    /// <param name="storePath">The node's store.</param>
    /// <param name="councilFolder">A folder such as <c>data/scotland/dundee</c>.</param>
    /// <param name="sites">The sites to keep, or null for every site with load.</param>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="InvalidDataException">The folder holds no session files, or a site asked for is not in them.</exception>
    public static HomeImportSummary FromCouncil(string storePath, string councilFolder, IReadOnlyList<string>? sites)
    {
        ArgumentNullException.ThrowIfNull(councilFolder);
        if (!Directory.Exists(councilFolder))
        {
            throw new DirectoryNotFoundException($"the council folder {councilFolder} does not exist");
        }

        var files = Directory.GetFiles(councilFolder, "*.csv*")
            .Where(f => !Path.GetFileName(f).StartsWith("cp-locations", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0)
        {
            throw new InvalidDataException($"{councilFolder} holds no session files (*.csv, *.csv.gz)");
        }

        return Import(storePath, files, new SessionCsvReader(), ScottishCouncilData.PeriodStart, ScottishCouncilData.PeriodEnd, sites);
    }

    /// <summary>Imports the operator's session CSV <paramref name="files"/> read with <paramref name="schema"/>, over the hours they cover.</summary>
    /// <param name="storePath">The node's store.</param>
    /// <param name="files">The session files.</param>
    /// <param name="schema">Their columns and formats.</param>
    /// <param name="sites">The sites to keep, or null for every site with load.</param>
    /// <exception cref="FileNotFoundException">A file is missing.</exception>
    /// <exception cref="InvalidDataException">No row is a valid session, or a site asked for is not in them.</exception>
    public static HomeImportSummary FromSessionFiles(string storePath, IReadOnlyList<string> files, SessionCsvSchema schema, IReadOnlyList<string>? sites)
    {
        ArgumentNullException.ThrowIfNull(files);
        foreach (var file in files)
        {
            if (!File.Exists(file))
            {
                throw new FileNotFoundException($"the session file {file} does not exist", file);
            }
        }

        return Import(storePath, files, new SessionCsvReader(schema), null, null, sites);
    }

    private static HomeImportSummary Import(string storePath, IReadOnlyList<string> files, SessionCsvReader reader, DateTime? from, DateTime? to, IReadOnlyList<string>? wanted)
    {
        var sessions = new List<ChargingSession>();
        foreach (var file in files)
        {
            sessions.AddRange(reader.ReadFile(file));
        }

        if (sessions.Count == 0)
        {
            throw new InvalidDataException($"no valid session in {string.Join(", ", files)}: {reader.Report}");
        }

        var start = from ?? FloorHour(sessions.Min(s => s.Start));
        var end = to ?? CeilingHour(sessions.Max(s => s.End));
        var loads = LoadSeriesBuilder.PerSite(sessions, start, end);
        var withLoad = loads.Values.Where(s => s.TotalKWh > 0).Select(s => s.Name).Order(StringComparer.Ordinal).ToList();
        var kept = wanted ?? withLoad;
        var unknown = kept.Where(s => !loads.ContainsKey(s)).ToList();
        if (unknown.Count > 0)
        {
            throw new InvalidDataException(
                $"no sessions at {string.Join(", ", unknown.Select(s => $"'{s}'"))} in {string.Join(", ", files.Select(Path.GetFileName))} over {start:yyyy-MM-dd} to {end:yyyy-MM-dd}; its sites with load are {string.Join(", ", withLoad)}");
        }

        if (kept.Count == 0)
        {
            throw new InvalidDataException($"no site has any load in {string.Join(", ", files)} over {start:yyyy-MM-dd} to {end:yyyy-MM-dd}");
        }

        var own = kept.ToHashSet(StringComparer.Ordinal);
        var ownSessions = sessions.Where(s => own.Contains(s.Site) && s.Start >= start && s.Start < end).ToList();
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(storePath))!);
        using var store = new NodeStore(storePath);
        store.SaveImport([.. kept.Select(s => loads[s])], reader.Report, [.. files.Select(Path.GetFileName).OfType<string>()]);
        store.SaveSessions(ownSessions);
        return new HomeImportSummary(store.Path, kept, ownSessions.Count, start, end, reader.Report);
    }

    private static DateTime FloorHour(DateTime time) => new(time.Year, time.Month, time.Day, time.Hour, 0, 0, time.Kind);

    private static DateTime CeilingHour(DateTime time)
    {
        var floor = FloorHour(time);
        return floor == time ? floor : floor.AddHours(1);
    }

    /// <summary>One line saying what was kept, for the console.</summary>
    public static string Describe(HomeImportSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{summary.Sites.Count} sites, {summary.Sessions} sessions, {summary.From:yyyy-MM-dd} to {summary.To:yyyy-MM-dd} -> {summary.StorePath}");
    }
}
