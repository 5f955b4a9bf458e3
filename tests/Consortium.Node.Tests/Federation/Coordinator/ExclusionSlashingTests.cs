using System.Numerics;
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
/// End to end on anvil: one honest operator and three members that misbehave over real gRPC on loopback, each committing
/// with its own key. The round is finalized with the three exclusions; the two that delivered nothing usable lose the
/// non-delivery share at once, and the tampering member is accused with its committed update hash and loses the malicious
/// share only when the coordinator settles the accusation after its challenge window, as the stakes and events show.
/// </summary>
public sealed class ExclusionSlashingTests : IAsyncLifetime
{
    private static readonly BigInteger Stake = TokenAmount.FromTokens(100m);
    private static readonly TimeSpan ChallengeWindow = TimeSpan.FromSeconds(30);
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "consortium-slashing-" + Guid.NewGuid().ToString("N"));
    private readonly List<LoopbackMemberServer> _servers = [];
    private readonly List<RemoteMember> _members = [];
    private NodeStore _honestStore = null!;
    private FederatedMember _honest = null!;
    private AnvilChain _chain = null!;
    private ConsortiumLedger _coordinator = null!;

    public async Task InitializeAsync()
    {
        _chain = await AnvilChain.StartAsync();
        var deployer = ChainConnection.WithSigner(_chain.RpcUrl, _chain.DevAccounts[0]);
        string[] names = ["honest", "tampering", "garbage", "vanishing"];
        var addresses = await ConsortiumDeployment.DeployAsync(deployer, new ConsortiumSetup(
        [
            new FoundingMember(deployer.Account!.Value, "coordinator", MemberRole.Coordinator),
            .. names.Select((name, i) => new FoundingMember(_chain.DevAccounts[i + 1].Address, name, MemberRole.Operator)),
        ])
        {
            ChallengeWindow = ChallengeWindow,
        });
        _coordinator = new ConsortiumLedger(deployer, addresses);
        IRoundLedger RoundsOf(int i) => new ConsortiumLedger(_chain.RpcUrl, _chain.DevAccounts[i].PrivateKey, addresses).Rounds;

        var plan = CouncilImport.Run(_dataDir, 2, TextWriter.Null)[0];
        _honestStore = new NodeStore(CouncilImport.StorePath(_dataDir, plan.Name));
        _honest = FederatedMember.ForLoadForecast(plan.Name, _honestStore, RoundsOf(1), _chain.DevAccounts[1].Address, NullLogger<FederatedMember>.Instance, windowStride: 24);
        await ServeAsync(_honest);
        await ServeAsync(new TamperingMember(RoundsOf(2), _chain.DevAccounts[2].Address));
        await ServeAsync(new GarbageMember(RoundsOf(3), _chain.DevAccounts[3].Address));
        await ServeAsync(new VanishingMember(RoundsOf(4), _chain.DevAccounts[4].Address));
    }

    public async Task DisposeAsync()
    {
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }

        foreach (var member in _members)
        {
            member.Client.Dispose();
        }

        _honest.Dispose();
        _honestStore.Dispose();
        await _chain.DisposeAsync();
        Directory.Delete(_dataDir, recursive: true);
    }

    [Fact]
    public async Task MaliciousInvalidAndUndeliveredUpdatesAreExcludedAndSlashedTheMaliciousOneOnlyAfterItsChallengeWindow()
    {
        using var store = new NodeStore(Path.Combine(_dataDir, "coordinator", "node.db"));
        var initial = new ModelCheckpoint(LoadForecastArchitecture.Default, LoadForecastArchitecture.Default.InitialParameters(1));
        var options = new CoordinatorOptions(
            LocalEpochs: 1,
            Seed: 1,
            TrainTimeout: TimeSpan.FromSeconds(60),
            EvaluateTimeout: TimeSpan.FromSeconds(60),
            RoundDeadline: TimeSpan.FromHours(1));
        var coordinator = new RoundCoordinator(_coordinator.Rounds, store, _members, initial, options, new FedAvg(), TextWriter.Null);
        var (honest, tampering, garbage, vanishing) = (_members[0].Address, _members[1].Address, _members[2].Address, _members[3].Address);

        var outcome = await coordinator.RunRoundAsync(1, CancellationToken.None);

        var expected = new Dictionary<ChainAddress, ExclusionReason>
        {
            [tampering] = ExclusionReason.Malicious,
            [garbage] = ExclusionReason.InvalidUpdate,
            [vanishing] = ExclusionReason.NotDelivered,
        };
        Assert.Equal(expected, outcome.Exclusions.ToDictionary(e => e.Member, e => e.Reason));
        Assert.True(outcome.QuorumReached);
        Assert.Equal([honest], outcome.Scores.Select(s => s.Member));

        var onChain = await _coordinator.Rounds.GetRoundAsync(outcome.RoundId);
        Assert.Equal((RoundStatus.Finalized, 3, true), (onChain.Status, onChain.ExcludedMembers, onChain.ExclusionsEnforced));
        Assert.True(outcome.Table.Matches(onChain));
        var history = await _coordinator.Rounds.GetRoundHistoryAsync(outcome.RoundId);
        Assert.Equal(RoundScoreTable.Sorted(expected.Select(e => new MemberExclusion(e.Key, e.Value))), history.Exclusions);

        // Invalid and not delivered lose the smaller share (10 %) at enforcement; the tampering member is only accused so far.
        Assert.Equal(Stake, (await _coordinator.Registry.GetMemberAsync(tampering)).Stake);
        var accusation = await _coordinator.Rounds.GetAccusationAsync(outcome.RoundId, tampering);
        var commitment = await _coordinator.Rounds.GetCommitmentAsync(outcome.RoundId, tampering);
        Assert.Equal((AccusationStatus.Pending, commitment.UpdateHash, AccusationReasonCodes.CommitmentMismatch), (accusation.Status, accusation.UpdateHash, accusation.ReasonCode));
        Assert.Empty(await coordinator.SettleDueAccusationsAsync());

        await _chain.IncreaseTimeAsync(ChallengeWindow + TimeSpan.FromSeconds(1));
        var settled = Assert.Single(await coordinator.SettleDueAccusationsAsync());
        Assert.Equal((tampering, AccusationStatus.Upheld, Stake / 2), (settled.Member, settled.Status, settled.Slashed));
        var settlement = Assert.Single(await _coordinator.Rounds.GetAccusationSettledEventsAsync(outcome.RoundId));

        // Malicious loses the larger share (50 %) through the accusation; the honest stake is whole.
        var slashedBy = new Dictionary<ChainAddress, (BigInteger Amount, Hash32 TxHash)>
        {
            [tampering] = (Stake / 2, settlement.TxHash),
            [garbage] = (Stake / 10, outcome.Enforcement!.TxHash),
            [vanishing] = (Stake / 10, outcome.Enforcement!.TxHash),
        };
        var slashes = await _coordinator.Registry.GetMemberSlashedEventsAsync();
        Assert.Equal(3, slashes.Count);
        foreach (var (member, (amount, txHash)) in slashedBy)
        {
            Assert.Equal(Stake - amount, (await _coordinator.Registry.GetMemberAsync(member)).Stake);
            var slash = Assert.Single(slashes, s => s.Member == member);
            Assert.Equal(
                (amount, (int)expected[member], outcome.RoundId, _coordinator.Rounds.Address, txHash),
                (slash.Amount, slash.Reason, slash.Reference, slash.Ledger, slash.TxHash));
            Assert.Equal(1, (await _coordinator.Registry.GetReputationAsync(member)).SlashCount);
        }

        Assert.Equal(Stake, (await _coordinator.Registry.GetMemberAsync(honest)).Stake);
        Assert.Equal(outcome.Scores[0].Reward, await _coordinator.Token.BalanceOfAsync(honest));
    }

    private async Task ServeAsync(IFederatedMemberHandler handler)
    {
        var server = await LoopbackMemberServer.StartAsync(handler);
        _servers.Add(server);
        var client = new FederatedMemberClient(server.Endpoint);
        var profile = await client.DescribeAsync(TimeSpan.FromSeconds(10));
        _members.Add(new RemoteMember(profile.Name, profile.Address, client, profile));
    }
}
