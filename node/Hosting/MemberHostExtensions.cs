using System.Net;
using Consortium.Network;
using Consortium.Network.Dispatch;
using Consortium.Network.Federation;
using Consortium.Node.DispatchEvents.Participant;
using Consortium.Node.Federation.Member;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Consortium.Node.Hosting;

/// <summary>Registers and maps an operator's member node: the federation and dispatch services over its own data and key.</summary>
public static class MemberHostExtensions
{
    /// <summary>
    /// Adds the member's services to <paramref name="builder"/>: single-line console logs, Kestrel on 127.0.0.1 over
    /// HTTP/2, the node's store and ledger, its federation member and its dispatch participant, and gRPC.
    /// </summary>
    public static WebApplicationBuilder AddConsortiumMember(this WebApplicationBuilder builder, MemberHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        var account = options.Ledger.Account ?? throw new ArgumentException("The member's ledger has no signing key.", nameof(options));
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Logging.AddFilter("Grpc", LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, options.Port, o => o.Protocols = HttpProtocols.Http2));
        builder.Services.AddSingleton(options.Store);
        builder.Services.AddSingleton(options.Ledger);
        builder.Services.AddSingleton<IFederatedMemberHandler>(sp => new LoadForecastMember(
            options.Name,
            options.Store,
            options.Ledger.Rounds,
            account,
            sp.GetRequiredService<ILogger<LoadForecastMember>>(),
            options.WindowStride,
            options.Privacy));
        builder.Services.AddSingleton<IDispatchParticipantHandler>(sp => new OperatorDispatchParticipant(
            options.Name,
            options.Ledger.Account ?? throw new InvalidOperationException($"{options.Name}'s ledger has no signing key; a dispatch participant commits with its own."),
            options.Store,
            options.Ledger.Dispatch,
            options.Fleet,
            sp.GetRequiredService<ILogger<OperatorDispatchParticipant>>()));
        builder.Services.AddConsortiumGrpc();
        return builder;
    }

    /// <summary>Maps the federation and dispatch services and opens the member's data before the first call arrives.</summary>
    public static WebApplication MapConsortiumMember(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapConsortiumFederation();
        app.MapConsortiumDispatch();
        _ = app.Services.GetRequiredService<IFederatedMemberHandler>();
        return app;
    }
}
