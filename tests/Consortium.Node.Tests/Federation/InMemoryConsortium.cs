using Consortium.Contracts.Ledger;
using Consortium.Data.Councils;
using Consortium.Fl.Models;
using Consortium.Fl.Strategies;
using Consortium.Network.Federation;
using Consortium.Node.Federation.Coordinator;
using Consortium.Node.Federation.Member;
using Consortium.Node.Import;
using Consortium.Node.Store;
using Consortium.Node.Tests.Federation.Ledger;
using Consortium.Node.Tests.Network;
using Microsoft.Extensions.Logging.Abstractions;

namespace Consortium.Node.Tests.Federation;

/// <summary>
/// A consortium on an <see cref="InMemoryChain"/>: account 0 coordinates, accounts 1..n are operators whose real
/// <see cref="FederatedMember"/> nodes train on imported stores, and any hostile members follow; every member is
/// served over real gRPC on loopback, each signing with its own key on the in-memory round ledger.
/// </summary>
internal sealed class InMemoryConsortium : IAsyncDisposable
{
    private static readonly Lazy<ScottishCouncilData> CouncilData = new(() => ScottishCouncilData.Load(ScottishCouncilData.LocateRoot()));
    private readonly List<LoopbackMemberServer> _servers = [];
    private readonly List<IDisposable> _disposables = [];

    private InMemoryConsortium(InMemoryChain chain, string dataDir)
    {
        Chain = chain;
        DataDir = dataDir;
    }

    public InMemoryChain Chain { get; }

    public string DataDir { get; }

    /// <summary>Every member as the coordinator knows it: the operators first, then the hostile members.</summary>
    public List<RemoteMember> Members { get; } = [];

    /// <summary>The operators' member nodes, in account order.</summary>
    public List<FederatedMember> Operators { get; } = [];

    /// <summary>The operators' stores, in account order.</summary>
    public List<NodeStore> OperatorStores { get; } = [];

    /// <summary>The coordinator's account.</summary>
    public ChainAddress CoordinatorAddress => InMemoryChain.Account(0).Address;

    /// <summary>The round ledger as the coordinator sends to it.</summary>
    public IRoundLedger CoordinatorRounds => Chain.RoundsAs(CoordinatorAddress);

    /// <summary>The registry, read by anyone.</summary>
    public IMemberRegistry Registry => Chain.RegistryAs(CoordinatorAddress);

    /// <summary>The token, read by anyone.</summary>
    public IRewardToken Token => Chain.TokenAs(CoordinatorAddress);

    /// <summary>Founds the consortium with <paramref name="operators"/> honest operators and the hostile members <paramref name="hostile"/> builds.</summary>
    public static Task<InMemoryConsortium> StartAsync(int operators, params Func<IRoundLedger, ChainAddress, IFederatedMemberHandler>[] hostile) =>
        StartAsync(operators, null, hostile);

    /// <summary>As <see cref="StartAsync(int, Func{IRoundLedger, ChainAddress, IFederatedMemberHandler}[])"/>, every message the operators' nodes receive and send recorded by <paramref name="recorder"/>.</summary>
    public static Task<InMemoryConsortium> StartAsync(int operators, WireRecorder? recorder, params Func<IRoundLedger, ChainAddress, IFederatedMemberHandler>[] hostile) =>
        StartAsync(operators, recorder, _ => null, hostile);

    /// <summary>As <see cref="StartAsync(int, Func{IRoundLedger, ChainAddress, IFederatedMemberHandler}[])"/>, operator i with the DP settings <paramref name="privacy"/>(i) gives.</summary>
    public static Task<InMemoryConsortium> StartWithPrivacyAsync(int operators, Func<int, MemberPrivacy?> privacy) =>
        StartAsync(operators, null, privacy, []);

    private static async Task<InMemoryConsortium> StartAsync(
        int operators, WireRecorder? recorder, Func<int, MemberPrivacy?> privacy, Func<IRoundLedger, ChainAddress, IFederatedMemberHandler>[] hostile)
    {
        var chain = InMemoryChain.WithOperators(operators + hostile.Length);
        var consortium = new InMemoryConsortium(chain, Path.Combine(Path.GetTempPath(), "consortium-inmemory-" + Guid.NewGuid().ToString("N")));
        try
        {
            // The bundled data is cut into at least two operators; a smaller consortium uses the first.
            var plans = CouncilImport.Run(CouncilData.Value, consortium.DataDir, Math.Max(2, operators), TextWriter.Null);
            for (var i = 0; i < operators; i++)
            {
                var key = InMemoryChain.Account(i + 1);
                var account = key.Address;
                var store = consortium.Own(new NodeStore(CouncilImport.StorePath(consortium.DataDir, plans[i].Name)));
                // Like the demo's children: the one process that owns them may ask for the test split.
                var member = consortium.Own(new FederatedMember(new LoadForecastTask(store, plans[i].Name, 24), plans[i].Name, store, chain.RoundsAs(account), account, NullLogger<FederatedMember>.Instance, privacy(i))
                {
                    AllowTestSplit = true,
                    SecureIdentity = roster => new Consortium.Node.Federation.SecureAggregation.ChainRoundIdentity(roster, key),
                });
                consortium.OperatorStores.Add(store);
                consortium.Operators.Add(member);
                consortium.Members.Add(await consortium.ServeAsync(member, recorder));
            }

            for (var i = 0; i < hostile.Length; i++)
            {
                var account = InMemoryChain.Account(operators + i + 1).Address;
                consortium.Members.Add(await consortium.ServeAsync(hostile[i](chain.RoundsAs(account), account)));
            }

            return consortium;
        }
        catch
        {
            await consortium.DisposeAsync();
            throw;
        }
    }

    /// <summary>Rounds as the tests run them: one epoch, seed 1, 10 tokens a round, FedAvg.</summary>
    public static CoordinatorOptions Options(int quorum = 1, TimeSpan? trainTimeout = null, long seed = 1) => new(
        LocalEpochs: 1,
        Seed: seed,
        TrainTimeout: trainTimeout ?? TimeSpan.FromSeconds(60),
        EvaluateTimeout: TimeSpan.FromSeconds(60),
        RoundDeadline: TimeSpan.FromHours(1),
        Quorum: quorum);

    /// <summary>A coordinator over every member, with a store of its own, starting from the default architecture's model for seed 1.</summary>
    public RoundCoordinator Coordinator(CoordinatorOptions? options = null, TextWriter? progress = null)
    {
        var store = Own(new NodeStore(Path.Combine(DataDir, "coordinator-" + Guid.NewGuid().ToString("N"), "node.db")));
        var initial = new ModelCheckpoint(LoadForecastArchitecture.Default, LoadForecastArchitecture.Default.InitialParameters(1));
        return new RoundCoordinator(CoordinatorRounds, store, Members, initial, options ?? Options(), new FedAvg(), progress ?? TextWriter.Null);
    }

    /// <summary>Stops <paramref name="member"/>'s server, as if its node went away: calls to it find nobody listening.</summary>
    public async Task StopServingAsync(RemoteMember member)
    {
        var server = _servers.Single(s => s.Endpoint == member.Client.Endpoint);
        _servers.Remove(server);
        await server.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }

        foreach (var member in Members)
        {
            member.Client.Dispose();
        }

        foreach (var disposable in _disposables)
        {
            disposable.Dispose();
        }

        if (Directory.Exists(DataDir))
        {
            Directory.Delete(DataDir, recursive: true);
        }
    }

    private T Own<T>(T disposable)
        where T : IDisposable
    {
        _disposables.Add(disposable);
        return disposable;
    }

    private async Task<RemoteMember> ServeAsync(IFederatedMemberHandler handler, WireRecorder? recorder = null)
    {
        var server = await LoopbackMemberServer.StartAsync(handler, recorder);
        _servers.Add(server);
        var client = new FederatedMemberClient(server.Endpoint);
        var profile = await client.DescribeAsync(TimeSpan.FromSeconds(10));
        return new RemoteMember(profile.Name, profile.Address, client, profile);
    }
}
