using Consortium.Contracts.Ledger;
using System.Net;
using Consortium.Network;
using Consortium.Network.Dispatch;
using Consortium.Network.Federation;
using Consortium.Network.Security;
using Consortium.Node.DispatchEvents.Participant;
using Consortium.Node.Federation.Member;
using Consortium.Node.Home;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Consortium.Node.Hosting;

/// <summary>Registers and maps an operator's member node: the federation and dispatch services over its own data and key.</summary>
public static class MemberHostExtensions
{
    /// <summary>
    /// Adds the member's services to <paramref name="builder"/>: Kestrel over HTTP/2 (mutual TLS with
    /// <see cref="MemberHostOptions.Security"/>, plaintext loopback without), the node's store and ledger, its federation
    /// member and its dispatch participant, gRPC with per-call metrics, and with <see cref="MemberHostOptions.Operations"/>
    /// a plain HTTP endpoint for <c>/healthz</c> and <c>/metrics</c>. Logging is the caller's to set up.
    /// </summary>
    public static WebApplicationBuilder AddConsortiumMember(this WebApplicationBuilder builder, MemberHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        var account = options.Ledger.Account ?? throw new ArgumentException("The member's ledger has no signing key.", nameof(options));
        var listen = options.Listen ?? new NodeEndpoint("127.0.0.1", options.Port);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            Listen(kestrel, listen, o =>
            {
                if (options.Security is { } security)
                {
                    o.UseConsortiumPeerTls(security.Certificate);
                }
                else
                {
                    o.Protocols = HttpProtocols.Http2;
                }
            });
            if (options.Operations is { } operations)
            {
                Listen(kestrel, operations, o => o.Protocols = HttpProtocols.Http1);
            }
        });
        builder.AddNodeOperations(options.Ledger.Connection, new NodeMetrics());
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(options.Store);
        builder.Services.AddSingleton(options.Ledger);
        if (options.Security is { } peers)
        {
            builder.Services.AddSingleton(peers.Peers);
        }

        builder.Services.AddSingleton<IFederatedMemberHandler>(sp =>
        {
            var members = options.Tasks.Select(task => new FederatedMember(
                task == FederatedTask.BatteryHealth
                    ? new BatteryHealthTask(options.Store)
                    : new LoadForecastTask(options.Store, options.Name, options.WindowStride),
                options.Name,
                options.Store,
                options.Ledger.Rounds,
                account,
                sp.GetRequiredService<ILogger<FederatedMember>>(),
                options.Privacy)
            {
                SecureIdentity = options.Account is { } key ? roster => new Federation.SecureAggregation.ChainRoundIdentity(roster, key) : null,
            }).ToList();
            return members.Count == 1 ? members[0] : new MemberTasks(members, options.Ledger.Rounds);
        });
        builder.Services.AddSingleton<IDispatchParticipantHandler>(sp => new OperatorDispatchParticipant(
            options.Name,
            account,
            options.Store,
            options.Ledger.Dispatch,
            options.Fleet,
            sp.GetRequiredService<ILogger<OperatorDispatchParticipant>>()));
        builder.Services.AddConsortiumGrpc(
            requireMembers: options.Security is not null,
            grpc => grpc.Interceptors.Add<NodeMetricsInterceptor>(),
            options.Limits ?? MemberHostOptions.ModelSizedLimits);
        return builder;
    }

    /// <summary>Maps the federation and dispatch services (and the operations endpoint) and opens the member's data before the first call arrives.</summary>
    public static WebApplication MapConsortiumMember(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapConsortiumFederation();
        app.MapConsortiumDispatch();
        if (app.Services.GetRequiredService<MemberHostOptions>().Operations is not null)
        {
            app.MapNodeOperations();
        }

        _ = app.Services.GetRequiredService<IFederatedMemberHandler>();
        return app;
    }

    /// <summary>Listens on <paramref name="endpoint"/>: an IP address, <c>localhost</c>, or a host name resolved now.</summary>
    /// <param name="kestrel">The server's options.</param>
    /// <param name="endpoint">Where to listen.</param>
    /// <param name="configure">Configures the listener.</param>
    public static void Listen(KestrelServerOptions kestrel, NodeEndpoint endpoint, Action<ListenOptions> configure)
    {
        if (IPAddress.TryParse(endpoint.Host, out var address))
        {
            kestrel.Listen(address, endpoint.Port, configure);
        }
        else if (string.Equals(endpoint.Host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            kestrel.ListenLocalhost(endpoint.Port, configure);
        }
        else
        {
            var resolved = Dns.GetHostAddresses(endpoint.Host);
            kestrel.Listen(resolved.Length > 0 ? resolved[0] : throw new InvalidOperationException($"{endpoint.Host} resolves to no address"), endpoint.Port, configure);
        }
    }
}
