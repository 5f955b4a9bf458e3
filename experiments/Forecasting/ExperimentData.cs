using System.Globalization;
using Consortium.Data.Councils;
using Consortium.Data.Loads;
using Consortium.Data.Sessions;

namespace Consortium.Experiments.Forecasting;

/// <summary>
/// The consortia an experiment runs on, all cut from one set of sites over one period: the base
/// consortium (seasonal naive, local-only, centralized, every strategy, DP) and the larger ones the
/// attacks need.
/// </summary>
public sealed class ExperimentData
{
    private readonly Dictionary<int, ExperimentConsortium> _bySize;

    private ExperimentData(string source, ExperimentConsortium baseConsortium, Dictionary<int, ExperimentConsortium> bySize, IReadOnlyList<string> notes, ExperimentConsortium? bySite = null)
    {
        Source = source;
        Base = baseConsortium;
        _bySize = bySize;
        Notes = notes;
        BySite = bySite;
        if (bySite is not null)
        {
            _bySize.TryAdd(bySite.Count, bySite);
        }
    }

    /// <summary>The consortium of one member per site with load, the most members the data allows; null unless asked for.</summary>
    public ExperimentConsortium? BySite { get; }

    /// <summary>Where the sessions came from.</summary>
    public string Source { get; }

    /// <summary>The consortium of the comparisons without attack.</summary>
    public ExperimentConsortium Base { get; }

    /// <summary>What could not be built, e.g. an attack consortium larger than the number of sites.</summary>
    public IReadOnlyList<string> Notes { get; }

    /// <summary>Start of the first hour.</summary>
    public DateTime FirstHour => Base.Members[0].Load.FirstHour;

    /// <summary>Hours in the period.</summary>
    public int Hours => Base.Members[0].Load.Kw.Length;

    /// <summary>The consortium of <paramref name="members"/> operators, if it could be cut.</summary>
    public bool TryGet(int members, out ExperimentConsortium consortium)
    {
        if (members == Base.Count)
        {
            consortium = Base;
            return true;
        }

        return _bySize.TryGetValue(members, out consortium!);
    }

    /// <summary>
    /// The bundled Scottish council data (<see cref="ScottishCouncilData"/>): the base consortium is
    /// <see cref="ScottishCouncilData.Plan"/>(<paramref name="operators"/>), each extra size its own plan.
    /// </summary>
    /// <param name="data">The councils' loads.</param>
    /// <param name="operators">Operators of the base consortium.</param>
    /// <param name="extraSizes">Other consortium sizes to cut.</param>
    /// <param name="trainingStride">Hours between training windows.</param>
    /// <param name="bySite">Whether to build <see cref="BySite"/> too: every site with load of both councils a member of its own.</param>
    public static ExperimentData FromScottishCouncils(ScottishCouncilData data, int operators, IEnumerable<int> extraSizes, int trainingStride, bool bySite = false)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(extraSizes);
        ExperimentConsortium Cut(int size) => new(data.Plan(size).Select(plan =>
        {
            var council = data.ByCouncil[plan.Council];
            var load = HourlyLoadSeries.Sum(plan.Name, plan.Sites.Select(s => council.Sites[s]).ToList());
            return new ExperimentOperator(plan.Name, plan.Sites, load, trainingStride);
        }).ToList());

        var bySize = new Dictionary<int, ExperimentConsortium>();
        foreach (var size in extraSizes.Distinct())
        {
            if (size != operators)
            {
                bySize[size] = Cut(size);
            }
        }

        ExperimentConsortium? sites = null;
        if (bySite)
        {
            sites = new(data.ByCouncil.OrderBy(c => c.Key, StringComparer.Ordinal).SelectMany(council => council.Value.Sites.Values
                .Where(s => s.TotalKWh > 0)
                .OrderBy(s => s.Name, StringComparer.Ordinal)
                .Select(s => new ExperimentOperator($"{council.Key}/{s.Name}", [s.Name], s, trainingStride))).ToList());
        }

        return new ExperimentData($"bundled Scottish council sessions ({data.Root})", Cut(operators), bySize, [], sites);
    }

    /// <summary>
    /// Session files read with one schema. Each file is an operator, or with <paramref name="operators"/>
    /// the sites of all files are cut into that many operators of about equal energy. The period is
    /// the whole hours the sessions cover. Attack consortia are cut from all sites the same way; a size
    /// larger than the number of sites with load is left out and noted.
    /// </summary>
    /// <exception cref="SessionDataException">A file cannot be read; the message names file, line and column.</exception>
    public static ExperimentData FromSessionFiles(
        IReadOnlyList<string> files,
        SessionCsvSchema schema,
        int? operators,
        IEnumerable<int> extraSizes,
        int trainingStride,
        TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(extraSizes);
        ArgumentNullException.ThrowIfNull(output);
        if (files.Count == 0)
        {
            throw new ArgumentException("No session file was given.", nameof(files));
        }

        var perFile = new List<(string Name, List<ChargingSession> Sessions)>();
        foreach (var file in files)
        {
            var reader = new SessionCsvReader(schema);
            var sessions = reader.ReadFile(file);
            output.WriteLine($"  {Path.GetFileName(file)}: {reader.Report}");
            if (sessions.Count == 0)
            {
                throw new SessionDataException(file, 1, null, "no row is a usable session (see the counts above)");
            }

            perFile.Add((OperatorName(file), sessions));
        }

        var all = perFile.SelectMany(f => f.Sessions).ToList();
        var from = FloorHour(all.Min(s => s.Start));
        var to = CeilingHour(all.Max(s => s.End));
        var sites = LoadSeriesBuilder.PerSite(all, from, to);
        var withLoad = sites.Values.Where(s => s.TotalKWh > 0).ToList();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  period {from:yyyy-MM-dd HH:mm} to {to:yyyy-MM-dd HH:mm} ({(to - from).TotalHours:F0} h), {withLoad.Count} sites with load"));

        ExperimentOperator Build(string name, IReadOnlyList<HourlyLoadSeries> parts) =>
            new(name, parts.Select(p => p.Name).ToList(), HourlyLoadSeries.Sum(name, parts), trainingStride);

        ExperimentConsortium baseConsortium;
        if (operators is { } count)
        {
            baseConsortium = new ExperimentConsortium(EnergyGroups.Cut(withLoad, count).Select((g, i) => Build(EnergyGroups.GroupName("operator", i, count), g)).ToList());
        }
        else
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            baseConsortium = new ExperimentConsortium(perFile.Select(f =>
            {
                var name = names.Add(f.Name) ? f.Name : $"{f.Name}-{names.Count}";
                var mine = f.Sessions.Select(s => s.Site).ToHashSet(StringComparer.Ordinal);
                var parts = sites.Values.Where(s => mine.Contains(s.Name)).ToList();
                return Build(name, parts);
            }).ToList());
        }

        var bySize = new Dictionary<int, ExperimentConsortium>();
        var notes = new List<string>();
        foreach (var size in extraSizes.Distinct())
        {
            if (size == baseConsortium.Count)
            {
                continue;
            }

            if (withLoad.Count < size)
            {
                notes.Add($"a consortium of {size} operators needs {size} sites with load, the files have {withLoad.Count}; its settings are left out");
                continue;
            }

            bySize[size] = new ExperimentConsortium(EnergyGroups.Cut(withLoad, size).Select((g, i) => Build(EnergyGroups.GroupName("member", i, size), g)).ToList());
        }

        return new ExperimentData($"{files.Count} session file(s): {string.Join(", ", files.Select(Path.GetFileName))}", baseConsortium, bySize, notes);
    }

    private static string OperatorName(string file)
    {
        var name = Path.GetFileName(file);
        foreach (var extension in new[] { ".gz", ".csv", ".txt" })
        {
            if (name.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
            {
                name = name[..^extension.Length];
            }
        }

        return name.Length == 0 ? "operator" : name;
    }

    private static DateTime FloorHour(DateTime time) => new(time.Year, time.Month, time.Day, time.Hour, 0, 0, time.Kind);

    private static DateTime CeilingHour(DateTime time)
    {
        var floor = FloorHour(time);
        return floor == time ? floor : floor.AddHours(1);
    }
}
