using System.Globalization;
using System.Text.Json;
using Consortium.Contracts.Chain;
using Consortium.Contracts.Ledger;
using Consortium.Fl.Contribution;
using Consortium.Fl.Battery;
using Consortium.Fl.Models;
using Consortium.Fl.Strategies;
using Consortium.Dispatch;
using Consortium.Network.Dispatch;
using Consortium.Network.Security;
using Consortium.Node.Demo;
using Consortium.Node.DispatchEvents.Runner;
using Consortium.Node.GridParty;
using Consortium.Node.Federation.Coordinator;
using Consortium.Node.Home;
using Consortium.Node.Hosting;
using Consortium.Node.Reporting;
using Consortium.Node.Store;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Consortium.Node.Cli;

/// <summary>
/// <c>consortium coordinate</c>: the coordinator's node runs federated rounds with the operators the chain lists, each
/// reached at the endpoint it published, over mutual TLS. The global model of the last finalized round is kept in the
/// coordinator's store, so a restarted coordinator continues from it.
/// </summary>
public static class CoordinateVerb
{
    /// <summary>The store key of the latest global model and the round it came from.</summary>
    public const string GlobalModelKey = "coordinator.global-model";

    /// <summary>The choices of <c>--task</c>.</summary>
    internal static readonly Choice<FederatedTask>[] Tasks = [new("forecast", FederatedTask.LoadForecast), new("battery", FederatedTask.BatteryHealth)];

    /// <summary>The store key of a task's latest global model: <see cref="GlobalModelKey"/> for the load forecast.</summary>
    public static string GlobalModelKeyOf(FederatedTask task) => task == FederatedTask.LoadForecast ? GlobalModelKey : $"{GlobalModelKey}.task-{(uint)task}";

    /// <summary>The verb, binding its options to <see cref="Arguments"/>.</summary>
    public static Verb<Arguments> Create() => new(
        "coordinate",
        "Run federated rounds as the consortium's coordinator with the operators the chain lists, over mutual TLS, recording each round on chain; the model carries over between runs.",
        new Arguments(string.Empty, string.Empty, 1, 1, 42, ForecastModelKind.Gru, 1, null, null, null, LogFormat.Text, new ChainConnectionOptions()) { GridParties = [] },
        Run)
    {
        { CliOption.RequiredText("--home", "the coordinator's home folder", "DIR"), (a, v) => a with { Home = v } },
        { CliOption.RequiredText("--consortium", "the consortium descriptor", "consortium.json"), (a, v) => a with { Consortium = v } },
        { CliOption.Count("--rounds", "rounds to run; with --every, 0 runs rounds until stopped; otherwise 0 with --dispatch runs only the dispatch event", 1, 0, 10_000), (a, v) => a with { Rounds = v } },
        { CliOption.Parsed<TimeSpan?>("--every", "keep coordinating: start a round this long after the previous one started (30m, 2h, 90s), re-reading the members from the chain each time [default: one run of --rounds rounds]", null, text => Interval(text), "INTERVAL"), (a, v) => a with { Every = v } },
        { CliOption.Text("--dispatch", "after the rounds, run the dispatch event a grid party signed in this file (consortium request) [default: none]", "REQUEST.json"), (a, v) => a with { DispatchRequest = v } },
        { CliOption.Parsed<IReadOnlyList<ChainAddress>>("--grid-party", "accept --dispatch requests only from these registered grid parties [default: any grid party registered on chain]", [], text => GridParties(text), "ADDRESS[,ADDRESS]"), (a, v) => a with { GridParties = v } },
        { CliOption.Choice("--task", "which federated task's rounds to run: forecast (the operators' load forecast) or battery (the automakers' battery-health model)", "forecast", Tasks), (a, v) => a with { Task = v.Value } },
        { CliOption.Flag("--publish-wear", "with --task battery: after the rounds, price each chemistry's wear from the last finalized round's fade forecaster (the automakers' pooled fade) and publish the prices on chain for dispatch"), (a, v) => a with { PublishWear = v } },
        { CliOption.Number("--replacement-cost", "with --publish-wear: pack replacement cost per kWh of capacity", Dispatch.Wear.WearPriceBook.DefaultReplacementCostPerKwh, 0, 1e6, "P"), (a, v) => a with { ReplacementCostPerKwh = v } },
        { CliOption.Number("--end-of-life", "with --publish-wear: state of health in percent at which a pack is replaced", Dispatch.Wear.ChemistryWear.DefaultEndOfLifeSoHPercent, 1, 99, "SOH"), (a, v) => a with { EndOfLifeSohPercent = v } },
        { CliOption.Int("--local-epochs", "epochs each member trains per round", 1, 1, 1000), (a, v) => a with { LocalEpochs = v } },
        { CliOption.Int("--seed", "seed of the first global model and of the members' training", 42, helpName: "S"), (a, v) => a with { Seed = v } },
        { CliOption.Choice("--model", "the forecast model (only for a consortium's first round; later rounds continue the stored model)", "gru", DemoVerb.Models), (a, v) => a with { Model = v.Value } },
        { CliOption.Int("--quorum", "valid updates a round needs to be finalized with rewards", 1, 1, 1000), (a, v) => a with { Quorum = v } },
        { CliOption.Flag("--secure-aggregation", "secure rounds: members send their updates masked and the coordinator learns only their sum (at least three contributors)"), (a, v) => a with { SecureAggregation = v } },
        { CliOption.Number("--clip-norm", "in secure rounds, the L2 bound each member clips its update's change to", 10.0, 1e-6, 1e6, "C"), (a, v) => a with { ClipNorm = v } },
        { SumPrivacyOptionGroup.Create(), (a, v) => a with { SumPrivacy = v } },
        { CliOption.Choice("--reward-rule", DemoVerb.RewardRuleHelp, "served", DemoVerb.RewardRules), (a, v) => a with { RewardRule = v.Value } },
        { CliOption.Number("--reward-floor", DemoVerb.RewardFloorHelp, new ServedRewardOptions().Floor, 0, 1, "F"), (a, v) => a with { RewardFloor = v } },
        { CliOption.Text("--report", "write the rounds' report (JSON) here [default: none]", "PATH"), (a, v) => a with { ReportPath = v } },
        { CliOption.Url("--rpc", "reach the chain through this JSON-RPC endpoint of the same chain [default: the descriptor's]"), (a, v) => a with { RpcUrl = v } },
        { CliOption.Text("--password-file", $"a file whose first line is the node's password [default: {NodePassword.EnvironmentVariable}]", "FILE"), (a, v) => a with { PasswordFile = v } },
        { CliOption.Choice("--log-format", "how the log on standard output is written", "text", new Choice<LogFormat>("text", LogFormat.Text), new Choice<LogFormat>("json", LogFormat.Json)), (a, v) => a with { LogFormat = v.Value } },
        { ChainOptionGroup.Create(), (a, v) => a with { Chain = v } },
    };

    private static TimeSpan Interval(string text)
    {
        var unit = text.Length > 1 ? text[^1] : ' ';
        if (unit is 's' or 'm' or 'h' && double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var count) && count > 0)
        {
            return unit switch { 's' => TimeSpan.FromSeconds(count), 'm' => TimeSpan.FromMinutes(count), _ => TimeSpan.FromHours(count) };
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) && span > TimeSpan.Zero
            ? span
            : throw new FormatException($"'{text}' is not an interval such as 90s, 30m, 2h or 01:30:00");
    }

    private static List<ChainAddress> GridParties(string text) =>
        [.. text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(part => ChainAddress.TryParse(part, out var address)
            ? address
            : throw new FormatException($"'{part}' is not a 0x-prefixed 20-byte address"))];

    private static async Task<int> Run(Arguments arguments, TextWriter output, CancellationToken cancellationToken)
    {
        if (arguments.PublishWear && arguments.Task != FederatedTask.BatteryHealth)
        {
            throw new UsageException("--publish-wear prices wear from the battery-health model: it needs --task battery");
        }

        if (arguments.SumPrivacy is not null && !arguments.SecureAggregation)
        {
            throw new UsageException("option --dp-epsilon on coordinate is DP on the secure sum: it needs --secure-aggregation (a member's own DP is --dp-epsilon on run)");
        }

        SignedFlexibilityRequest? request = null;
        if (arguments.DispatchRequest is { } requestPath)
        {
            if (!File.Exists(requestPath))
            {
                throw new UsageException($"--dispatch: {requestPath} does not exist");
            }

            try
            {
                request = FlexibilityRequestCodec.Parse(
                    await File.ReadAllTextAsync(requestPath, cancellationToken).ConfigureAwait(false),
                    new FlexibilityRequestPolicy(arguments.GridParties.Count == 0 ? null : arguments.GridParties.ToHashSet(), DateTimeOffset.UtcNow));
            }
            catch (FlexibilityRequestException e)
            {
                throw new UsageException($"--dispatch: {requestPath}: {e.Message}");
            }
        }
        else if (arguments.Rounds == 0 && arguments.Every is null)
        {
            throw new UsageException("--rounds 0 runs nothing without --dispatch or --every");
        }

        var home = NodeHome.Open(arguments.Home);
        if (home.Settings.Role != NodeRole.Coordinator)
        {
            throw new UsageException($"{home.Settings.Name} is a {home.Settings.Role.ToString().ToLowerInvariant()} node; only the coordinator's node coordinates");
        }

        var (password, account, descriptor, ledger) = await ConsortiumAccess.OpenAsync(
            home, arguments.Consortium, arguments.PasswordFile, arguments.RpcUrl, arguments.Chain, cancellationToken).ConfigureAwait(false);
        // Read again before each round: a certificate rotated while the coordinator runs is presented from the next round on.
        using var certificates = new NodeCertificateSource(home, password);
        var current = await ledger.Registry.GetCoordinatorAsync().ConfigureAwait(false);
        if (current != account.Address)
        {
            throw new NodeHomeException($"{home.Settings.Name} ({account.Address}) is not the consortium's coordinator; {current} is");
        }

        var card = home.Card();
        var (_, published) = await ConsortiumMembership.PrepareToServeAsync(ledger, card, cancellationToken).ConfigureAwait(false);
        if (published)
        {
            output.WriteLine($"Published certificate SHA-256 {card.TlsFingerprint} on chain.");
        }

        var metrics = new NodeMetrics();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ApplicationName = typeof(CoordinateVerb).Assembly.GetName().Name });
        builder.Logging.AddNodeConsole(arguments.LogFormat);
        builder.WebHost.ConfigureKestrel(k => MemberHostExtensions.Listen(k, home.Settings.Operations, o => o.Protocols = Microsoft.AspNetCore.Server.Kestrel.Core.HttpProtocols.Http1));
        builder.AddNodeOperations(ledger.Connection, metrics);
        await using var operations = builder.Build();
        operations.MapNodeOperations();
        await operations.StartAsync(cancellationToken).ConfigureAwait(false);
        output.WriteLine($"OPERATIONS {operations.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()}");

        using var store = new NodeStore(home.StorePath);
        var global = await InitialModelAsync(ledger.Rounds, store, arguments, output).ConfigureAwait(false);
        var roundOptions = new CoordinatorOptions(
            arguments.LocalEpochs,
            arguments.Seed,
            TrainTimeout: TimeSpan.FromMinutes(30),
            EvaluateTimeout: TimeSpan.FromMinutes(10),
            RoundDeadline: TimeSpan.FromHours(1),
            Quorum: arguments.Quorum,
            Scoring: ScoringMethod.Shapley)
        {
            Task = arguments.Task,
            SecureAggregation = arguments.SecureAggregation,
            ClipNorm = arguments.ClipNorm,
            SumPrivacy = arguments.SumPrivacy,
            RewardRule = arguments.RewardRule,
            ServedReward = new ServedRewardOptions(Floor: arguments.RewardFloor),
        };
        var sections = new List<RoundSection>();
        var unlimited = arguments.Every is not null && arguments.Rounds == 0;
        var leftOpen = arguments.Rounds > 0 || unlimited ? await RoundLeftOpenAsync(ledger.Rounds, store, arguments.Task, output).ConfigureAwait(false) : null;
        IReadOnlyList<RemoteMember> members = [];
        try
        {
            for (var done = 0; unlimited || done < arguments.Rounds;)
            {
                var started = DateTimeOffset.UtcNow;
                members = await ConnectAsync(ledger, certificates.Current, members, arguments.Task, output, cancellationToken).ConfigureAwait(false);
                if (members.Count > 0)
                {
                    var coordinator = new RoundCoordinator(
                        ledger.Rounds, store, members, global, roundOptions with { Quorum = Math.Min(arguments.Quorum, members.Count) }, new StrategyConfiguration().Create(), output);
                    var outcome = done == 0 && leftOpen is { } open
                        ? await coordinator.ResumeRoundAsync(done + 1, open, cancellationToken).ConfigureAwait(false)
                        : await coordinator.RunRoundAsync(done + 1, cancellationToken).ConfigureAwait(false);
                    global = coordinator.Global;
                    store.PutValue(GlobalModelKeyOf(arguments.Task), global.ToBytes());
                    metrics.Rounds.Inc();
                    foreach (var transaction in outcome.CoordinatorTransactions)
                    {
                        metrics.Gas.WithLabels("round").Inc(transaction.GasUsed);
                    }

                    var section = RoundReporter.ToSection(outcome);
                    sections.Add(section);
                    output.WriteLine(string.Create(
                        CultureInfo.InvariantCulture,
                        $"Round {outcome.RoundId}: {outcome.Updates.Count} updates, validation RMSE {section.Validation.FederatedRmse:F2} {(arguments.Task == FederatedTask.BatteryHealth ? "pp of state of health" : "kW")}, model {outcome.GlobalModelHash}"));
                    done++;
                }
                else if (arguments.Every is null)
                {
                    throw new NodeHomeException($"no {(arguments.Task == FederatedTask.BatteryHealth ? "automaker" : "operator")}'s node answers: nothing to coordinate");
                }

                if (arguments.Every is not { } every || (!unlimited && done >= arguments.Rounds))
                {
                    continue;
                }

                var next = started + every;
                output.WriteLine($"Next round at {next:u}.");
                try
                {
                    await Task.Delay(TimeSpan.FromTicks(Math.Max(0, (next - DateTimeOffset.UtcNow).Ticks)), cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    output.WriteLine("Stopped between rounds.");
                    break;
                }
            }

            if (arguments.PublishWear && !cancellationToken.IsCancellationRequested && sections.LastOrDefault(s => s.QuorumReached) is { } last)
            {
                // The wear the battery model of the last finalized round forecasts, priced and published for dispatch.
                output.WriteLine();
                output.WriteLine($"Wear prices from battery round {last.Round}: each automaker runs its model on its cells...");
                var publication = await WearPricing.PublishAsync(
                    ledger.Dispatch, members, (ulong)last.Round, global, arguments.ReplacementCostPerKwh, arguments.EndOfLifeSohPercent, output, cancellationToken).ConfigureAwait(false);
                output.WriteLine($"Published in {publication.Transaction.TxHash} (gas {publication.Transaction.GasUsed}); assumptions {publication.Assumptions.Hash()}: {publication.Assumptions.ToJson()}");
            }

            DispatchSection? dispatch = null;
            if (request is not null && !cancellationToken.IsCancellationRequested)
            {
                // Dispatch is the operators' business, whichever task's rounds ran before it.
                members = members.Count > 0 && arguments.Task == FederatedTask.LoadForecast
                    ? members
                    : await ConnectAsync(ledger, certificates.Current, members, FederatedTask.LoadForecast, output, cancellationToken).ConfigureAwait(false);
                output.WriteLine();
                dispatch = await DispatchAsync(ledger, members, certificates.Current, request, metrics, output, cancellationToken).ConfigureAwait(false);
            }

            await WriteReportAsync(arguments.ReportPath, sections, dispatch, output, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            foreach (var member in members)
            {
                member.Client.Dispose();
            }
        }

        await operations.StopAsync(CancellationToken.None).ConfigureAwait(false);
        return 0;
    }

    /// <summary>The operators the chain lists now, reached over mutual TLS; the previous round's connections are closed.</summary>
    private static async Task<IReadOnlyList<RemoteMember>> ConnectAsync(
        ConsortiumLedger ledger, System.Security.Cryptography.X509Certificates.X509Certificate2 certificate, IReadOnlyList<RemoteMember> previous, FederatedTask task, TextWriter output, CancellationToken cancellationToken)
    {
        foreach (var member in previous)
        {
            member.Client.Dispose();
        }

        var (members, unreachable) = await ChainMembers.ConnectAsync(ledger.Registry, certificate, TimeSpan.FromSeconds(30), cancellationToken, task).ConfigureAwait(false);
        foreach (var member in members)
        {
            var data = task == FederatedTask.BatteryHealth
                ? $"{member.Profile.TrainSamples} training cycles"
                : $"{member.Profile.TrainSamples} training windows, {member.Profile.Sites.Count} sites";
            output.WriteLine($"  member {member.Name,-16} {member.Address} at {member.Client.Endpoint}: {data}");
        }

        foreach (var member in unreachable)
        {
            output.WriteLine($"  member {member.Name,-16} {member.Address} left out: {member.Reason}");
        }

        return members;
    }

    private static async Task WriteReportAsync(string? reportPath, List<RoundSection> sections, DispatchSection? dispatch, TextWriter output, CancellationToken cancellationToken)
    {
        if (reportPath is null)
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(reportPath))!);
        await File.WriteAllTextAsync(reportPath, JsonSerializer.Serialize(new { rounds = sections, dispatch }, ReportJson.Options), cancellationToken).ConfigureAwait(false);
        output.WriteLine($"Report written to {reportPath}");
    }

    /// <summary>Runs the grid party's request as one dispatch event with the members' nodes, over mutual TLS.</summary>
    private static async Task<DispatchSection> DispatchAsync(
        ConsortiumLedger ledger,
        IReadOnlyList<RemoteMember> members,
        System.Security.Cryptography.X509Certificates.X509Certificate2 certificate,
        SignedFlexibilityRequest request,
        NodeMetrics metrics,
        TextWriter output,
        CancellationToken cancellationToken)
    {
        if (!await ledger.Registry.IsGridPartyAsync(request.Signer).ConfigureAwait(false))
        {
            throw new UsageException($"--dispatch: the request is signed by {request.Signer}, which is not a grid party registered in this consortium (members register one with consortium grid-party --propose)");
        }

        var clients = new List<DispatchParticipantClient>();
        try
        {
            foreach (var member in members)
            {
                var contact = await ledger.Registry.GetNodeContactAsync(member.Address).ConfigureAwait(false);
                clients.Add(new DispatchParticipantClient(new Uri($"https://{contact.Endpoint}"), new PeerCredentials(certificate, contact.CertificateFingerprint)));
            }

            var outcome = await new DispatchEventRunner(
                ledger.Dispatch,
                new DispatchEventOptions { Request = request, WearPrices = await WearPricing.PublishedAsync(ledger.Dispatch, DispatchCosts.Default.WearCostPerKwh).ConfigureAwait(false) },
                output).RunAsync(clients, cancellationToken).ConfigureAwait(false);
            var section = DispatchReporter.ToSection(outcome);
            metrics.Gas.WithLabels("dispatch").Inc(section.SettleGasUsed + section.OpenGasUsed);
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"Dispatch event {section.EventId}: {section.OperatorCount} of {section.OperatorsAsked} operators, tracking error {section.TrackingError:P2} allocated, {section.MeteredTrackingError:P2} metered"));
            return section;
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }

    /// <summary>
    /// The latest round, when this coordinator opened it and left it open (it was stopped mid-round) and its members can
    /// still commit: a restarted coordinator takes it up instead of opening another.
    /// </summary>
    private static async Task<ulong?> RoundLeftOpenAsync(IRoundLedger rounds, NodeStore store, FederatedTask task, TextWriter output)
    {
        // The latest round of this task: the other task's rounds are another coordinator run's business.
        var latest = await rounds.GetLatestRoundIdAsync().ConfigureAwait(false);
        RoundState? found = null;
        for (; latest > 0; latest--)
        {
            var round = await rounds.GetRoundAsync(latest).ConfigureAwait(false);
            if (round.Task == task)
            {
                found = round;
                break;
            }
        }

        if (found is not { Status: RoundStatus.Open } state)
        {
            return null;
        }

        if (store.GetArtifact(state.GlobalModelHash) is null)
        {
            output.WriteLine($"Round {latest} is open with model {state.GlobalModelHash}, which this coordinator's store does not hold; it is abandoned once its finalize deadline passes.");
            return null;
        }

        if (state.CommitDeadline <= DateTimeOffset.UtcNow)
        {
            output.WriteLine($"Round {latest} was left open and its commit deadline has passed; it is abandoned once its finalize deadline passes.");
            return null;
        }

        return latest;
    }

    /// <summary>
    /// The model the next round starts from: the model the latest round was finalized with on chain when this store
    /// holds it (also after a stop between finalizing and saving), else the stored model, else a fresh one for the
    /// consortium's first round.
    /// </summary>
    private static async Task<ModelCheckpoint> InitialModelAsync(IRoundLedger rounds, NodeStore store, Arguments arguments, TextWriter output)
    {
        for (var id = await rounds.GetLatestRoundIdAsync().ConfigureAwait(false); id > 0; id--)
        {
            var state = await rounds.GetRoundAsync(id).ConfigureAwait(false);
            if (state.Task != arguments.Task)
            {
                continue;
            }

            if (state.Status == RoundStatus.Finalized && store.GetArtifact(state.NewModelHash) is { } finalized)
            {
                output.WriteLine($"Continuing from the global model {state.NewModelHash} round {id} was finalized with.");
                return ModelCheckpoint.FromBytes(finalized);
            }

            if (state.Status == RoundStatus.Finalized)
            {
                break;
            }
        }

        if (store.GetValue(GlobalModelKeyOf(arguments.Task)) is { } saved)
        {
            output.WriteLine($"Continuing from the stored global model {Keccak.Hash(saved)}.");
            return ModelCheckpoint.FromBytes(saved);
        }

        if (arguments.Task == FederatedTask.BatteryHealth)
        {
            var battery = BatteryModelArchitecture.Default;
            return new ModelCheckpoint(battery, BatteryModel.InitialParameters(battery, (ulong)arguments.Seed));
        }

        var architecture = LoadForecastArchitecture.For(arguments.Model);
        return new ModelCheckpoint(architecture, architecture.InitialParameters((ulong)arguments.Seed));
    }

    /// <summary>What the verb runs with.</summary>
    /// <param name="Home">The coordinator's home folder.</param>
    /// <param name="Consortium">The descriptor file.</param>
    /// <param name="Rounds">Rounds to run.</param>
    /// <param name="LocalEpochs">Epochs per round.</param>
    /// <param name="Seed">Seed of the first model and of training.</param>
    /// <param name="Model">The model of a first round.</param>
    /// <param name="Quorum">Valid updates a round needs.</param>
    /// <param name="ReportPath">Where the report goes, or null.</param>
    /// <param name="RpcUrl">Another endpoint of the same chain, or null.</param>
    /// <param name="PasswordFile">The password file, or null for the environment.</param>
    /// <param name="LogFormat">Text or JSON lines.</param>
    /// <param name="Chain">How transactions are signed and priced.</param>
    public sealed record Arguments(
        string Home, string Consortium, int Rounds, int LocalEpochs, int Seed, ForecastModelKind Model, int Quorum,
        string? ReportPath, string? RpcUrl, string? PasswordFile, LogFormat LogFormat, ChainConnectionOptions Chain)
    {
        /// <summary>Whether to publish wear prices from the last finalized battery round after the rounds.</summary>
        public bool PublishWear { get; init; }

        /// <summary>With <see cref="PublishWear"/>: the pack replacement cost per kWh of capacity.</summary>
        public double ReplacementCostPerKwh { get; init; } = Dispatch.Wear.WearPriceBook.DefaultReplacementCostPerKwh;

        /// <summary>With <see cref="PublishWear"/>: the state of health in percent at which a pack is replaced.</summary>
        public double EndOfLifeSohPercent { get; init; } = Dispatch.Wear.ChemistryWear.DefaultEndOfLifeSoHPercent;

        /// <summary>The federated task whose rounds to run.</summary>
        public FederatedTask Task { get; init; } = FederatedTask.LoadForecast;

        /// <summary>The signed request file of a dispatch event to run after the rounds, or null.</summary>
        public string? DispatchRequest { get; init; }

        /// <summary>With a value, coordinate on: a round this long after the previous one started.</summary>
        public TimeSpan? Every { get; init; }

        /// <summary>The grid parties whose requests are accepted.</summary>
        public required IReadOnlyList<ChainAddress> GridParties { get; init; }

        /// <summary>Whether rounds are secure.</summary>
        public bool SecureAggregation { get; init; }

        /// <summary>In secure rounds, the L2 bound members clip their changes to.</summary>
        public double ClipNorm { get; init; } = 10.0;

        /// <summary>In secure rounds, DP on the sum: the (ε, δ) over planned rounds and m_min; null for none.</summary>
        public SumPrivacy? SumPrivacy { get; init; }

        /// <summary>How each plain round's pool is shared.</summary>
        public RewardRule RewardRule { get; init; } = RewardRule.Served;

        /// <summary>Under the served rule, the floor's share of each round's pool.</summary>
        public double RewardFloor { get; init; } = new ServedRewardOptions().Floor;
    }
}
