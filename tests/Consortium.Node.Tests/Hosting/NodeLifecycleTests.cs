using System.Net;
using System.Numerics;
using System.Text.Json.Nodes;
using Consortium.Contracts.Chain;
using Consortium.Contracts.Ledger;
using Consortium.Data.Councils;
using Consortium.Node.Demo;
using Consortium.Node.Home;
using Consortium.Node.Hosting;
using Consortium.Node.Tests.Audit;
using Consortium.Node.Tests.Cli;

namespace Consortium.Node.Tests.Hosting;

/// <summary>
/// A node's life through its verbs, each party with its own home folder: the founders deploy, a newcomer joins and is
/// voted in, both operators import their own council data and run as separate processes serving mutual TLS, and the
/// coordinator reads them from the chain and runs rounds with them, continuing from its stored model after a restart.
/// </summary>
public sealed class NodeLifecycleTests : IAsyncLifetime
{
    private readonly TemporaryDirectory _directory = new();
    private readonly TestParties _parties;
    private readonly List<ChildNodeProcess> _processes = [];
    private readonly StringWriter _log = new();
    private AnvilChain _chain = null!;

    public NodeLifecycleTests() => _parties = new TestParties(_directory.Path);

    public async Task InitializeAsync() => _chain = await AnvilChain.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }

        await _chain.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task FoundedJoinedRunAndCoordinatedOverMutualTlsFromTheChain()
    {
        var coordinator = await InitAsync("coordinator", "coordinator");
        var dundee = await InitAsync("operator", "dundee-a");
        var perth = await InitAsync("operator", "perth-a");
        var descriptor = Path.Combine(_directory.Path, "consortium.json");
        await FundAsync(coordinator.Card.Address);
        await FundAsync(dundee.Card.Address);
        await RunAsync("deploy", "--home", coordinator.Home, "--rpc", _chain.RpcUrl, "--founders", $"{coordinator.CardPath},{dundee.CardPath}", "--out", descriptor, "--treasury", "500");
        await RunAsync("transfer", "--home", coordinator.Home, "--consortium", descriptor, "--to", perth.Card.Address.ToString(), "--tokens", "100", "--ether", "1");
        await RunAsync("join", "--home", perth.Home, "--consortium", descriptor);
        await RunAsync("vote", "--home", coordinator.Home, "--consortium", descriptor, "--applicant", perth.Card.Address.ToString(), "--approve");
        await RunAsync("vote", "--home", dundee.Home, "--consortium", descriptor, "--applicant", perth.Card.Address.ToString(), "--approve");
        var councils = ScottishCouncilData.LocateRoot();
        Assert.Equal(0, (await CliRun.RunAsync("import", "--home", dundee.Home, "--council", Path.Combine(councils, "dundee"))).ExitCode);
        Assert.Equal(0, (await CliRun.RunAsync("import", "--home", perth.Home, "--council", Path.Combine(councils, "perth-kinross"))).ExitCode);

        var dundeeNode = Start(dundee, descriptor);
        var perthNode = Start(perth, descriptor);
        Assert.Equal($"https://{dundee.Listen}", (await dundeeNode.Listening.WaitAsync(TimeSpan.FromMinutes(2))).ToString().TrimEnd('/'));
        await perthNode.Listening.WaitAsync(TimeSpan.FromMinutes(2));
        var report = Path.Combine(_directory.Path, "rounds.json");

        var first = await CliRun.RunAsync("coordinate", "--home", coordinator.Home, "--consortium", descriptor, "--rounds", "1", "--model", "mlp", "--report", report, "--password-file", PasswordFile);
        // The coordinator is stopped hard in the middle of round 2, then started again: it takes the open round up.
        var (file, prefix) = ChildNodeProcess.SelfCommand();
        var killed = new System.Diagnostics.ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])[.. prefix, "coordinate", "--home", coordinator.Home, "--consortium", descriptor, "--rounds", "1", "--password-file", PasswordFile])
        {
            killed.ArgumentList.Add(argument);
        }

        await using (var interrupted = new HostProcess("coordinator", System.Diagnostics.Process.Start(killed)!))
        {
            await interrupted.LineAsync("Round 2: opened").WaitAsync(TimeSpan.FromMinutes(2));
        }

        var second = await CliRun.RunAsync("coordinate", "--home", coordinator.Home, "--consortium", descriptor, "--rounds", "1", "--password-file", PasswordFile);

        Assert.True(first.ExitCode == 0, first.Error + first.Output + _log);
        Assert.Contains($"member dundee-a         {dundee.Card.Address} at https://{dundee.Listen}", first.Output);
        Assert.Contains($"member perth-a", first.Output);
        Assert.Contains("Round 1: 2 updates", first.Output);
        Assert.True(second.ExitCode == 0, second.Error + second.Output + _log);
        Assert.Contains("Continuing from the global model", second.Output);
        Assert.Contains("Round 2: taking up the round left open", second.Output);
        Assert.DoesNotContain("Round 3", second.Output);
        Assert.True(second.Output.Contains("Round 2: 2 updates", StringComparison.Ordinal), second.Output);
        Assert.Single(JsonNode.Parse(await File.ReadAllTextAsync(report))!["rounds"]!.AsArray());

        using var http = new HttpClient();
        var health = await http.GetAsync(new Uri($"http://{dundee.Operations}/healthz"));
        var metrics = await http.GetStringAsync(new Uri($"http://{dundee.Operations}/metrics"));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        var trained = metrics.Split('\n').Single(line => line.StartsWith("consortium_rounds_trained_total ", StringComparison.Ordinal));
        Assert.InRange(double.Parse(trained.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture), 2, 3);
        Assert.Contains("consortium_bytes_received_total{method=\"/consortium.federation.v1.FederatedMember/Train\"}", metrics);
        Assert.Contains("consortium_chain_head_block", metrics);
        Assert.Contains("consortium_gas_used_total{transaction=\"commit\"}", metrics);
        var tlsPort = new UriBuilder($"https://{dundee.Listen}").Uri;
        using var insecure = new HttpClient(new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true });
        using var overTls = new HttpRequestMessage(HttpMethod.Get, new Uri(tlsPort, "/metrics")) { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        Assert.Equal(HttpStatusCode.NotFound, (await insecure.SendAsync(overTls)).StatusCode);

        // Coordinating on: a round every two seconds, the members read from the chain again before each.
        var onGoing = await CliRun.RunAsync("coordinate", "--home", coordinator.Home, "--consortium", descriptor, "--rounds", "2", "--every", "2s", "--password-file", PasswordFile);
        Assert.True(onGoing.ExitCode == 0, onGoing.Error + onGoing.Output);
        Assert.Contains("Round 3: 2 updates", onGoing.Output);
        Assert.Contains("Next round at", onGoing.Output);
        Assert.Contains("Round 4: 2 updates", onGoing.Output);
        Assert.Equal(2, onGoing.Output.Split('\n').Count(line => line.StartsWith("  member dundee-a", StringComparison.Ordinal)));

        var grid = await InitAsync("grid", "sse-grid");
        var requestPath = Path.Combine(_directory.Path, "request.json");
        await RunAsync("request", "--home", grid.Home, "--consortium", descriptor, "--out", requestPath, "--target-kw", string.Join(',', Enumerable.Repeat("30", 96)));

        // The grid party's request is refused until the members register it by vote.
        var unregistered = await CliRun.RunAsync("coordinate", "--home", coordinator.Home, "--consortium", descriptor, "--rounds", "0", "--dispatch", requestPath, "--password-file", PasswordFile);
        Assert.Equal(2, unregistered.ExitCode);
        Assert.Contains("not a grid party registered", unregistered.Error, StringComparison.Ordinal);
        var proposed = await CliRun.RunAsync("grid-party", "--home", coordinator.Home, "--consortium", descriptor, "--propose", grid.Card.Address.ToString(), "--name", "sse-grid", "--password-file", PasswordFile);
        Assert.True(proposed.ExitCode == 0, proposed.Error);
        var proposal = System.Text.RegularExpressions.Regex.Match(proposed.Output, @"proposal (\d+)").Groups[1].Value;
        var carried = false;
        foreach (var member in (Party[])[coordinator, dundee, perth])
        {
            var vote = await CliRun.RunAsync("grid-party", "--home", member.Home, "--consortium", descriptor, "--approve", proposal, "--password-file", PasswordFile);
            Assert.True(vote.ExitCode == 0, vote.Error);
            if (vote.Output.Contains("Carried", StringComparison.Ordinal))
            {
                carried = true;
                break;
            }
        }

        Assert.True(carried, "the members' approvals did not register the grid party");
        var untrusted = await CliRun.RunAsync("coordinate", "--home", coordinator.Home, "--consortium", descriptor, "--rounds", "0", "--dispatch", requestPath, "--grid-party", dundee.Card.Address.ToString(), "--password-file", PasswordFile);
        var dispatch = await CliRun.RunAsync("coordinate", "--home", coordinator.Home, "--consortium", descriptor, "--rounds", "0", "--dispatch", requestPath, "--grid-party", grid.Card.Address.ToString(), "--password-file", PasswordFile);
        Assert.Equal(2, untrusted.ExitCode);
        Assert.Contains("not a trusted grid party", untrusted.Error, StringComparison.OrdinalIgnoreCase);
        Assert.True(dispatch.ExitCode == 0, dispatch.Error + dispatch.Output + _log);
        Assert.Contains("Dispatch event 1: 2 of 2 operators", dispatch.Output);

        // A certificate rotated while the node runs is presented from the next connection on, without a restart.
        var rotate = await CliRun.RunAsync("rotate", "--home", dundee.Home, "--consortium", descriptor, "--password-file", PasswordFile);
        var rotated = NodeCard.Parse((await CliRun.RunAsync("card", "--home", dundee.Home)).Output);
        var probe = await CliRun.RunAsync("probe", "--home", coordinator.Home, "--consortium", descriptor, "--member", dundee.Card.Address.ToString(), "--password-file", PasswordFile);
        Assert.True(rotate.ExitCode == 0, rotate.Error + rotate.Output);
        Assert.NotEqual(dundee.Card.TlsFingerprint, rotated.TlsFingerprint);
        Assert.True(probe.ExitCode == 0, probe.Error + probe.Output + _log);
        Assert.Contains($"ACCEPTED {dundee.Listen}: dundee-a", probe.Output);
        Assert.Contains($"Presenting the rotated TLS certificate, SHA-256 {rotated.TlsFingerprint}", _log.ToString());
        Assert.False(dundeeNode.HasExited);

        var registry = new ConsortiumLedger(ChainConnection.ReadOnly(_chain.RpcUrl), ConsortiumDescriptor.Parse(await File.ReadAllTextAsync(descriptor)).Contracts).Registry;
        Assert.Equal(new NodeContact(dundee.Card.Address, dundee.Listen, rotated.TlsFingerprint), await registry.GetNodeContactAsync(dundee.Card.Address));
        Assert.Contains("Published endpoint", _log.ToString());

        // An auditor's node: the dashboard, from the same descriptor, reading the chain.
        var start = new System.Diagnostics.ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])[.. prefix, "dashboard", "--consortium", descriptor])
        {
            start.ArgumentList.Add(argument);
        }

        await using var auditor = new HostProcess("auditor", System.Diagnostics.Process.Start(start)!);
        var url = (await auditor.LineAsync("DASHBOARD ").WaitAsync(TimeSpan.FromMinutes(1)))["DASHBOARD ".Length..].Trim();
        var page = await http.GetStringAsync(new Uri(url));
        Assert.Contains("dundee-a", page);
        Assert.Contains("perth-a", page);
    }

    private ChildNodeProcess Start(Party party, string descriptor)
    {
        var process = ChildNodeProcess.StartVerb(
            party.Card.Name, "run", ["--home", party.Home, "--consortium", descriptor, "--password-file", PasswordFile, "--window-stride", "6", "--fleet-evs", "40"], TextWriter.Synchronized(_log));
        _processes.Add(process);
        return process;
    }

    private async Task RunAsync(params string[] args)
    {
        var run = await CliRun.RunAsync([.. args, "--password-file", PasswordFile]);
        Assert.True(run.ExitCode == 0, $"{string.Join(' ', args)}: {run.Error}");
    }

    private Task FundAsync(ChainAddress account) =>
        ChainConnection.WithSigner(_chain.RpcUrl, _chain.DevAccounts[0]).SendEtherAsync(account, 10 * BigInteger.Pow(10, 18));

    private string PasswordFile => _parties.PasswordFile;

    private async Task<Party> InitAsync(string role, string name)
    {
        var listen = $"127.0.0.1:{LoopbackPorts.One()}";
        var operations = $"127.0.0.1:{LoopbackPorts.One()}";
        var party = await _parties.InitAsync(role, name, "--listen", listen);

        // Operations on a port of the test's choosing, set the way an operator would: in node.json.
        var settingsPath = Path.Combine(party.Home, NodeHome.SettingsFile);
        var settings = JsonNode.Parse(await File.ReadAllTextAsync(settingsPath))!;
        settings["Node"]!["Operations"] = operations;
        await File.WriteAllTextAsync(settingsPath, settings.ToJsonString());
        return new Party(party.Home, party.CardPath, party.Card, listen, operations);
    }

    private sealed record Party(string Home, string CardPath, NodeCard Card, string Listen, string Operations);
}
