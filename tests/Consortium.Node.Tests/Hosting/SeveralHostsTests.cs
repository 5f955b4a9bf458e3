using System.Text.Json.Nodes;
using Consortium.Contracts.Chain;
using Consortium.Data.Councils;
using Consortium.Node.Home;
using Consortium.Node.Hosting;
using Consortium.Node.Tests.Audit;
using Consortium.Node.Tests.Cli;

namespace Consortium.Node.Tests.Hosting;

/// <summary>
/// The consortium on separate hosts: Linux network namespaces joined by a bridge, one for the chain, one for the
/// coordinator, one per operator and one for an outsider, each with its own address and home folder. Founders deploy, a
/// newcomer joins and is voted in, the operators run, the coordinator runs two rounds and a grid party's dispatch event
/// across the hosts; a process on the outsider's host is refused when it speaks plaintext, presents a certificate no
/// member published, or presents the certificate of a member that has left. Every process that talks runs inside a
/// namespace, and nothing is routed out of them; every host runs the node from a folder <c>dotnet publish</c> made. Where
/// namespaces cannot be created (no root, no iproute2) the test fails saying so.
/// </summary>
[Trait("Category", "SeveralHosts")]
public sealed class SeveralHostsTests : IAsyncLifetime
{
    private readonly TemporaryDirectory _directory = new();
    private readonly TestParties _parties;
    private readonly List<HostProcess> _processes = [];
    private NetworkNamespaces _hosts = null!;

    private (string File, string[] Prefix) _node;

    public SeveralHostsTests() => _parties = new TestParties(_directory.Path);

    public async Task InitializeAsync()
    {
        _hosts = NetworkNamespaces.Create(["chain", "coordinator", "dundee", "perth", "outsider"]);
        _node = await PublishAsync(Path.Combine(_directory.Path, "published"));
    }

    public async Task DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }

        _hosts.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task ConsortiumAcrossHostsAdmitsOnlyCurrentMembers()
    {
        var chain = Start("chain", AnvilExecutable.Locate(), ["--host", _hosts.Address("chain"), "--port", "8545", "--chain-id", "31337"]);
        await chain.LineAsync("Listening on").WaitAsync(TimeSpan.FromSeconds(30));
        var rpc = $"http://{_hosts.Address("chain")}:8545";

        var coordinator = await InitAsync("coordinator", "coordinator");
        var dundee = await InitAsync("operator", "dundee");
        var perth = await InitAsync("operator", "perth");
        var outsider = await InitAsync("operator", "outsider");
        var grid = await InitAsync("grid", "grid");
        var descriptor = Path.Combine(_directory.Path, "consortium.json");
        await FundAsync("coordinator", rpc, coordinator.Card.Address);
        await FundAsync("dundee", rpc, dundee.Card.Address);

        await VerbAsync("coordinator", "deploy", "--home", coordinator.Home, "--rpc", rpc, "--founders", $"{coordinator.CardPath},{dundee.CardPath}", "--out", descriptor, "--treasury", "500");
        await VerbAsync("coordinator", "transfer", "--home", coordinator.Home, "--consortium", descriptor, "--to", perth.Card.Address.ToString(), "--tokens", "100", "--ether", "1");
        await VerbAsync("perth", "join", "--home", perth.Home, "--consortium", descriptor);
        await VerbAsync("coordinator", "vote", "--home", coordinator.Home, "--consortium", descriptor, "--applicant", perth.Card.Address.ToString(), "--approve");
        await VerbAsync("dundee", "vote", "--home", dundee.Home, "--consortium", descriptor, "--applicant", perth.Card.Address.ToString(), "--approve");
        var councils = ScottishCouncilData.LocateRoot();
        Assert.Equal(0, (await CliRun.RunAsync("import", "--home", dundee.Home, "--council", Path.Combine(councils, "dundee"))).ExitCode);
        Assert.Equal(0, (await CliRun.RunAsync("import", "--home", perth.Home, "--council", Path.Combine(councils, "perth-kinross"))).ExitCode);

        var dundeeNode = Serve("dundee", dundee, descriptor);
        var perthNode = Serve("perth", perth, descriptor);
        Assert.Equal($"LISTENING https://{_hosts.Address("dundee")}:7700", await dundeeNode.LineAsync("LISTENING").WaitAsync(TimeSpan.FromMinutes(2)));
        await perthNode.LineAsync("LISTENING").WaitAsync(TimeSpan.FromMinutes(2));

        var request = Path.Combine(_directory.Path, "request.json");
        Assert.Equal(0, (await CliRun.RunAsync("request", "--home", grid.Home, "--consortium", descriptor, "--out", request, "--target-kw", string.Join(',', Enumerable.Repeat("30", 96)), "--password-file", PasswordFile)).ExitCode);
        var proposed = await VerbAsync("coordinator", "grid-party", "--home", coordinator.Home, "--consortium", descriptor, "--propose", grid.Card.Address.ToString(), "--name", "grid");
        var proposal = System.Text.RegularExpressions.Regex.Match(proposed, @"proposal (\d+)").Groups[1].Value;
        var carried = false;
        foreach (var (role, home) in new[] { ("coordinator", coordinator.Home), ("dundee", dundee.Home), ("perth", perth.Home) })
        {
            if ((await VerbAsync(role, "grid-party", "--home", home, "--consortium", descriptor, "--approve", proposal)).Contains("Carried", StringComparison.Ordinal))
            {
                carried = true;
                break;
            }
        }

        Assert.True(carried, "the members' approvals did not register the grid party");
        var rounds = await VerbAsync(
            "coordinator", "coordinate", "--home", coordinator.Home, "--consortium", descriptor, "--rounds", "2", "--model", "mlp",
            "--dispatch", request, "--grid-party", grid.Card.Address.ToString());
        Assert.Contains($"member dundee           {dundee.Card.Address} at https://{_hosts.Address("dundee")}:7700", rounds);
        Assert.Contains("Round 2: 2 updates", rounds);
        Assert.Contains("Dispatch event 1: 2 of 2 operators", rounds);

        var plaintext = await ProbeAsync("outsider", outsider.Home, descriptor, dundee.Card.Address, "--plaintext");
        var selfSigned = await ProbeAsync("outsider", outsider.Home, descriptor, dundee.Card.Address);
        var member = await ProbeAsync("perth", perth.Home, descriptor, dundee.Card.Address);
        await VerbAsync("perth", "leave", "--home", perth.Home, "--consortium", descriptor);
        var exited = await ProbeAsync("outsider", perth.Home, descriptor, dundee.Card.Address);

        Assert.Equal(1, plaintext.ExitCode);
        Assert.Contains("REFUSED", plaintext.Output);
        Assert.Equal(1, selfSigned.ExitCode);
        Assert.Contains($"REFUSED {_hosts.Address("dundee")}:7700: PermissionDenied certificate SHA-256 {outsider.Card.TlsFingerprint} is refused: no member published it on chain", selfSigned.Output);
        Assert.Equal(0, member.ExitCode);
        Assert.Contains("ACCEPTED", member.Output);
        Assert.Equal(1, exited.ExitCode);
        Assert.Contains("which announced its exit", exited.Output);
        Assert.Contains("Refused /consortium.federation.v1.FederatedMember/Describe", dundeeNode.Output);
    }

    private HostProcess Start(string role, string file, IEnumerable<string> arguments)
    {
        var process = _hosts.Start(role, file, arguments);
        _processes.Add(process);
        return process;
    }

    /// <summary>
    /// The node as an operator installs it: <c>dotnet publish</c> of the node project into a folder of its own, from the
    /// build the tests run on; every host runs its processes from that folder.
    /// </summary>
    private static async Task<(string File, string[] Prefix)> PublishAsync(string folder)
    {
        var repository = Path.GetFullPath(Path.Combine(ScottishCouncilData.LocateRoot(), "..", ".."));
#if DEBUG
        const string configuration = "Debug";
#else
        const string configuration = "Release";
#endif
        var info = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])["publish", Path.Combine(repository, "node", "Consortium.Node.csproj"), "-c", configuration, "--no-build", "-o", folder, "-nologo", "-v:q"])
        {
            info.ArgumentList.Add(argument);
        }

        using var publish = System.Diagnostics.Process.Start(info)!;
        var output = publish.StandardOutput.ReadToEndAsync();
        var error = publish.StandardError.ReadToEndAsync();
        await publish.WaitForExitAsync();
        Assert.True(publish.ExitCode == 0, $"dotnet publish failed: {await output}{await error}");
        var apphost = Path.Combine(folder, "consortium");
        return File.Exists(apphost) ? (apphost, []) : ("dotnet", [Path.Combine(folder, "consortium.dll")]);
    }

    private HostProcess Serve(string role, TestParty party, string descriptor)
    {
        var (file, prefix) = _node;
        return Start(role, file, [.. prefix, "run", "--home", party.Home, "--consortium", descriptor, "--password-file", PasswordFile, "--window-stride", "6", "--fleet-evs", "40"]);
    }

    /// <summary>Runs a verb on <paramref name="role"/>'s host and returns its output; it must succeed.</summary>
    private async Task<string> VerbAsync(string role, params string[] args)
    {
        var (exitCode, output) = await RunOnHostAsync(role, [.. args, "--password-file", PasswordFile]);
        Assert.True(exitCode == 0, $"{string.Join(' ', args)} on {role}'s host exited {exitCode}: {output}");
        return output;
    }

    private Task<(int ExitCode, string Output)> ProbeAsync(string role, string home, string descriptor, ChainAddress member, params string[] more) =>
        RunOnHostAsync(role, ["probe", "--home", home, "--consortium", descriptor, "--member", member.ToString(), "--password-file", PasswordFile, .. more]);

    private async Task<(int ExitCode, string Output)> RunOnHostAsync(string role, string[] args)
    {
        var (file, prefix) = _node;
        await using var process = _hosts.Start(role, file, [.. prefix, .. args]);
        var exitCode = await process.ExitAsync(TimeSpan.FromMinutes(10));
        return (exitCode, process.Output);
    }

    /// <summary>Gives <paramref name="account"/> ether on the development chain, from <paramref name="role"/>'s host (anvil_setBalance).</summary>
    private async Task FundAsync(string role, string rpc, ChainAddress account)
    {
        var body = $$"""{"jsonrpc":"2.0","id":1,"method":"anvil_setBalance","params":["{{account}}","0x8AC7230489E80000"]}""";
        await using var curl = _hosts.Start(role, "curl", ["-sS", "--max-time", "10", "-H", "content-type: application/json", "--data", body, rpc]);
        Assert.Equal(0, await curl.ExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("\"result\"", curl.Output);
    }

    private string PasswordFile => _parties.PasswordFile;

    private Task<TestParty> InitAsync(string role, string name) =>
        _parties.InitAsync(role, name, "--listen", $"{_hosts.Address(name == "grid" ? "outsider" : name)}:7700");
}
