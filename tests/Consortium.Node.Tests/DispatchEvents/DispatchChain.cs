using Consortium.Contracts.Chain;
using Consortium.Contracts.Ledger;
using Consortium.Dispatch;
using Consortium.Dispatch.Coordination;
using Consortium.Dispatch.Fleets;
using Consortium.Node.Tests.DispatchEvents;
using Consortium.Node.Home;
using Consortium.Node.GridParty;
using Consortium.Node.DispatchEvents.Participant;
using Consortium.Node.DispatchEvents.Runner;
using Consortium.Node.Store;
using Consortium.Node.Tests.Network;
using Microsoft.Extensions.Logging.Abstractions;

namespace Consortium.Node.Tests.DispatchEvents;

/// <summary>
/// A consortium on a real anvil for dispatch tests: a coordinator and three founding operators (anvil's dev keys), and a
/// way to serve an operator's fleet over real gRPC on loopback with its own store and its own key.
/// </summary>
public sealed class DispatchChain : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "consortium-dispatch-" + Guid.NewGuid().ToString("N"));
    private AnvilChain? _chain;

    public AnvilChain Chain => _chain ?? throw new InvalidOperationException("anvil has not started.");

    public ConsortiumLedger Coordinator { get; private set; } = null!;

    public IReadOnlyList<ChainAccount> Operators { get; private set; } = [];

    public ChainConnectionOptions ChainOptions { get; private set; } = new();

    public async Task InitializeAsync()
    {
        _chain = await AnvilChain.StartAsync();
        ChainOptions = new ChainConnectionOptions { ChainId = Chain.ChainId };
        var coordinator = ChainConnection.WithSigner(Chain.RpcUrl, Chain.DevAccounts[0], ChainOptions);
        Operators = [Chain.DevAccounts[2], Chain.DevAccounts[3], Chain.DevAccounts[4]];
        var setup = new ConsortiumSetup(
        [
            new FoundingMember(coordinator.Account!.Value, "coordinator", MemberRole.Coordinator),
            .. Operators.Select((account, i) => new FoundingMember(account.Address, $"operator-{i + 1}", MemberRole.Operator)),
        ]);
        var addresses = await ConsortiumDeployment.DeployAsync(coordinator, setup);
        Coordinator = new ConsortiumLedger(coordinator, addresses);
        await GridPartyGovernance.RegisterAsync([Coordinator, .. Operators.Select((_, i) => OperatorLedger(i))], TestRequests.GridKey.Address, "test grid party");
    }

    public async Task DisposeAsync()
    {
        if (_chain is not null)
        {
            await _chain.DisposeAsync();
        }

        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    /// <summary>Opens an event on chain for the demo grid party's signed request for <paramref name="targetKw"/>.</summary>
    public async Task<(ulong EventId, Hash32 RequestHash)> OpenAsync(double[] targetKw)
    {
        var signed = TestRequests.Sign(new RequestDomain(Chain.ChainId, Coordinator.Addresses.Dispatch), targetKw);
        var requestHash = signed.RequestHash;
        var opening = await Coordinator.Dispatch.OpenDispatchAsync(
            signed.Request.Terms(), Convert.FromHexString(signed.Signature.AsSpan(2)), DateTimeOffset.UtcNow.AddMinutes(30), DateTimeOffset.UtcNow.AddDays(2));
        return (opening.EventId, requestHash);
    }

    /// <summary>The ledger of operator <paramref name="index"/>, signing with its own key.</summary>
    public ConsortiumLedger OperatorLedger(int index) =>
        new(ChainConnection.WithSigner(Chain.RpcUrl, Operators[index], ChainOptions), Coordinator.Addresses);

    /// <summary>The store file of operator <paramref name="index"/> (kept across restarts of its participant).</summary>
    public string StorePath(int index) => Path.Combine(_directory, $"operator-{index + 1}", "node.db");

    /// <summary>Serves operator <paramref name="index"/>'s fleet over gRPC on loopback (on <paramref name="port"/>, or any free one).</summary>
    public async Task<ServedOperator> ServeAsync(
        int index, Fleet fleet, int seed, double unplugShare = 0.05, int exactVehicleLimit = LocalFleetOperator.DefaultExactVehicleLimit, int port = 0, Microsoft.Extensions.Logging.ILogger<OperatorDispatchParticipant>? logger = null)
    {
        var store = new NodeStore(StorePath(index));
        var participant = new OperatorDispatchParticipant(
            $"operator-{index + 1}",
            Operators[index].Address,
            store,
            OperatorLedger(index).Dispatch,
            new OperatorFleetOptions(fleet.Count, seed, unplugShare, OperatorFleetSource.Synthetic, exactVehicleLimit),
            logger ?? NullLogger<OperatorDispatchParticipant>.Instance,
            () => DispatchableFleet.Of(fleet));
        var server = await LoopbackMemberServer.StartAsync(participant, port);
        return new ServedOperator(store, participant, server);
    }
}

/// <summary>One operator's participant with its store and server; disposing stops all three (the store file stays).</summary>
public sealed class ServedOperator(NodeStore store, OperatorDispatchParticipant participant, IAsyncDisposable server) : IAsyncDisposable
{
    public NodeStore Store => store;

    public OperatorDispatchParticipant Participant => participant;

    public Uri Endpoint => ((LoopbackMemberServer)server).Endpoint;

    public async ValueTask DisposeAsync()
    {
        await server.DisposeAsync();
        participant.Dispose();
        store.Dispose();
    }
}
