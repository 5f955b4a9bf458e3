using Consortium.Contracts.Chain;
using Consortium.Contracts.Ledger;
using Consortium.Network.Federation;
using Consortium.Node.Hosting;
using Consortium.Node.Import;

namespace Consortium.Node.Tests.Hosting;

/// <summary>
/// A real <c>consortium run</c> process, on its home and a deployed chain, watching a parent that is not the test: when
/// that parent dies the node stops serving and exits by itself.
/// </summary>
public sealed class MemberProcessTests() : ChainAndFolder("consortium-parent-")
{
    [Fact]
    public async Task AMemberWhoseParentProcessDiesStopsByItself()
    {
        using var consortium = await ImportedConsortium.DeployAsync(Chain, DataDir, 2);
        using var parent = ParentWatchTests.Sleep();
        var log = new StringWriter();
        await using var member = consortium.StartMember(0, TextWriter.Synchronized(log), parentPid: parent.Id);

        var endpoint = await member.Listening.WaitAsync(TimeSpan.FromMinutes(2));
        using var client = new FederatedMemberClient(endpoint, consortium.Credentials(0));
        Assert.Equal(consortium.Plans[0].Name, (await client.DescribeAsync(TimeSpan.FromSeconds(30))).Name);
        Assert.False(member.HasExited);

        parent.Kill();
        await parent.WaitForExitAsync();
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var exitCode = await member.WaitForExitAsync(patience.Token);

        Assert.True(exitCode == 0, log.ToString());
    }
}
