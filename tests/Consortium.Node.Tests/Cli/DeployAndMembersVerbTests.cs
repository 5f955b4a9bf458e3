using System.Numerics;
using System.Text.Json.Nodes;
using Consortium.Contracts.Chain;
using Consortium.Contracts.Ledger;
using Consortium.Node.Home;
using Consortium.Node.Tests.Audit;

namespace Consortium.Node.Tests.Cli;

/// <summary>
/// <c>consortium deploy</c> from founders' cards on a chain the test started, and <c>consortium members</c> reading who is in
/// back from that chain through the descriptor.
/// </summary>
public sealed class DeployAndMembersVerbTests : IAsyncLifetime
{
    private readonly TemporaryDirectory _directory = new();
    private readonly TestParties _parties;
    private AnvilChain _chain = null!;

    public DeployAndMembersVerbTests() => _parties = new TestParties(_directory.Path);

    public async Task InitializeAsync() => _chain = await AnvilChain.StartAsync();

    public async Task DisposeAsync()
    {
        await _chain.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task FoundersCardsDeployAConsortiumWhoseMembersAreReadFromTheChain()
    {
        var coordinator = await InitAsync("coordinator", "coordinator");
        var dundee = await InitAsync("operator", "dundee-a");
        var fife = await InitAsync("automaker", "fife-motors");
        await ChainConnection.WithSigner(_chain.RpcUrl, _chain.DevAccounts[0]).SendEtherAsync(coordinator.Card.Address, BigInteger.Pow(10, 18));
        var descriptorPath = Path.Combine(_directory.Path, "consortium.json");

        var deploy = await CliRun.RunAsync(
            "deploy", "--home", coordinator.Home, "--rpc", _chain.RpcUrl, "--founders", $"{coordinator.CardPath},{dundee.CardPath},{fife.CardPath}", "--out", descriptorPath, "--password-file", PasswordFile);
        var members = await CliRun.RunAsync("members", "--consortium", descriptorPath);

        Assert.True(deploy.ExitCode == 0, deploy.Error);
        Assert.True(members.ExitCode == 0, members.Error);
        var descriptor = ConsortiumDescriptor.Parse(await File.ReadAllTextAsync(descriptorPath));
        Assert.Equal((_chain.ChainId, _chain.RpcUrl), (descriptor.ChainId, descriptor.RpcUrl));
        var registry = new ConsortiumLedger(ChainConnection.ReadOnly(_chain.RpcUrl), descriptor.Contracts).Registry;
        foreach (var (expected, role) in new[] { (coordinator.Card, MemberRole.Coordinator), (dundee.Card, MemberRole.Operator), (fife.Card, MemberRole.Automaker) })
        {
            var onChain = await registry.GetMemberAsync(expected.Address);
            Assert.Equal((role, MemberStatus.Active), (onChain.Role, onChain.Status));
            Assert.Equal(expected.Name, await registry.GetMemberNameAsync(expected.Address));
            Assert.Contains($"{expected.Address}  {expected.Name}", members.Output);
        }

        var registrations = await registry.GetMemberRegisteredEventsAsync();
        Assert.Equal(3, registrations.Count);
        Assert.All(registrations, registration => Assert.Equal(descriptor.DeploymentBlock, registration.BlockNumber));
        Assert.Contains("3 members of the consortium", members.Output);
    }

    [Fact]
    public async Task ADescriptorForAnotherChainIsRefusedByMembers()
    {
        var coordinator = await InitAsync("coordinator", "coordinator");
        await ChainConnection.WithSigner(_chain.RpcUrl, _chain.DevAccounts[0]).SendEtherAsync(coordinator.Card.Address, BigInteger.Pow(10, 18));
        var descriptorPath = Path.Combine(_directory.Path, "consortium.json");
        var deploy = await CliRun.RunAsync("deploy", "--home", coordinator.Home, "--rpc", _chain.RpcUrl, "--founders", coordinator.CardPath, "--out", descriptorPath, "--password-file", PasswordFile);
        Assert.True(deploy.ExitCode == 0, deploy.Error);
        var descriptor = JsonNode.Parse(await File.ReadAllTextAsync(descriptorPath))!;
        descriptor["chainId"] = 1;
        await File.WriteAllTextAsync(descriptorPath, descriptor.ToJsonString());

        var members = await CliRun.RunAsync("members", "--consortium", descriptorPath);

        Assert.Equal(1, members.ExitCode);
        Assert.Contains($"{_chain.RpcUrl} serves chain {_chain.ChainId}, the consortium is on chain 1", members.Error);
    }

    [Fact]
    public async Task FoundersWithoutACoordinatorOrWithAGridPartyAreAUsageError()
    {
        var dundee = await InitAsync("operator", "dundee-a");
        var grid = await InitAsync("grid", "sse-grid");

        var noCoordinator = await CliRun.RunAsync("deploy", "--home", dundee.Home, "--rpc", _chain.RpcUrl, "--founders", dundee.CardPath, "--out", "x.json", "--password-file", PasswordFile);
        var withGrid = await CliRun.RunAsync("deploy", "--home", dundee.Home, "--rpc", _chain.RpcUrl, "--founders", $"{dundee.CardPath},{grid.CardPath}", "--out", "x.json", "--password-file", PasswordFile);

        Assert.Equal(2, noCoordinator.ExitCode);
        Assert.Contains("exactly one coordinator; the cards name 0", noCoordinator.Error);
        Assert.Equal(2, withGrid.ExitCode);
        Assert.Contains("sse-grid is a grid party: it signs requests but is not a member", withGrid.Error);
    }

    private string PasswordFile => _parties.PasswordFile;

    private Task<TestParty> InitAsync(string role, string name) => _parties.InitAsync(role, name);
}
