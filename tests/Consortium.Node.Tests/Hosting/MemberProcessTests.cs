using Consortium.Contracts.Chain;
using Consortium.Contracts.Ledger;
using Consortium.Network.Federation;
using Consortium.Node.Hosting;
using Consortium.Node.Import;

namespace Consortium.Node.Tests.Hosting;

/// <summary>
/// A real <c>consortium member</c> process, on an imported store and a deployed chain, watching a parent that is not the
/// test: when that parent dies the member stops serving and exits by itself.
/// </summary>
public sealed class MemberProcessTests : IAsyncLifetime
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "consortium-parent-" + Guid.NewGuid().ToString("N"));
    private AnvilChain _chain = null!;

    public async Task InitializeAsync() => _chain = await AnvilChain.StartAsync();

    public async Task DisposeAsync()
    {
        await _chain.DisposeAsync();
        Directory.Delete(_dataDir, recursive: true);
    }

    [Fact]
    public async Task AMemberWhoseParentProcessDiesStopsByItself()
    {
        var plan = CouncilImport.Run(_dataDir, 2, TextWriter.Null)[0];
        var deployer = ChainConnection.WithSigner(_chain.RpcUrl, _chain.DevAccounts[0]);
        var addresses = await ConsortiumDeployment.DeployAsync(deployer, new ConsortiumSetup(
        [
            new FoundingMember(deployer.Account!.Value, "coordinator", MemberRole.Coordinator),
            new FoundingMember(MemberNodeArguments.Identity(_dataDir, plan.Name), plan.Name, MemberRole.Operator),
        ]));
        using var parent = ParentWatchTests.Sleep();
        var log = new StringWriter();
        await using var member = ChildNodeProcess.Start(
            plan.Name, MemberNodeArguments.For(plan.Name, _dataDir, _chain.RpcUrl, _chain.ChainId, addresses), TextWriter.Synchronized(log), parentPid: parent.Id);

        var endpoint = await member.Listening.WaitAsync(TimeSpan.FromMinutes(2));
        using var client = new FederatedMemberClient(endpoint);
        Assert.Equal(plan.Name, (await client.DescribeAsync(TimeSpan.FromSeconds(30))).Name);
        Assert.False(member.HasExited);

        parent.Kill();
        await parent.WaitForExitAsync();
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var exitCode = await member.WaitForExitAsync(patience.Token);

        Assert.True(exitCode == 0, log.ToString());
    }
}
