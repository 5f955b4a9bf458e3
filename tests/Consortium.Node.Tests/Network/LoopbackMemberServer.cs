using System.Net;
using System.Security.Cryptography.X509Certificates;
using Consortium.Network;
using Consortium.Network.Dispatch;
using Consortium.Network.Federation;
using Consortium.Network.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Consortium.Node.Tests.Network;

/// <summary>A member's handler served over real gRPC (HTTP/2) on 127.0.0.1 with an OS-assigned port.</summary>
internal sealed class LoopbackMemberServer(WebApplication app, Uri endpoint) : IAsyncDisposable
{
    public Uri Endpoint { get; } = endpoint;

    /// <summary>Serves the federated-learning service; with a <paramref name="recorder"/>, every message in and out is recorded.</summary>
    public static Task<LoopbackMemberServer> StartAsync(IFederatedMemberHandler handler, WireRecorder? recorder = null) =>
        StartAsync(
            services =>
            {
                services.AddSingleton(handler);
                if (recorder is not null)
                {
                    services.AddSingleton(new WireRecorder.Interceptor(recorder));
                }
            },
            app => app.MapConsortiumFederation(),
            recorded: recorder is not null);

    /// <summary>Serves the dispatch service, on <paramref name="port"/> (0: any free one).</summary>
    public static Task<LoopbackMemberServer> StartAsync(IDispatchParticipantHandler handler, int port = 0) =>
        StartAsync(services => services.AddSingleton(handler), app => app.MapConsortiumDispatch(), port: port);

    /// <summary>
    /// Serves the federated-learning service over mutual TLS with <paramref name="certificate"/>, admitting only the
    /// members <paramref name="peers"/> names, as a node's <c>run</c> does.
    /// </summary>
    public static Task<LoopbackMemberServer> StartSecureAsync(
        IFederatedMemberHandler handler, X509Certificate2 certificate, IPeerDirectory peers, ILoggerProvider? log = null, PeerCallLimits? limits = null) =>
        StartAsync(
            services =>
            {
                services.AddSingleton(handler);
                services.AddSingleton(peers);
            },
            app => app.MapConsortiumFederation(),
            listen => listen.UseConsortiumPeerTls(certificate),
            requireMembers: true,
            log,
            limits);

    /// <summary>Serves a raw gRPC service, for peers that put on the wire what the typed handlers cannot say.</summary>
    public static Task<LoopbackMemberServer> StartServiceAsync<TService>()
        where TService : class =>
        StartAsync(_ => { }, app => app.MapGrpcService<TService>());

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private static async Task<LoopbackMemberServer> StartAsync(
        Action<IServiceCollection> register, Action<WebApplication> map, Action<ListenOptions>? listen = null, bool requireMembers = false, ILoggerProvider? log = null, PeerCallLimits? limits = null, bool recorded = false, int port = 0)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        if (log is not null)
        {
            builder.Logging.AddProvider(log);
        }

        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port, o => (listen ?? (l => l.Protocols = HttpProtocols.Http2))(o)));
        register(builder.Services);
        builder.Services.AddConsortiumGrpc(requireMembers, recorded ? o => o.Interceptors.Add<WireRecorder.Interceptor>() : null, limits);
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new LoopbackMemberServer(app, new Uri(address));
    }
}
