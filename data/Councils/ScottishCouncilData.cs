using Consortium.Data.Loads;
using Consortium.Data.Sessions;

namespace Consortium.Data.Councils;

/// <summary>
/// The bundled Scottish council session exports (data/scotland, Open Government Licence v3.0) and
/// how a demo consortium is cut from them: the year both councils cover, Sep 2017 to Aug 2018,
/// with Dundee's sites and Perth &amp; Kinross's sites split into groups of about equal energy.
/// </summary>
public sealed class ScottishCouncilData
{
    /// <summary>First hour of the period both councils cover.</summary>
    public static readonly DateTime PeriodStart = new(2017, 9, 1);

    /// <summary>End of that period (exclusive).</summary>
    public static readonly DateTime PeriodEnd = new(2018, 9, 1);

    /// <summary>The councils, each a folder of session files.</summary>
    public static readonly IReadOnlyList<string> Councils = ["dundee", "perth-kinross"];

    private ScottishCouncilData(string root, IReadOnlyDictionary<string, CouncilLoads> councils)
    {
        Root = root;
        ByCouncil = councils;
    }

    /// <summary>The data/scotland folder read.</summary>
    public string Root { get; }

    /// <summary>Per council: its sessions, site loads and the import counts.</summary>
    public IReadOnlyDictionary<string, CouncilLoads> ByCouncil { get; }

    /// <summary>Finds data/scotland above the program's folder or the working directory.</summary>
    public static string LocateRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "data", "scotland");
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new DirectoryNotFoundException(
            $"The bundled session data (data/scotland) was not found above {AppContext.BaseDirectory} or {Directory.GetCurrentDirectory()}.");
    }

    /// <summary>Reads every council's session files and builds hourly loads per site over the period.</summary>
    public static ScottishCouncilData Load(string root)
    {
        var councils = new Dictionary<string, CouncilLoads>(StringComparer.Ordinal);
        foreach (var council in Councils)
        {
            var folder = Path.Combine(root, council);
            var files = Directory.GetFiles(folder, "*.csv*")
                .Where(f => !Path.GetFileName(f).StartsWith("cp-locations", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal)
                .ToList();
            if (files.Count == 0)
            {
                throw new DirectoryNotFoundException($"No session files in {folder}.");
            }

            var reader = new SessionCsvReader();
            var sessions = new List<ChargingSession>();
            foreach (var file in files)
            {
                sessions.AddRange(reader.ReadFile(file));
            }

            var sites = LoadSeriesBuilder.PerSite(sessions, PeriodStart, PeriodEnd);
            councils.Add(council, new CouncilLoads(council, files, reader.Report, sites, sessions));
        }

        return new ScottishCouncilData(root, councils);
    }

    /// <summary>
    /// Cuts <paramref name="operators"/> operators: Dundee (the larger network) gets two thirds of
    /// them, Perth &amp; Kinross the rest (at least one each); within a council, sites go greedily,
    /// largest first, to the group with the least energy so far.
    /// </summary>
    public IReadOnlyList<OperatorPlan> Plan(int operators)
    {
        if (operators < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(operators), operators, "A consortium needs at least two operators.");
        }

        var perthGroups = Math.Max(1, operators / 3);
        var dundeeGroups = operators - perthGroups;
        return [.. Split(ByCouncil["dundee"], dundeeGroups), .. Split(ByCouncil["perth-kinross"], perthGroups)];
    }

    private static IEnumerable<OperatorPlan> Split(CouncilLoads council, int groups)
    {
        var sites = council.Sites.Values.Where(s => s.TotalKWh > 0).OrderByDescending(s => s.TotalKWh).ThenBy(s => s.Name, StringComparer.Ordinal).ToList();
        if (sites.Count < groups)
        {
            throw new ArgumentOutOfRangeException(nameof(groups), groups, $"{council.Name} has only {sites.Count} sites with load; it cannot be split into {groups} operators.");
        }

        var members = Enumerable.Range(0, groups).Select(_ => new List<HourlyLoadSeries>()).ToList();
        var energy = new double[groups];
        foreach (var site in sites)
        {
            var lightest = Array.IndexOf(energy, energy.Min());
            members[lightest].Add(site);
            energy[lightest] += site.TotalKWh;
        }

        for (var g = 0; g < groups; g++)
        {
            var name = groups == 1 ? council.Name : $"{council.Name}-{(char)('a' + g % 26)}{(g >= 26 ? (g / 26).ToString(System.Globalization.CultureInfo.InvariantCulture) : string.Empty)}";
            yield return new OperatorPlan(name, council.Name, members[g].Select(s => s.Name).Order(StringComparer.Ordinal).ToList(), energy[g]);
        }
    }
}
