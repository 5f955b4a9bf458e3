using Consortium.Network.Dispatch;
using Consortium.Network.Federation;
using Consortium.Network.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Consortium.Network;

/// <summary>Registers gRPC for a node and maps the services a node serves: the federation member and the dispatch participant.</summary>
public static class GrpcEndpoints
{
    /// <summary>
    /// Adds gRPC with message limits fit for model transfer. With <paramref name="requireMembers"/> every call must come
    /// over mutual TLS from a current member with a role the method allows (<see cref="PeerAuthorizationInterceptor"/>);
    /// an <see cref="IPeerDirectory"/> must then be registered.
    /// </summary>
    /// <param name="services">The node's services.</param>
    /// <param name="requireMembers">Admit only current members over mutual TLS.</param>
    /// <param name="configure">Runs before the membership check is added, e.g. to add interceptors that see every call.</param>
    /// <param name="limits">With <paramref name="requireMembers"/>: the request sizes and call rates each peer is held to; defaults sized for a 1 MiB model.</param>
    public static IServiceCollection AddConsortiumGrpc(
        this IServiceCollection services, bool requireMembers = false, Action<Grpc.AspNetCore.Server.GrpcServiceOptions>? configure = null, PeerCallLimits? limits = null)
    {
        var peerLimits = limits ?? new PeerCallLimits(1024 * 1024);
        peerLimits.Validate();
        services.AddGrpc(options =>
        {
            options.MaxReceiveMessageSize = requireMembers ? peerLimits.MaxReceiveBytes : FederatedMemberClient.MaxMessageBytes;
            options.MaxSendMessageSize = FederatedMemberClient.MaxMessageBytes;
            configure?.Invoke(options);
            if (requireMembers)
            {
                options.Interceptors.Add<PeerAuthorizationInterceptor>();
            }
        });
        if (requireMembers)
        {
            services.AddSingleton(peerLimits);
            services.AddSingleton(new PeerRateLimiter(peerLimits));
        }

        return services;
    }

    /// <summary>Maps <see cref="FederatedMemberService"/>; an <see cref="IFederatedMemberHandler"/> must be registered.</summary>
    public static IEndpointRouteBuilder MapConsortiumFederation(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGrpcService<FederatedMemberService>();
        return endpoints;
    }

    /// <summary>Maps <see cref="DispatchParticipantService"/>; an <see cref="IDispatchParticipantHandler"/> must be registered.</summary>
    public static IEndpointRouteBuilder MapConsortiumDispatch(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGrpcService<DispatchParticipantService>();
        return endpoints;
    }
}
