using Consortium.Contracts.Chain;
using Consortium.Fl.Aggregation;
using Consortium.Fl.Contribution;
using Consortium.Fl.Models;
using Consortium.Fl.Strategies;
using Consortium.Node.Demo;
using Consortium.Node.DispatchEvents.Participant;

namespace Consortium.Node.Cli;

/// <summary><c>consortium demo</c>: the whole consortium on one machine (<see cref="ConsortiumDemo"/>).</summary>
public static class DemoVerb
{
    private const string Description = """
        Three operator nodes train one forecast model on the bundled charging data, every round recorded on a local
        chain (or --rpc URL), then run one dispatch event over their fleets, committed, delivered and settled on chain.
        """;

    /// <summary>The verb, binding its options to <see cref="DemoOptions"/>.</summary>
    public static Verb<DemoOptions> Create() => new("demo", Description, Seed, RunAsync)
    {
        { CliOption.Int("--operators", "operator nodes to start", 3, 2, 40), (o, v) => o with { Operators = v } },
        { CliOption.Int("--rounds", "federated rounds to run", 3, 1, 1000, "K"), (o, v) => o with { Rounds = v } },
        { CliOption.Int("--epochs", "local epochs per round", 2, 1, 100, "E"), (o, v) => o with { LocalEpochs = v } },
        { CliOption.Int("--battery-rounds", "battery-health rounds of the three automakers (one per lab of the bundled battery table) after the forecast rounds; 0 leaves the automakers out", 3, 0, 1000, "K"), (o, v) => o with { BatteryRounds = v } },
        { CliOption.Int("--battery-epochs", "local epochs per battery-health round, and of each automaker's fine-tuning of the final model on its own cells", 5, 1, 100, "E"), (o, v) => o with { BatteryEpochs = v } },
        { CliOption.Text("--data-dir", "where the nodes' stores and artifacts are written, kept after the run [default: a new consortium-demo-TIMESTAMP folder in the temp folder]", "DIR"), (o, v) => o with { DataDir = Path.GetFullPath(v ?? DefaultDataDir()) } },
        { CliOption.Url("--rpc", "a JSON-RPC chain to use instead of starting anvil [default: a local anvil]"), (o, v) => o with { RpcUrl = v } },
        { ChainOptionGroup.Create(), (o, v) => o with { Chain = v } },
        { CliOption.Text("--deployer-key", "funded development key that pays the parties' gas (the coordinator's node deploys with its own key) [default: anvil's first dev key]", "HEX"), (o, v) => o with { DeployerKey = v } },
        { CliOption.Text("--report", "where to write the JSON report [default: none]", "PATH"), (o, v) => o with { ReportPath = v is null ? null : Path.GetFullPath(v) } },
        { CliOption.Int("--seed", "seed of the initial model and of training", 7, 0, helpName: "S"), (o, v) => o with { Seed = v } },
        { CliOption.Int("--window-stride", "hours between consecutive forecast windows (1 uses every hour)", 1, 1, 168, "H"), (o, v) => o with { WindowStride = v } },
        { CliOption.Number("--sample-fraction", "share of the members asked to train each round", 1.0, 0.01, 1.0, "F"), (o, v) => o with { SampleFraction = v } },
        { CliOption.Int("--quorum", "valid updates a round needs to change the model", 1, 1, 1000, "Q"), (o, v) => o with { Quorum = v } },
        { CliOption.Int("--round-timeout", "seconds members have to train in a round (a node accepts Train deadlines up to an hour)", 1800, 1, 3600, "SECONDS"), (o, v) => o with { RoundTimeout = TimeSpan.FromSeconds(v) } },
        { CliOption.Choice("--strategy", "how the server combines updates", "fedavg", Strategies), (o, v) => o with { Strategy = (o.Strategy ?? new StrategyConfiguration()) with { Kind = v.Value } } },
        { CliOption.Parsed("--aggregator", "how updates are aggregated: mean, median, trimmed-mean[:β] or multi-krum[:f[:m]], optionally with ,norm=B", AggregationRule.Mean, AggregationRule.Parse, "RULE"), (o, v) => o with { Strategy = (o.Strategy ?? new StrategyConfiguration()) with { Aggregation = v } } },
        { CliOption.OptionalNumber("--norm-bound", "largest accepted L2 norm of an update's change; larger ones are excluded as malicious [default: none]", 1e-9, 1e12, "B"), (o, v) => o with { NormBound = v } },
        { CliOption.OptionalNumber("--dp-epsilon", "each member's ε of differential privacy over the demo's rounds, δ = 1e-5: client side, or with --secure-aggregation on the secure sum (each adds a share of the noise) [default: no DP]", 1e-3, 1e3, "E"), (o, v) => o with { PrivacyEpsilon = v } },
        { CliOption.Int("--dispatch-evs", "vehicles each operator node serves in the dispatch event", DemoOptions.DefaultDispatchEvs, 1, 1_000_000), (o, v) => o with { DispatchEvs = v } },
        { CliOption.Flag("--no-dispatch", "leave out the dispatch event"), (o, v) => o with { SkipDispatch = v } },
        { CliOption.Flag("--day-ahead", "clear the dispatch event's whole day in advance, every vehicle known beforehand, instead of dispatching it as the day happens (each 15-minute step re-planned from the vehicles plugged in and the arrivals each operator forecasts, then committed and logged on chain)"), (o, v) => o with { Intraday = !v } },
        { CliOption.Flag("--secure-aggregation", "secure rounds: operators send their updates masked and the coordinator learns only their sum"), (o, v) => o with { SecureAggregation = v } },
        { CliOption.Number("--clip-norm", "in secure rounds, the L2 bound each operator clips its update's change to", 10.0, 1e-6, 1e6, "C"), (o, v) => o with { ClipNorm = v } },
        { CliOption.OptionalInt("--dp-min-members", "with --secure-aggregation and --dp-epsilon: m_min, the fewest inputs a released sum may hold; each operator adds 1/m_min of the noise's variance [default: operators - 1]", 1, 100_000, "M"), (o, v) => o with { DpMinMembers = v } },
        { CliOption.Int("--drop", "with --secure-aggregation: operator nodes stopped in round 1 right after their masked input arrived (restarted after the round)", 0, 0, 100, "K"), (o, v) => o with { Drop = v } },
        { CliOption.Date("--dispatch-date", "the calendar day the operators dispatch, their own sessions of that day, forecast from the same weekdays before at the level of the federated load forecast (none: a day drawn from their sessions' profile)", DemoOptions.DefaultDispatchDate), (o, v) => o with { DispatchDate = CliOption.DayOrNull(v) } },
        { CliOption.Choice("--dispatch-fleet", "where the operator nodes draw their fleets from: their own sites' sessions, or synthetic", "sessions", FleetSources), (o, v) => o with { DispatchFleet = v.Value } },
        { CliOption.Choice("--scoring", "how contributions are scored: Shapley values, or leave-one-out", "shapley", new Choice<ScoringMethod>("shapley", ScoringMethod.Shapley), new("loo", ScoringMethod.LeaveOneOut), new("leave-one-out", ScoringMethod.LeaveOneOut)), (o, v) => o with { Scoring = v.Value } },
        { CliOption.Choice("--model", "the forecast model every member trains", "gru", Models), (o, v) => o with { Model = v.Value } },
        { CliOption.Choice("--reward-rule", RewardRuleHelp, "served", RewardRules), (o, v) => o with { RewardRule = v.Value } },
        { CliOption.Number("--reward-floor", RewardFloorHelp, new ServedRewardOptions().Floor, 0, 1, "F"), (o, v) => o with { RewardFloor = v } },
    };

    /// <summary>The help of <c>--reward-rule</c>, shared with <c>coordinate</c>.</summary>
    internal const string RewardRuleHelp =
        "how a plain round's pool is shared: served (each member valued on every member's own validation data, a floor for members passing the free-rider and poisoner checks) or pooled (the earlier rule: Shapley on the pooled validation loss, in proportion to positive scores)";

    /// <summary>The help of <c>--reward-floor</c>, shared with <c>coordinate</c>.</summary>
    internal const string RewardFloorHelp = "with --reward-rule served: the share of each round's pool paid in equal parts to the members that pass the free-rider and poisoner checks";

    /// <summary>The reward rules by name (<c>--reward-rule</c>).</summary>
    internal static Choice<RewardRule>[] RewardRules { get; } = [new("served", RewardRule.Served), new("pooled", RewardRule.Pooled)];

    /// <summary>The strategies by name (<c>--strategy</c>).</summary>
    private static Choice<StrategyKind>[] Strategies { get; } =
        [new("fedavg", StrategyKind.FedAvg), new("fedprox", StrategyKind.FedProx), new("fedadam", StrategyKind.FedAdam), new("fedyogi", StrategyKind.FedYogi)];

    /// <summary>The forecast models by name (<c>--model</c>).</summary>
    internal static Choice<ForecastModelKind>[] Models { get; } = [new("gru", ForecastModelKind.Gru), new("mlp", ForecastModelKind.Mlp)];

    /// <summary>Where operator nodes draw their fleets from, by name (<c>--dispatch-fleet</c>, <c>--fleet-source</c>, <c>--fleets</c>).</summary>
    internal static Choice<OperatorFleetSource>[] FleetSources { get; } =
        [new("sessions", OperatorFleetSource.Sessions), new("synthetic", OperatorFleetSource.Synthetic)];

    /// <summary>What the options start from; every value here is set by one of them.</summary>
    private static DemoOptions Seed => new(0, 0, 0, string.Empty, null, ChainConnectionOptions.Default, null, null, 0);

    private static string DefaultDataDir() => Path.Combine(Path.GetTempPath(), $"consortium-demo-{DateTime.Now:yyyyMMdd-HHmmss}");

    private static async Task<int> RunAsync(DemoOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        if (options.Drop > 0 && !options.SecureAggregation)
        {
            throw new UsageException("option --drop stops nodes after their masked input: it needs --secure-aggregation");
        }

        if (options.SecureAggregation && (options.Operators < 3 || options.Operators - options.Drop < 2))
        {
            throw new UsageException($"a secure round needs at least three operators, and at least two answering to the end: --operators {options.Operators} with --drop {options.Drop} leaves fewer");
        }

        if (options.SecureAggregation && (options.NormBound is not null || options.Strategy?.Aggregation is { Kind: not Fl.Aggregation.AggregatorKind.Mean } or { NormBound: not null }))
        {
            throw new UsageException("secure rounds give the coordinator only the sum of the updates: use the mean aggregator (members clip their own updates with --clip-norm)");
        }

        if (options.DpMinMembers is { } minimum && (!options.SecureAggregation || options.PrivacyEpsilon is null))
        {
            throw new UsageException("option --dp-min-members sets m_min of DP on the secure sum: it needs --secure-aggregation and --dp-epsilon");
        }

        if (options.DpMinMembers is { } most && most > options.Operators)
        {
            throw new UsageException($"option --dp-min-members {most} asks for more inputs than the {options.Operators} operators (--operators) can give");
        }

        var report = await new ConsortiumDemo(options, output).RunAsync(cancellationToken).ConfigureAwait(false);
        return report is null ? 1 : 0;
    }
}
