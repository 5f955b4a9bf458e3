using Consortium.Contracts.Chain;
using Consortium.Contracts.Ledger;
using Consortium.Fl.Models;
using Consortium.Fl.Strategies;
using Consortium.Network.Federation;
using Consortium.Node.Federation.Coordinator;
using Consortium.Node.Federation.Member;
using Consortium.Node.Import;
using Consortium.Node.Store;
using Consortium.Node.Tests.Network;
using Microsoft.Extensions.Logging.Abstractions;

namespace Consortium.Node.Tests.Federation.Coordinator;

/// <summary>
/// A round with two real operator members and one that never answers in time, all over real gRPC on
/// loopback and a real chain: the slow member neither blocks the consortium nor gets scored.
/// </summary>
public sealed class DeadlineAndQuorumTests : IAsyncLifetime
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "consortium-quorum-" + Guid.NewGuid().ToString("N"));
    private readonly List<IAsyncDisposable> _servers = [];
    private readonly List<NodeStore> _stores = [];
    private AnvilChain _chain = null!;
    private ConsortiumLedger _coordinator = null!;
    private List<RemoteMember> _members = null!;

    public async Task InitializeAsync()
    {
        _chain = await AnvilChain.StartAsync();
        var deployer = ChainConnection.WithSigner(_chain.RpcUrl, _chain.DevAccounts[0]);
        var setup = new ConsortiumSetup(
        [
            new FoundingMember(deployer.Account!.Value, "coordinator", MemberRole.Coordinator),
            .. Enumerable.Range(1, 3).Select(i => new FoundingMember(_chain.DevAccounts[i].Address, $"operator-{i}", MemberRole.Operator)),
        ]);
        var addresses = await ConsortiumDeployment.DeployAsync(deployer, setup);
        _coordinator = new ConsortiumLedger(deployer, addresses);

        var plans = CouncilImport.Run(_dataDir, 2, TextWriter.Null);
        _members = [];
        for (var i = 0; i < plans.Count; i++)
        {
            var store = new NodeStore(CouncilImport.StorePath(_dataDir, plans[i].Name));
            _stores.Add(store);
            var ledger = new ConsortiumLedger(_chain.RpcUrl, _chain.DevAccounts[i + 1].PrivateKey, addresses);
            var handler = FederatedMember.ForLoadForecast(plans[i].Name, store, ledger.Rounds, ledger.Account!.Value, NullLogger<FederatedMember>.Instance, windowStride: 24);
            _members.Add(await ServeAsync(handler));
        }

        _members.Add(await ServeAsync(new SlowMember(_chain.DevAccounts[3].Address)));
    }

    public async Task DisposeAsync()
    {
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }

        foreach (var store in _stores)
        {
            store.Dispose();
        }

        await _chain.DisposeAsync();
        Directory.Delete(_dataDir, recursive: true);
    }

    [Fact]
    public async Task MemberMissingTheDeadlineIsExcludedAndTheRoundCompletesWithTheQuorum()
    {
        var (coordinator, store) = Coordinator(quorum: 2);
        using var _ = store;

        var round = await coordinator.RunRoundAsync(1, CancellationToken.None);

        var slow = _members[^1].Address;
        Assert.True(round.QuorumReached);
        var exclusion = Assert.Single(round.Exclusions);
        Assert.Equal((slow, ExclusionReason.MissedDeadline), (exclusion.Member, exclusion.Reason));
        Assert.Equal(1, (await _coordinator.Rounds.GetRoundAsync(round.RoundId)).ExcludedMembers);
        Assert.Equal(2, round.Updates.Count);
        Assert.DoesNotContain(slow, round.Scores.Select(s => s.Member));
        var onChain = await _coordinator.Rounds.GetRoundAsync(round.RoundId);
        Assert.Equal(RoundStatus.Finalized, onChain.Status);
        Assert.NotEqual(onChain.GlobalModelHash, onChain.NewModelHash);
    }

    [Fact]
    public async Task RoundBelowQuorumClosesWithTheModelUnchanged()
    {
        var (coordinator, store) = Coordinator(quorum: 3);
        using var _ = store;

        var round = await coordinator.RunRoundAsync(1, CancellationToken.None);

        Assert.False(round.QuorumReached);
        Assert.Equal(round.OpenedModelHash, round.GlobalModelHash);
        Assert.Empty(round.Scores);
        var onChain = await _coordinator.Rounds.GetRoundAsync(round.RoundId);
        Assert.Equal(RoundStatus.Finalized, onChain.Status);
        Assert.Equal(onChain.GlobalModelHash, onChain.NewModelHash);
    }

    [Fact]
    public void SamplingIsReproducibleAndHonoursTheQuorum()
    {
        var members = Enumerable.Range(0, 10).ToList();

        var first = MemberSampling.Choose(members, 0.3, 1, seed: 5, round: 2);
        var again = MemberSampling.Choose(members, 0.3, 1, seed: 5, round: 2);
        var other = MemberSampling.Choose(members, 0.3, 1, seed: 5, round: 3);

        Assert.Equal(3, first.Count);
        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        Assert.Equal(6, MemberSampling.Choose(members, 0.3, 6, 5, 2).Count);
        Assert.Equal(members, MemberSampling.Choose(members, 1.0, 1, 5, 2));
    }

    private (RoundCoordinator Coordinator, NodeStore Store) Coordinator(int quorum)
    {
        var store = new NodeStore(Path.Combine(_dataDir, "coordinator-" + Guid.NewGuid().ToString("N"), "node.db"));
        var initial = new ModelCheckpoint(LoadForecastArchitecture.Default, LoadForecastArchitecture.Default.InitialParameters(1));
        var options = new CoordinatorOptions(
            LocalEpochs: 1,
            Seed: 1,
            TrainTimeout: TimeSpan.FromSeconds(8),
            EvaluateTimeout: TimeSpan.FromSeconds(30),
            RoundDeadline: TimeSpan.FromHours(1),
            Quorum: quorum);
        return (new RoundCoordinator(_coordinator.Rounds, store, _members, initial, options, new FedAvg(), TextWriter.Null), store);
    }

    private async Task<RemoteMember> ServeAsync(IFederatedMemberHandler handler)
    {
        var server = await LoopbackMemberServer.StartAsync(handler);
        _servers.Add(server);
        var client = new FederatedMemberClient(server.Endpoint);
        var profile = await client.DescribeAsync(TimeSpan.FromSeconds(10));
        return new RemoteMember(profile.Name, profile.Address, client, profile);
    }

    /// <summary>A member whose training never finishes before the deadline.</summary>
    private sealed class SlowMember(ChainAddress address) : IFederatedMemberHandler
    {
        public Task<MemberProfile> DescribeAsync(CancellationToken cancellationToken) =>
            Task.FromResult(new MemberProfile("slow", address, ["nowhere"], 100, 100, 1));

        public async Task<TrainedUpdate> TrainAsync(TrainAssignment assignment, CancellationToken cancellationToken)
        {
            await Task.Delay(TimeSpan.FromMinutes(5), cancellationToken);
            throw new InvalidOperationException("unreachable: the deadline cancels the call first");
        }

        public Task<EvaluationResult> EvaluateAsync(EvaluationRequest request, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("the slow member was never asked to evaluate");

        public Task<ClaimReceipt> ClaimAsync(RewardClaim claim, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("the slow member was never scored");
    }
}
