using System.Globalization;
using Consortium.Data.Councils;
using Consortium.Data.Sessions;
using Consortium.Experiments.Forecasting;
using Consortium.Fl.Models;

namespace Consortium.Node.Cli;

/// <summary>
/// <c>consortium experiment</c>: seasonal naive, local-only, centralized and federated forecasting
/// (every strategy, under attack with every aggregator, with DP) compared on one test period, in-process.
/// </summary>
public static class ExperimentVerb
{
    /// <summary>The verb's lines of the usage text.</summary>
    public const string Usage = """
          experiment compare seasonal naive, local-only, centralized and federated forecasting (strategies, attacks
                    with robust aggregators, DP) on one test period; writes a JSON report and a PNG plot
                      --report PATH (experiment.json)  --plot PATH (report with .png)  --rounds K (20)  --epochs E (1)
                      --window-stride H (2)  --model mlp|gru (mlp)  --seed S  --parallel N (cores)  --quick  --operators N (3)
                      --settings baselines,strategies,attacks,dp (all)  --strategies fedavg,fedprox,fedadam,fedyogi (all)
                      --attack-factors SIGN-FLIP,SCALED,LABEL (5,10,1)
                      --sessions FILE ... [--columns site=..,start=..,end=..,kwh=..[,chargepoint=..,model=..]
                      --delimiter C --decimal C --time-format F]
        """;

    /// <summary>Runs the verb with its raw arguments (after the verb name).</summary>
    /// <exception cref="UsageException">An option is unknown or out of range, or the column mapping is unusable.</exception>
    /// <exception cref="SessionDataException">A session file cannot be read; the message names file, line and column.</exception>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        var line = CommandLine.Parse(args, "quick");
        var options = ReadOptions(line);
        var report = Path.GetFullPath(line.Text("report") ?? "experiment.json");
        var plot = Path.GetFullPath(line.Text("plot") ?? Path.ChangeExtension(report, ".png"));
        var groups = line.Text("settings") is { } only ? only.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) : null;
        if (groups?.FirstOrDefault(g => !ExperimentPlan.Groups.Contains(g)) is { } unknownGroup)
        {
            throw new UsageException($"option --settings takes {string.Join(", ", ExperimentPlan.Groups)}; '{unknownGroup}' is none of them");
        }

        var sessions = line.All("sessions");
        int? operators = line.Text("operators") is null ? null : options.Operators;
        var layout = line.Text("columns") is not null || line.Text("delimiter") is not null || line.Text("decimal") is not null || line.All("time-format").Count > 0;
        SessionCsvSchema schema;
        try
        {
            schema = SessionColumnMapping.Parse(line.Text("columns"), line.Text("delimiter"), line.Text("decimal"), line.All("time-format"));
        }
        catch (FormatException e)
        {
            throw new UsageException(e.Message);
        }

        line.RejectUnknown();
        if (sessions.Count == 0 && layout)
        {
            throw new UsageException("--columns, --delimiter, --decimal and --time-format describe --sessions files; give at least one --sessions FILE");
        }

        var data = LoadData(sessions, schema, operators, options, output);
        var settings = ExperimentPlan.Full(options, data, groups);
        output.WriteLine($"{settings.Count} settings, {options.Rounds} rounds of {options.LocalEpochs} epoch(s), {options.Parallelism} at a time");
        var results = await new ExperimentRunner(data, options, output).RunAsync(settings, cancellationToken).ConfigureAwait(false);
        var targets = ExperimentTargets.Evaluate(results.Settings);
        ExperimentReport.Write(report, results, targets);
        output.WriteLine(ExperimentTable.Format(results, targets));
        output.WriteLine($"Report: {report}");
        if ((ExperimentTargets.BestFederated(results.Settings) ?? results.Settings.FirstOrDefault(r => r.Setting.Trains)) is { } best)
        {
            var naive = results.Settings.FirstOrDefault(r => r.Setting.Kind == SettingKind.SeasonalNaive && r.Members.Count == best.Members.Count);
            ExperimentPlot.Write(plot, best, naive);
            output.WriteLine($"Plot: {plot}");
        }

        return 0;
    }

    private static ExperimentOptions ReadOptions(CommandLine line)
    {
        var quick = line.Flag("quick");
        var options = new ExperimentOptions
        {
            Rounds = line.Int("rounds", quick ? 3 : 20, 1, 1000),
            LocalEpochs = line.Int("epochs", 1, 1, 100),
            WindowStride = line.Int("window-stride", quick ? 12 : 2, 1, 168),
            Seed = line.Int("seed", 7, 0),
            Parallelism = line.Int("parallel", Math.Max(1, Environment.ProcessorCount), 1, 64),
            Operators = line.Int("operators", 3, 2, 40),
            Model = line.Text("model", "mlp") switch
            {
                "gru" => ForecastModelKind.Gru,
                "mlp" => ForecastModelKind.Mlp,
                var other => throw new UsageException($"option --model must be gru or mlp, got '{other}'"),
            },
        };
        if (line.Text("strategies") is { } strategies)
        {
            var names = strategies.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (names.Length == 0 || names.Any(n => !StrategyCatalog.Strategies.Contains(n)))
            {
                throw new UsageException($"option --strategies takes some of {string.Join(", ", StrategyCatalog.Strategies)}, got '{strategies}'");
            }

            options = options with { Strategies = names };
        }

        if (line.Text("attack-factors") is { } text)
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

            if (factors.Length != 3)
            {
                throw new UsageException($"option --attack-factors takes three positive numbers SIGN-FLIP,SCALED,LABEL (e.g. 5,10,1), got '{text}'");
            }

            options = options with { SignFlipFactor = factors[0], ScaledFactor = factors[1], LabelCorruptionFactor = factors[2] };
        }

        return options;
    }

    private static ExperimentData LoadData(IReadOnlyList<string> sessions, SessionCsvSchema schema, int? operators, ExperimentOptions options, TextWriter output)
    {
        var sizes = options.AttackConsortia.Select(a => a.Members).ToList();
        ExperimentData data;
        if (sessions.Count == 0)
        {
            output.WriteLine("Reading the bundled Scottish council sessions");
            data = ExperimentData.FromScottishCouncils(ScottishCouncilData.Load(ScottishCouncilData.LocateRoot()), options.Operators, sizes, options.WindowStride);
        }
        else
        {
            output.WriteLine($"Reading {sessions.Count} session file(s)");
            data = ExperimentData.FromSessionFiles(sessions, schema, operators, sizes, options.WindowStride, output);
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
}
