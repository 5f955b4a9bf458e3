using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Consortium.Network.Federation;

/// <summary>Registers and maps the member-side federation service.</summary>
public static class FederationEndpoints
{
    /// <summary>Adds gRPC with message limits fit for model transfer.</summary>
    public static IServiceCollection AddConsortiumFederation(this IServiceCollection services)
    {
        services.AddGrpc(options =>
        {
            options.MaxReceiveMessageSize = FederatedMemberClient.MaxMessageBytes;
            options.MaxSendMessageSize = FederatedMemberClient.MaxMessageBytes;
        });
        return services;
    }

    /// <summary>Maps <see cref="FederatedMemberService"/>; an <see cref="IFederatedMemberHandler"/> must be registered.</summary>
    public static IEndpointRouteBuilder MapConsortiumFederation(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGrpcService<FederatedMemberService>();
        return endpoints;
    }

    /// <summary>Maps <see cref="Dispatch.DispatchParticipantService"/>; an <see cref="Dispatch.IDispatchParticipantHandler"/> must be registered.</summary>
    public static IEndpointRouteBuilder MapConsortiumDispatch(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGrpcService<Dispatch.DispatchParticipantService>();
        return endpoints;
    }
}
