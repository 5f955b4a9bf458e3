using System.Globalization;
using Consortium.Data.BatteryAgeing;
using Consortium.Data.Councils;
using Consortium.Data.Sessions;
using Consortium.Experiments.Battery;
using Consortium.Experiments.Forecasting;

namespace Consortium.Node.Cli;

/// <summary>
/// <c>consortium experiment</c>: seasonal naive, local-only, centralized and federated forecasting
/// (every strategy, under attack with every aggregator, with DP) compared on one test period, in-process.
/// </summary>
public static class ExperimentVerb
{
    private const string Description = """
        Compare seasonal naive, local-only, centralized and federated forecasting (strategies, attacks with robust
        aggregators, DP) on one test period; writes a JSON report and a PNG plot. With --task battery: the automakers'
        state-of-health estimator, local-only, centralized, federated (each strategy), personalized (FedPer), under
        attack and for a newcomer, tested on held-out cells of each lab.
        """;

    private static readonly Choice<bool>[] Tasks = [new("forecast", false), new("battery", true)];

    /// <summary>The verb, binding its options to <see cref="Arguments"/> around an <see cref="ExperimentOptions"/>.</summary>
    public static Verb<Arguments> Create() => new("experiment", Description, new Arguments(new ExperimentOptions(), false, null, string.Empty, string.Empty, null, SessionFiles.None), RunAsync)
    {
        { CliOption.Choice("--task", "what to compare: the operators' load forecast, or the automakers' battery state-of-health estimator (which reads --rounds, --epochs, --seed, --strategies, --report, --plot and --newcomer)", "forecast", Tasks), (a, v) => a with { Battery = v.Value } },
        // --quick first: the defaults of --rounds and --window-stride depend on it.
        { CliOption.Flag("--quick", "a quick run: 3 rounds and a 12-hour window stride, unless --rounds or --window-stride say otherwise"), (a, v) => a with { Quick = v } },
        { CliOption.OptionalInt("--rounds", "federated rounds (local-only and centralized settings train for rounds × epochs epochs) [default: 20, 3 with --quick]", 1, 1000, "K"), (a, v) => a with { Options = a.Options with { Rounds = v ?? (a.Quick ? 3 : 20) } } },
        { CliOption.Int("--epochs", "local epochs per round", 1, 1, 100, "E"), (a, v) => a with { Options = a.Options with { LocalEpochs = v } } },
        { CliOption.OptionalInt("--window-stride", "hours between training windows (evaluation reads every window) [default: 2, 12 with --quick]", 1, 168, "H"), (a, v) => a with { Options = a.Options with { WindowStride = v ?? (a.Quick ? 12 : 2) } } },
        { CliOption.Choice("--model", "the forecast network every setting trains", "mlp", DemoVerb.Models), (a, v) => a with { Options = a.Options with { Model = v.Value } } },
        { CliOption.Int("--seed", "fixes the initial model and every minibatch order", 7, 0, helpName: "S"), (a, v) => a with { Options = a.Options with { Seed = v } } },
        { CliOption.OptionalInt("--parallel", "settings trained at the same time [default: the number of cores]", 1, 64), (a, v) => a with { Options = a.Options with { Parallelism = v ?? Math.Max(1, Environment.ProcessorCount) } } },
        { CliOption.OptionalInt("--operators", "operators of the base consortium: cut from the bundled data, or the session files grouped into [default: 3, or one per session file]", 2, 40), (a, v) => a with { Options = a.Options with { Operators = v ?? 3 }, SessionOperators = v } },
        { CliOption.Parsed<IReadOnlyList<string>?>("--settings", "the groups of settings to run: some of baselines,strategies,attacks,dp [default: all]", null, text => SomeOf(text, ExperimentPlan.Groups), "GROUP,GROUP"), (a, v) => a with { Groups = v } },
        { CliOption.Parsed<IReadOnlyList<string>?>("--strategies", "the strategies of the federated settings without attack: some of fedavg,fedprox,fedadam,fedyogi [default: all]", null, text => SomeOf(text, StrategyCatalog.Strategies), "NAME,NAME"), (a, v) => v is null ? a : a with { Options = a.Options with { Strategies = v } } },
        { CliOption.Parsed<IReadOnlyList<double>?>("--attack-factors", "how much the sign-flip, scaled and label-corruption attackers scale their changes [default: 5,10,1]", null, AttackFactors, "SIGN-FLIP,SCALED,LABEL"), (a, v) => v is not { } f ? a : a with { Options = a.Options with { SignFlipFactor = f[0], ScaledFactor = f[1], LabelCorruptionFactor = f[2] } } },
        { CliOption.Parsed<IReadOnlyList<double>?>("--dp-epsilons", "the ε of the DP settings, local and on the secure sum [default: 1,3,8]", null, Positives, "E,E"), (a, v) => v is null ? a : a with { Options = a.Options with { Epsilons = v } } },
        { CliOption.Parsed<IReadOnlyList<int>?>("--dp-members", "consortium sizes of the DP settings, besides the base one and one member per site [default: 3,7]", null, MemberCounts, "N,N"), (a, v) => v is null ? a : a with { Options = a.Options with { DpConsortia = v } } },
        { CliOption.Flag("--dp-no-site-split", "leave out the DP settings on one member per site (and the simulations on it)"), (a, v) => a with { Options = a.Options with { DpBySite = !v } } },
        { CliOption.Parsed<IReadOnlyList<int>?>("--dp-simulated-members", "member counts past the data at which DP on the secure sum is simulated on the per-site consortium [default: 100,300,1000,3000,10000]", null, MemberCounts, "M,M"), (a, v) => v is null ? a : a with { Options = a.Options with { DpSimulatedMembers = v } } },
        { CliOption.Int("--dp-sum-slack", "on the secure sum, inputs that may be missing with the guarantee kept: m_min = members - slack", 1, 0, 1000, "K"), (a, v) => a with { Options = a.Options with { DpSumSlack = v } } },
        { CliOption.Text("--report", "where to write the JSON report [default: experiment.json]", "PATH"), (a, v) => a with { ReportPath = Path.GetFullPath(v ?? "experiment.json") } },
        { CliOption.Text("--plot", "where to draw the best federated forecast [default: the report's path with .png]", "PATH"), (a, v) => a with { PlotPath = Path.GetFullPath(v ?? Path.ChangeExtension(a.ReportPath, ".png")) } },
        { SessionFileOptions.Create("a session CSV file, one operator each unless --operators groups them; repeat for more [default: the bundled Scottish council data]", "--newcomer"), (a, v) => a with { Sessions = v } },
        { CliOption.Text("--newcomer", "with --task battery, another lab's cycle CSV (read with --columns cell=..,cycle=..,capacity=..,nominal=..,features=a;b;c, --delimiter, --decimal) that joins as a newcomer [default: each bundled lab left out in turn]", "FILE"), (a, v) => a with { Newcomer = v is null ? null : Path.GetFullPath(v) } },
    };

    private static async Task<int> RunAsync(Arguments arguments, TextWriter output, CancellationToken cancellationToken)
    {
        if (arguments.Battery)
        {
            return await Task.Run(() => RunBattery(arguments, output, cancellationToken), cancellationToken).ConfigureAwait(false);
        }

        if (arguments.Newcomer is not null || (arguments.Sessions.Files.Count == 0 && arguments.Sessions.HasLayout))
        {
            throw new UsageException("--newcomer, and --columns, --delimiter or --decimal without --sessions, belong to --task battery");
        }

        var options = arguments.Options;
        var data = LoadData(arguments.Sessions, arguments.SessionOperators, options, output);
        var settings = ExperimentPlan.Full(options, data, arguments.Groups);
        output.WriteLine($"{settings.Count} settings, {options.Rounds} rounds of {options.LocalEpochs} epoch(s), {options.Parallelism} at a time");
        var results = await new ExperimentRunner(data, options, output).RunAsync(settings, cancellationToken).ConfigureAwait(false);
        var targets = ExperimentTargets.Evaluate(results.Settings);
        ExperimentReport.Write(arguments.ReportPath, results, targets);
        output.WriteLine(ExperimentTable.Format(results, targets));
        output.WriteLine($"Report: {arguments.ReportPath}");
        if ((ExperimentTargets.BestFederated(results.Settings) ?? results.Settings.FirstOrDefault(r => r.Setting.Trains)) is { } best)
        {
            var naive = results.Settings.FirstOrDefault(r => r.Setting.Kind == SettingKind.SeasonalNaive && r.Members.Count == best.Members.Count);
            ExperimentPlot.Write(arguments.PlotPath, best, naive);
            output.WriteLine($"Plot: {arguments.PlotPath}");
        }

        var privacyPlot = Path.Combine(Path.GetDirectoryName(arguments.PlotPath) ?? ".", Path.GetFileNameWithoutExtension(arguments.PlotPath) + "-dp.png");
        if (PrivacyPlot.Write(privacyPlot, results.Settings))
        {
            output.WriteLine($"DP plot: {privacyPlot}");
        }

        return 0;
    }

    private static int RunBattery(Arguments arguments, TextWriter output, CancellationToken cancellationToken)
    {
        if (arguments.Sessions.Files.Count > 0)
        {
            throw new UsageException("--sessions are an operator's charging sessions; with --task battery give another lab's cycles as --newcomer FILE");
        }

        output.WriteLine("Reading the bundled cell ageing table (three labs, one automaker member each)");
        var labs = new Dictionary<string, IReadOnlyList<BatteryCell>>(BundledBatteryData.Load(out var report));
        var newcomers = new Dictionary<string, IReadOnlyList<BatteryCell>>();
        output.WriteLine($"  {report}");
        if (arguments.Newcomer is { } path)
        {
            var layout = arguments.Sessions.Layout;
            BatteryCsvSchema schema;
            try
            {
                schema = BatteryColumnMapping.Parse(layout.Columns, layout.Delimiter, layout.Decimal);
            }
            catch (FormatException e)
            {
                throw new UsageException(e.Message);
            }

            var reader = new BatteryCsvReader(schema);
            var cells = reader.ReadFile(path);
            output.WriteLine($"  newcomer {Path.GetFileName(path)}: {reader.Report}");
            if (schema.FeatureColumns.Count != BatteryCsvSchema.ChargeCurveFeatures.Count)
            {
                throw new UsageException($"the newcomer's file maps {schema.FeatureColumns.Count} features; the consortium's estimator reads the {BatteryCsvSchema.ChargeCurveFeatures.Count} charge-curve features ({string.Join(";", BatteryCsvSchema.ChargeCurveFeatures)})");
            }

            newcomers[Path.GetFileNameWithoutExtension(path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? path[..^3] : path)] = cells;
        }

        foreach (var (lab, cells) in labs.Concat(newcomers))
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  member {lab,-8} {cells.Count,4} cells, {cells.Sum(c => c.Cycles.Count),6} cycles, {string.Join("/", cells.Select(c => c.Chemistry).Distinct())}"));
        }

        var options = new BatteryExperimentOptions(arguments.Options.Rounds, arguments.Options.LocalEpochs, arguments.Options.Seed)
        {
            Strategies = arguments.Options.Strategies,
        };
        var experiment = new BatteryExperiment(labs, options, output, newcomers);
        output.WriteLine($"Training: {options.Rounds} rounds of {options.LocalEpochs} epoch(s); test cells held out per member: {string.Join(", ", experiment.Splits.Select(s => $"{s.Name} {s.Test.Count}"))}");
        var results = experiment.Run(cancellationToken);
        BatteryExperimentReport.Write(arguments.ReportPath, results);
        output.WriteLine();
        output.Write(BatteryExperimentReport.Table(results));
        output.WriteLine($"Report: {arguments.ReportPath}");
        var personalized = results.Settings.Where(r => r.Setting is "federated-personalized" or "federated-fine-tuned").MinBy(r => r.Mean.Mae)!;
        BatteryExperimentPlot.Write(arguments.PlotPath, experiment, results, personalized.Label);
        output.WriteLine($"Plot: {arguments.PlotPath}");
        return 0;
    }

    /// <summary>The comma-separated names in <paramref name="text"/>, each one of <paramref name="known"/>.</summary>
    private static IReadOnlyList<string> SomeOf(string text, IReadOnlyList<string> known)
    {
        var names = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (names.Length == 0)
        {
            throw new FormatException($"'{text}' names none of {string.Join(", ", known)}");
        }

        return names.FirstOrDefault(n => !known.Contains(n)) is { } unknown
            ? throw new FormatException($"'{unknown}' is none of {string.Join(", ", known)}")
            : names;
    }

    private static IReadOnlyList<double> Positives(string text)
    {
        var values = new List<double>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            values.Add(double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0 && double.IsFinite(value)
                ? value
                : throw new FormatException($"'{part}' is not a positive number"));
        }

        return values.Count > 0 ? values : throw new FormatException($"'{text}' names no number");
    }

    private static IReadOnlyList<int> MemberCounts(string text)
    {
        var values = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            values.Add(int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value is >= 2 and <= 10_000_000
                ? value
                : throw new FormatException($"'{part}' is not a member count between 2 and 10000000"));
        }

        return values.Count > 0 ? values : throw new FormatException($"'{text}' names no member count");
    }

    private static IReadOnlyList<double> AttackFactors(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var factors = new double[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out factors[i]) || !(factors[i] > 0) || !double.IsFinite(factors[i]))
            {
                factors = [];
                break;
            }
        }

        return factors.Length == 3
            ? factors
            : throw new FormatException($"'{text}' is not three positive numbers SIGN-FLIP,SCALED,LABEL (e.g. 5,10,1)");
    }

    private static ExperimentData LoadData(SessionFiles sessions, int? operators, ExperimentOptions options, TextWriter output)
    {
        var sizes = options.AttackConsortia.Select(a => a.Members).Concat(options.DpConsortia).ToList();
        ExperimentData data;
        if (sessions.Files.Count == 0)
        {
            output.WriteLine("Reading the bundled Scottish council sessions");
            data = ExperimentData.FromScottishCouncils(ScottishCouncilData.Load(ScottishCouncilData.LocateRoot()), options.Operators, sizes, options.WindowStride, options.DpBySite);
        }
        else
        {
            output.WriteLine($"Reading {sessions.Files.Count} session file(s)");
            data = ExperimentData.FromSessionFiles(sessions.Files, sessions.Schema, operators, sizes, options.WindowStride, output);
        }

        foreach (var member in data.Base.Members)
        {
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"  operator {member.Name,-16} {member.Sites.Count,3} sites, mean load {member.Load.TotalKWh / member.Load.Kw.Length,7:F1} kW, {member.Training.Count} training windows"));
        }

        foreach (var note in data.Notes)
        {
            output.WriteLine($"  note: {note}");
        }

        return data;
    }

    /// <summary>What the verb runs with.</summary>
    /// <param name="Options">How the experiment trains and attacks.</param>
    /// <param name="Quick">Whether <c>--quick</c> was given.</param>
    /// <param name="SessionOperators">Operators the session files are grouped into, or null for one per file.</param>
    /// <param name="ReportPath">Where the JSON report goes (absolute).</param>
    /// <param name="PlotPath">Where the plot goes (absolute).</param>
    /// <param name="Groups">The groups of settings to run (<see cref="ExperimentPlan.Groups"/>), or null for all.</param>
    /// <param name="Sessions">Session files to read instead of the bundled data, and how.</param>
    public sealed record Arguments(
        ExperimentOptions Options,
        bool Quick,
        int? SessionOperators,
        string ReportPath,
        string PlotPath,
        IReadOnlyList<string>? Groups,
        SessionFiles Sessions)
    {
        /// <summary>Whether <c>--task battery</c> was given.</summary>
        public bool Battery { get; init; }

        /// <summary>With <c>--task battery</c>, another lab's cycle file joining as a newcomer (absolute), or null.</summary>
        public string? Newcomer { get; init; }
    }
}
