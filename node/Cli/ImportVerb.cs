using Consortium.Data.BatteryAgeing;
using Consortium.Node.Home;
using Consortium.Node.Import;
using Consortium.Node.Store;

namespace Consortium.Node.Cli;

/// <summary>
/// <c>consortium import</c>: an operator's own data into its own node's store (<c>--home</c>, <see cref="HomeImport"/>),
/// from a bundled council export or its own session files; or, without <c>--home</c>, the bundled councils cut into
/// several operators' stores under a data folder (<see cref="CouncilImport"/>).
/// </summary>
public static class ImportVerb
{
    /// <summary>The verb, binding its options to <see cref="Arguments"/>.</summary>
    public static Verb<Arguments> Create() => new(
        "import",
        "Import an operator's charging sessions into its node's store (--home with --council or --sessions), cell ageing records (--home with --cells: an automaker's, or an operator's own packs', next to its sessions), or cut the bundled council data into several operators' stores (--operators, --data-dir).",
        new Arguments(null, null, null, SessionFiles.None, null, null),
        Run)
    {
        { CliOption.Text("--home", "the node whose store receives the data (with --council or --sessions) [default: none, the bundled councils cut into --operators stores]", "DIR"), (a, v) => a with { Home = v } },
        { CliOption.Text("--council", "a council export folder as bundled, e.g. data/scotland/dundee (with --home) [default: none]", "DIR"), (a, v) => a with { Council = v } },
        { CliOption.Parsed<IReadOnlyList<string>?>("--sites", "the sites to keep, by name [default: every site with load]", null, text => Sites(text), "SITE,SITE"), (a, v) => a with { Sites = v } },
        { SessionFileOptions.Create("the operator's session CSV file; repeat for more (with --home) [default: none]", "--cells"), (a, v) => a with { Sessions = v } },
        { CliOption.Repeatable("--cells", "an automaker's per-cycle cell ageing CSV (plain or .gz), read with --columns cell=..,cycle=..,capacity=..,nominal=..,features=a;b;c[,source=..,chemistry=..], --delimiter, --decimal; or 'bundled:LAB' for a lab of the bundled table (XJTU, TJU, MIT); repeat for more (with --home) [default: none]", "FILE"), (a, v) => a with { Cells = v ?? [] } },
        { CliOption.OptionalInt("--operators", "without --home: operators to split the bundled councils' sites between [default: 3]", 2, 40), (a, v) => a with { Operators = v } },
        { CliOption.Text("--data-dir", "without --home: where the operators' stores are written [default: ./consortium-data]", "DIR"), (a, v) => a with { DataDir = v } },
    };

    private static IReadOnlyList<string> Sites(string text)
    {
        var sites = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return sites.Length == 0 ? throw new FormatException("name at least one site") : sites;
    }

    private static Task<int> Run(Arguments arguments, TextWriter output, CancellationToken cancellationToken)
    {
        if (arguments.Sessions.Files.Count == 0 && arguments.Cells.Count == 0 && arguments.Sessions.HasLayout)
        {
            throw new UsageException("--columns, --delimiter and --decimal describe --sessions or --cells files; give at least one");
        }

        if (arguments.Home is null)
        {
            if (arguments.Council is not null || arguments.Sessions.Files.Count > 0 || arguments.Sites is not null || arguments.Cells.Count > 0)
            {
                throw new UsageException("--council, --sessions, --cells and --sites import into a node's store: give --home DIR");
            }

            var dataDir = Path.GetFullPath(arguments.DataDir ?? Path.Combine(Directory.GetCurrentDirectory(), "consortium-data"));
            CouncilImport.Run(dataDir, arguments.Operators ?? 3, output);
            return Task.FromResult(0);
        }

        if (arguments.Operators is not null || arguments.DataDir is not null)
        {
            throw new UsageException("--operators and --data-dir cut the bundled data into several stores; with --home the data goes into that node's store");
        }

        if (arguments.Cells.Count > 0)
        {
            if (arguments.Council is not null || arguments.Sessions.Files.Count > 0 || arguments.Sites is not null)
            {
                throw new UsageException("--cells are cycle records, --council, --sessions and --sites charging sessions: import them in two calls");
            }

            return Task.FromResult(ImportCells(arguments, output));
        }

        if ((arguments.Council is null) == (arguments.Sessions.Files.Count == 0))
        {
            throw new UsageException("with --home give either --council DIR or --sessions FILE (an operator), or --cells FILE (an automaker)");
        }

        var home = NodeHome.Open(arguments.Home);
        if (home.Settings.Role is not (NodeRole.Operator or NodeRole.Automaker))
        {
            throw new UsageException($"{home.Settings.Name} is {Article(home.Settings.Role)} node; charging sessions go into an operator's store (or an automaker's that runs chargers too)");
        }

        var storePath = home.StorePath;
        var summary = arguments.Council is { } council
            ? HomeImport.FromCouncil(storePath, council, arguments.Sites)
            : HomeImport.FromSessionFiles(storePath, arguments.Sessions.Files, arguments.Sessions.Schema, arguments.Sites);
        output.WriteLine($"Read {summary.Report}");
        output.WriteLine($"{home.Settings.Name}: {HomeImport.Describe(summary)}");
        return Task.FromResult(0);
    }

    private static int ImportCells(Arguments arguments, TextWriter output)
    {
        var home = NodeHome.Open(arguments.Home!);
        if (home.Settings.Role is not (NodeRole.Automaker or NodeRole.Operator))
        {
            throw new UsageException($"{home.Settings.Name} is {Article(home.Settings.Role)} node; cell ageing records go into an automaker's store (or an operator's that holds its fleet's packs)");
        }

        BatteryCsvSchema schema;
        try
        {
            schema = BatteryColumnMapping.Parse(arguments.Sessions.Layout.Columns, arguments.Sessions.Layout.Delimiter, arguments.Sessions.Layout.Decimal);
        }
        catch (FormatException e)
        {
            throw new UsageException(e.Message);
        }

        var cells = new List<BatteryCell>();
        foreach (var file in arguments.Cells)
        {
            if (file.StartsWith("bundled:", StringComparison.Ordinal))
            {
                var lab = file["bundled:".Length..];
                var labs = BundledBatteryData.Load(out var bundled);
                cells.AddRange(labs.TryGetValue(lab, out var own)
                    ? own
                    : throw new UsageException($"the bundled table has no lab '{lab}'; it has {string.Join(", ", BundledBatteryData.Labs)}"));
                output.WriteLine($"Read the bundled table: {bundled}; kept lab {lab}");
                continue;
            }

            var reader = new BatteryCsvReader(schema);
            cells.AddRange(reader.ReadFile(Path.GetFullPath(file)));
            output.WriteLine($"Read {file}: {reader.Report}");
        }

        var repeated = cells.GroupBy(c => (c.Source, c.Id)).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null)
        {
            throw new UsageException($"cell {repeated.Key.Id} is in more than one of the files; each cell belongs to one file");
        }

        if (cells.Count == 0)
        {
            throw new UsageException("the files hold no usable cycle; nothing was imported");
        }

        using (var store = new NodeStore(home.StorePath))
        {
            store.SaveCells(cells);
        }

        output.WriteLine($"{home.Settings.Name}: {cells.Count} cells, {cells.Sum(c => c.Cycles.Count)} cycles ({string.Join(", ", cells.GroupBy(c => c.Chemistry).Select(g => $"{g.Count()} {(g.Key.Length > 0 ? g.Key : "unknown chemistry")}"))}) in {home.StorePath}");
        return 0;
    }

    /// <summary>What the verb runs with.</summary>
    /// <param name="Home">The node's home folder, or null for the several-operator cut.</param>
    /// <param name="Council">A council export folder, or null.</param>
    /// <param name="Sites">The sites to keep, or null for all with load.</param>
    /// <param name="Sessions">The operator's session files and their layout.</param>
    /// <param name="Operators">Operators of the several-operator cut, or null for the default.</param>
    /// <param name="DataDir">Where the several-operator cut writes, or null for the default.</param>
    public sealed record Arguments(string? Home, string? Council, IReadOnlyList<string>? Sites, SessionFiles Sessions, int? Operators, string? DataDir)
    {
        /// <summary>An automaker's cycle files (or <c>bundled:LAB</c>), for <c>--home</c>.</summary>
        public IReadOnlyList<string> Cells { get; init; } = [];
    }

    /// <summary>"an auditor", "a coordinator": the role with its article.</summary>
    private static string Article(NodeRole role)
    {
        var name = role.ToString().ToLowerInvariant();
        return ("aeiou".Contains(name[0], StringComparison.Ordinal) ? "an " : "a ") + name;
    }
}
