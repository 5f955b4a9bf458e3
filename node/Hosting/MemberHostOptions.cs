using System.Security.Cryptography.X509Certificates;
using Consortium.Contracts.Ledger;
using Consortium.Dispatch.Fleets;
using Consortium.Network.Security;
using Consortium.Node.DispatchEvents.Participant;
using Consortium.Node.Federation.Member;
using Consortium.Node.Home;
using Consortium.Node.Store;

namespace Consortium.Node.Hosting;

/// <summary>What an operator's member node serves with: its name, its private store, its chain key and its options.</summary>
/// <param name="Name">The member's name (also in its profile).</param>
/// <param name="Store">The node's private store (loads, sessions, artifacts, key).</param>
/// <param name="Ledger">The chain, signing with the node's own key.</param>
/// <param name="Port">The loopback port to serve gRPC on (0: one the OS picks) when <see cref="Listen"/> is not set.</param>
/// <param name="WindowStride">Hours between consecutive training windows (1 uses every hour).</param>
/// <param name="Privacy">Client-side differential privacy, or none.</param>
/// <param name="Fleet">The fleet the node serves in dispatch events.</param>
public sealed record MemberHostOptions(
    string Name,
    NodeStore Store,
    ConsortiumLedger Ledger,
    int Port,
    int WindowStride,
    MemberPrivacy? Privacy,
    OperatorFleetOptions Fleet)
{
    /// <summary>Where to serve gRPC; null for 127.0.0.1:<see cref="Port"/>.</summary>
    public NodeEndpoint? Listen { get; init; }

    /// <summary>The node's chain key, with which it signs its secure-round messages; without it the node takes part in plain rounds only.</summary>
    public Contracts.Chain.ChainAccount? Account { get; init; }

    /// <summary>
    /// The node's TLS certificate with its key (asked for at each handshake, so that a rotated one is presented from the
    /// next connection on) and the directory of current members: with both, gRPC is served over
    /// mutual TLS to current members only; with neither, plaintext on loopback (in-process tests of the protocol).
    /// </summary>
    public (Func<X509Certificate2> Certificate, IPeerDirectory Peers)? Security { get; init; }

    /// <summary>
    /// The federated tasks the node trains: the load forecast on the loads of its charging sessions (the default), the
    /// battery-health model on its cells' ageing records, or both from one store. The first answers a description that
    /// names no task.
    /// </summary>
    public IReadOnlyList<Contracts.Ledger.FederatedTask> Tasks { get; init; } = [Contracts.Ledger.FederatedTask.LoadForecast];

    /// <summary>What each peer may send (with <see cref="Security"/>); <see cref="ModelSizedLimits"/> when null.</summary>
    public PeerCallLimits? Limits { get; init; }

    /// <summary>
    /// Limits sized to the consortium's models: the largest serialized forecast model of the kinds a coordinator may run
    /// (GRU, MLP), four times over for headroom.
    /// </summary>
    public static PeerCallLimits ModelSizedLimits { get; } = new(4 * new[] { Fl.Models.LoadForecastArchitecture.Default, Fl.Models.LoadForecastArchitecture.Mlp }
        .Max(a => new Fl.Models.ModelCheckpoint(a, a.InitialParameters(0)).ToBytes().Length));

    /// <summary>Where <c>/healthz</c> and <c>/metrics</c> are served over plain HTTP; null for none.</summary>
    public NodeEndpoint? Operations { get; init; }
}
