using Consortium.Contracts.Chain;
using Consortium.Contracts.Ledger;
using Consortium.Dispatch.Coordination;
using Consortium.Node.DispatchEvents.Participant;
using Consortium.Node.Home;
using Consortium.Node.Hosting;
using Consortium.Node.Store;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Consortium.Node.Cli;

/// <summary>
/// <c>consortium run</c>: an operator's long-running node. It serves the federation and dispatch protocols over mutual
/// TLS to current members only (the coordinator drives it), follows the chain, and exposes <c>/healthz</c> and
/// <c>/metrics</c> on its operations endpoint. Everything it needs survives a restart: its data, rounds and dispatch
/// events are in its store, its identity and peers on chain.
/// </summary>
public static class RunVerb
{
    /// <summary>The verb, binding its options to <see cref="Arguments"/>.</summary>
    public static Verb<Arguments> Create() => new(
        "run",
        "Run this operator's node until stopped: serve the consortium's calls over mutual TLS to current members only, follow the chain, and expose /healthz and /metrics.",
        new Arguments(string.Empty, string.Empty, null, null, LogFormat.Text, 1, new OperatorFleetOptions(0, 1), new ChainConnectionOptions(), 0),
        Run)
    {
        { CliOption.RequiredText("--home", "this node's home folder", "DIR"), (a, v) => a with { Home = v } },
        { CliOption.RequiredText("--consortium", "the consortium descriptor", "consortium.json"), (a, v) => a with { Consortium = v } },
        { CliOption.Url("--rpc", "reach the chain through this JSON-RPC endpoint of the same chain [default: the descriptor's]"), (a, v) => a with { RpcUrl = v } },
        { CliOption.Text("--password-file", $"a file whose first line is the node's password [default: {NodePassword.EnvironmentVariable}]", "FILE"), (a, v) => a with { PasswordFile = v } },
        { CliOption.Choice("--log-format", "how the log on standard output is written", "text", new Choice<LogFormat>("text", LogFormat.Text), new Choice<LogFormat>("json", LogFormat.Json)), (a, v) => a with { LogFormat = v.Value } },
        { CliOption.Int("--window-stride", "hours between consecutive training windows", 1, 1, 168, "H"), (a, v) => a with { WindowStride = v } },
        { CliOption.Int("--fleet-evs", "vehicles in the fleet it serves in dispatch events, drawn from its own sessions; 0 declines dispatch calls", 0, 0, 10_000_000), (a, v) => a with { Fleet = a.Fleet with { VehicleCount = v } } },
        { CliOption.Int("--fleet-seed", "seed of the fleet's draws", 1, helpName: "S"), (a, v) => a with { Fleet = a.Fleet with { Seed = v } } },
        { CliOption.Date("--fleet-date", "the calendar day its fleet is, from its own sessions of that day scaled to --fleet-evs on its mean day; its forecasts then come from the same weekdays before at the level of the consortium's federated load forecast [default: a day drawn from its sessions' profile]", null), (a, v) => a with { Fleet = a.Fleet with { Date = CliOption.DayOrNull(v) } } },
        { CliOption.Choice("--fleet-source", "where the fleet is drawn from: the sessions at the operator's own sites kept by the import, or synthetic", "sessions", DemoVerb.FleetSources), (a, v) => a with { Fleet = a.Fleet with { Source = v.Value } } },
        { CliOption.Number("--unplug-share", "share of vehicles that unplug before their planned departure", DeliveryMeter.DefaultUnplugShare, 0, 1, "F"), (a, v) => a with { Fleet = a.Fleet with { UnplugShare = v } } },
        { CliOption.Int("--exact-limit", "largest fleet it re-plans exactly in a dispatch event", LocalFleetOperator.DefaultExactVehicleLimit, 0, 1_000_000), (a, v) => a with { Fleet = a.Fleet with { ExactVehicleLimit = v } } },
        { PrivacyOptionGroup.Create(), (a, v) => a with { Privacy = v } },
        { ChainOptionGroup.Create(), (a, v) => a with { Chain = v } },
        { CliOption.Int("--parent-pid", "stop when this process ends (a supervisor's or a demo's); 0 for never", 0, 0, helpName: "PID"), (a, v) => a with { ParentPid = v } },
    };

    private static async Task<int> Run(Arguments arguments, TextWriter output, CancellationToken cancellationToken)
    {
        if (arguments.Fleet.Date is { } day && arguments.Fleet.Source == OperatorFleetSource.Synthetic)
        {
            throw new UsageException($"--fleet-date {day:yyyy-MM-dd} is a day of the operator's own sessions; a synthetic fleet (--fleet-source synthetic) has no calendar");
        }

        var home = NodeHome.Open(arguments.Home);
        if (home.Settings.Role is not (NodeRole.Operator or NodeRole.Automaker))
        {
            throw new UsageException(home.Settings.Role switch
            {
                NodeRole.Coordinator => $"{home.Settings.Name} is the coordinator's node: it runs rounds with consortium coordinate",
                NodeRole.Auditor => $"{home.Settings.Name} is an auditor's node: it serves the dashboard with consortium dashboard --consortium FILE",
                NodeRole.Grid => $"{home.Settings.Name} is a grid party's node: it signs requests with consortium request",
                _ => $"{home.Settings.Name} is a {home.Settings.Role.ToString().ToLowerInvariant()} node; consortium run serves an operator's or an automaker's data",
            });
        }

        if (!File.Exists(home.StorePath))
        {
            throw new NodeHomeException(home.Settings.Role == NodeRole.Automaker
                ? $"{home.Settings.Name} has no data: import its cells with consortium import --home {home.Path} --cells FILE first"
                : $"{home.Settings.Name} has no data: import its sessions with consortium import --home {home.Path} first");
        }

        var (password, account, descriptor, ledger) = await ConsortiumAccess.OpenAsync(
            home, arguments.Consortium, arguments.PasswordFile, arguments.RpcUrl, arguments.Chain, cancellationToken).ConfigureAwait(false);
        using var certificate = new NodeCertificateSource(home, password);
        var card = home.Card();
        var (member, published) = await ConsortiumMembership.PrepareToServeAsync(ledger, card, cancellationToken).ConfigureAwait(false);

        using var store = new NodeStore(home.StorePath);
        var tasks = TasksOf(store, home.Settings.Role);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ApplicationName = typeof(RunVerb).Assembly.GetName().Name });
        builder.Logging.AddNodeConsole(arguments.LogFormat);
        var reader = ChainConnection.ReadOnly(ledger.Connection.RpcUrl);
        builder.AddConsortiumMember(new MemberHostOptions(home.Settings.Name, store, ledger, 0, arguments.WindowStride, arguments.Privacy, arguments.Fleet)
        {
            Listen = home.Settings.Listen,
            Security = (() => certificate.Current, new ChainPeerDirectory(new ConsortiumLedger(reader, descriptor.Contracts).Registry, reader)),
            Operations = home.Settings.Operations,
            Account = account,
            Tasks = tasks,
        });
        await using var app = builder.Build();
        app.MapConsortiumMember();
        var tlsLog = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Consortium.Node.Tls");
        certificate.Changed += fingerprint => tlsLog.LogInformation("Presenting the rotated TLS certificate, SHA-256 {Fingerprint}, from this connection on", fingerprint);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        output.WriteLine($"{home.Settings.Name} ({card.Address}) is {(member.Status == MemberStatus.None ? "an applicant waiting for admission" : member.Status.ToString().ToLowerInvariant() + " member number " + member.Number)} of the consortium at {descriptor.Contracts.Registry}");
        if (published)
        {
            output.WriteLine($"Published endpoint {card.Endpoint} and certificate SHA-256 {card.TlsFingerprint} on chain.");
        }

        output.WriteLine($"Trains {string.Join(" and ", tasks.Select(t => t == FederatedTask.BatteryHealth ? "the battery-health model" : "the load forecast"))}.");
        output.WriteLine($"LISTENING {addresses.First(a => a.StartsWith("https", StringComparison.Ordinal))}");
        output.WriteLine($"OPERATIONS {addresses.First(a => a.StartsWith("http:", StringComparison.Ordinal))}");
        output.Flush();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (arguments.ParentPid > 0)
        {
            _ = ParentWatch.StopWhenGoneAsync(arguments.ParentPid, stop);
        }

        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped (Ctrl+C, SIGTERM): finish the calls in flight and stop serving.
        }

        await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        return 0;
    }

    /// <summary>
    /// The tasks a node trains: each one its store holds data for, its role's own first (the load forecast for an
    /// operator's sessions, the battery-health model for an automaker's cells).
    /// </summary>
    /// <exception cref="NodeHomeException">The store holds neither.</exception>
    internal static IReadOnlyList<FederatedTask> TasksOf(NodeStore store, NodeRole role)
    {
        var tasks = new List<FederatedTask>();
        if (store.LoadSites().Count > 0)
        {
            tasks.Add(FederatedTask.LoadForecast);
        }

        if (store.HasCells)
        {
            tasks.Insert(role == NodeRole.Automaker ? 0 : tasks.Count, FederatedTask.BatteryHealth);
        }

        return tasks.Count > 0
            ? tasks
            : throw new NodeHomeException($"the store at {store.Path} holds neither charging sessions nor battery cells: import them with consortium import --home first");
    }

    /// <summary>What the verb runs with.</summary>
    /// <param name="Home">This node's home folder.</param>
    /// <param name="Consortium">The descriptor file.</param>
    /// <param name="RpcUrl">Another endpoint of the same chain, or null.</param>
    /// <param name="PasswordFile">The password file, or null for the environment.</param>
    /// <param name="LogFormat">Text or JSON lines.</param>
    /// <param name="WindowStride">Hours between training windows.</param>
    /// <param name="Fleet">The fleet it serves in dispatch events.</param>
    /// <param name="Chain">How transactions are signed and priced.</param>
    /// <param name="ParentPid">The process whose end stops the node, 0 for none.</param>
    public sealed record Arguments(
        string Home, string Consortium, string? RpcUrl, string? PasswordFile, LogFormat LogFormat, int WindowStride, OperatorFleetOptions Fleet, ChainConnectionOptions Chain, int ParentPid)
    {
        /// <summary>Client-side differential privacy, or none.</summary>
        public Federation.Member.MemberPrivacy? Privacy { get; init; }
    }
}
