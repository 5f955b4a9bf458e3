using System.Net;
using Consortium.Node.Audit;
using Consortium.Node.Reporting;
using Consortium.Node.Store;

namespace Consortium.Node.Tests.Audit;

/// <summary>Serves the dashboard on a real Kestrel over a real anvil's ledger and reads it as a browser would.</summary>
[Collection(AuditedConsortiumCollection.Name)]
public sealed class DashboardHostTests(AuditedConsortium consortium)
{
    [Fact]
    public async Task TheDashboardServesTheMembersRoundsAndArtifactCheckReadFromTheChain()
    {
        using var directory = new TemporaryDirectory();
        using (var store = new NodeStore(directory.CoordinatorStore))
        {
            store.PutArtifact(ArtifactKind.GlobalModel, 1, consortium.InitialModel);
            store.PutArtifact(ArtifactKind.GlobalModel, 2, consortium.AggregatedModel);
        }

        var report = new DemoReport { Rounds = [new RoundSection { Round = 1, Validation = new ValidationSection { FederatedRmse = 12.5, SeasonalNaiveRmse = 15.25 } }] };
        var source = new ChainAuditSource(new ChainAuditOptions(consortium.Chain.RpcUrl, consortium.Addresses)
        {
            CoordinatorStorePath = directory.CoordinatorStore,
            Report = report,
        });
        await using var dashboard = await DashboardHost.StartAsync(new DashboardHostOptions(source), CancellationToken.None);
        using var client = new HttpClient();

        var response = await client.GetAsync(dashboard.Url);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpVersion.Version11, response.Version);
        Assert.Contains(AuditedConsortium.DundeeName, html);
        Assert.Contains(AuditedConsortium.FifeName, html);
        Assert.Contains(Keccak.Hash(consortium.AggregatedModel).ToString(), html);
        Assert.Contains(consortium.Finalization.TxHash.ToString(), html);
        Assert.Contains("12.500", html);
        Assert.Contains("badge-match", html);
        Assert.DoesNotContain("badge-mismatch", html);
    }

    [Fact]
    public async Task TheDashboardListensOnLoopbackOnAPortTheSystemChose()
    {
        var source = new ChainAuditSource(new ChainAuditOptions(consortium.Chain.RpcUrl, consortium.Addresses));
        await using var dashboard = await DashboardHost.StartAsync(new DashboardHostOptions(source), CancellationToken.None);

        Assert.Equal("127.0.0.1", dashboard.Url.Host);
        Assert.NotEqual(0, dashboard.Url.Port);
        Assert.Equal("/", dashboard.Url.AbsolutePath);
    }

    [Fact]
    public async Task AStoppedDashboardNoLongerAcceptsConnections()
    {
        var source = new ChainAuditSource(new ChainAuditOptions(consortium.Chain.RpcUrl, consortium.Addresses));
        var dashboard = await DashboardHost.StartAsync(new DashboardHostOptions(source), CancellationToken.None);
        var url = dashboard.Url;

        await dashboard.DisposeAsync();

        using var client = new HttpClient();
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(url));
    }
}
