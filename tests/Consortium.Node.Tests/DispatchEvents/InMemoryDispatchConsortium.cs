using System.Numerics;
using Consortium.Contracts.Chain;
using Consortium.Dispatch;
using Consortium.Node.DispatchEvents.Participant;
using Consortium.Node.DispatchEvents.Runner;
using Consortium.Node.Store;
using Consortium.Node.Tests.Network;
using Microsoft.Extensions.Logging.Abstractions;

namespace Consortium.Node.Tests.DispatchEvents;

/// <summary>
/// A consortium without a chain: a coordinator and four operators (fresh keys) on an <see cref="InMemoryDispatchLedger"/>,
/// each operator with a store of its own in a temporary directory, served in process or over real gRPC on loopback.
/// </summary>
public sealed class InMemoryDispatchConsortium : IDisposable
{
    /// <summary>Each operator's stake.</summary>
    public static readonly BigInteger Stake = TokenAmount.FromTokens(100m);

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "consortium-inmemory-" + Guid.NewGuid().ToString("N"));
    private readonly List<NodeStore> _stores = [];

    public InMemoryDispatchConsortium()
    {
        Operators = [.. Enumerable.Range(0, 4).Select(_ => ChainAccount.Generate().Address)];
        Coordinator = InMemoryDispatchLedger.Deploy(ChainAccount.Generate().Address, Operators, Stake);
    }

    /// <summary>Runner options whose grid party (registered on the ledger) shapes and signs the request.</summary>
    public DispatchEventOptions RunnerOptions()
    {
        Coordinator.RegisterGridParty(TestRequests.GridKey.Address);
        return new DispatchEventOptions { ProgressEvery = 0, GridParty = TestRequests.Ask(Coordinator.Domain) };
    }

    /// <summary>The ledger as the coordinator sends.</summary>
    public InMemoryDispatchLedger Coordinator { get; }

    public IReadOnlyList<ChainAddress> Operators { get; }

    /// <summary>The ledger as operator <paramref name="index"/> sends.</summary>
    public InMemoryDispatchLedger OperatorLedger(int index) => Coordinator.As(Operators[index]);

    /// <summary>Operator <paramref name="index"/>'s store (one file per operator, kept across its participants).</summary>
    public NodeStore Store(int index)
    {
        var store = new NodeStore(Path.Combine(_directory, $"operator-{index + 1}", "node.db"));
        _stores.Add(store);
        return store;
    }

    /// <summary>A participant for operator <paramref name="index"/> serving <paramref name="fleet"/> (synthetic, seeded with <paramref name="seed"/>).</summary>
    public OperatorDispatchParticipant Participant(int index, NodeStore store, DispatchableFleet fleet, int seed = 1) =>
        new(
            $"operator-{index + 1}",
            Operators[index],
            store,
            OperatorLedger(index),
            new OperatorFleetOptions(fleet.Fleet?.Count ?? 1, seed, 0.05, OperatorFleetSource.Synthetic),
            NullLogger<OperatorDispatchParticipant>.Instance,
            () => fleet);

    /// <summary>A participant for operator <paramref name="index"/> that draws its fleet from the sessions in its store, as a member node does.</summary>
    public OperatorDispatchParticipant SessionParticipant(int index, NodeStore store, int vehicles = 50) =>
        new($"operator-{index + 1}", Operators[index], store, OperatorLedger(index), new OperatorFleetOptions(vehicles, 7), NullLogger<OperatorDispatchParticipant>.Instance);

    /// <summary>Serves <paramref name="participant"/> over gRPC on loopback.</summary>
    public async Task<ServedOperator> ServeAsync(OperatorDispatchParticipant participant, NodeStore store) =>
        new(store, participant, await LoopbackMemberServer.StartAsync(participant));

    /// <summary>Opens an event as the coordinator for the demo grid party's signed request for <paramref name="targetKw"/>.</summary>
    public async Task<(ulong EventId, Hash32 RequestHash)> OpenAsync(double[] targetKw)
    {
        Coordinator.RegisterGridParty(TestRequests.GridKey.Address);
        var signed = TestRequests.Sign(Coordinator.Domain, targetKw);
        var opening = await Coordinator.OpenDispatchAsync(
            signed.Request.Terms(), Convert.FromHexString(signed.Signature.AsSpan(2)), Coordinator.Now.AddMinutes(30), Coordinator.Now.AddDays(2));
        return (opening.EventId, signed.RequestHash);
    }

    public void Dispose()
    {
        foreach (var store in _stores)
        {
            store.Dispose();
        }

        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
