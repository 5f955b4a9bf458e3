using Consortium.Contracts.Chain;
using Prometheus;

namespace Consortium.Node.Hosting;

/// <summary>
/// A long-running node's operations endpoint: <c>/healthz</c> (the chain still answers) and <c>/metrics</c>
/// (<see cref="NodeMetrics"/>, Prometheus text format), served over plain HTTP on a listener of their own and never on
/// the node's TLS endpoint.
/// </summary>
public static class NodeOperations
{
    /// <summary>Adds the metrics, the chain follower behind the health check, and the health check.</summary>
    public static WebApplicationBuilder AddNodeOperations(this WebApplicationBuilder builder, ChainConnection chain, NodeMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton(metrics);
        builder.Services.AddSingleton(sp => new ChainFollower(chain, metrics, sp.GetRequiredService<ILogger<ChainFollower>>()));
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ChainFollower>());
        builder.Services.AddHealthChecks().AddCheck<ChainFollower>("chain");
        return builder;
    }

    /// <summary>Maps <c>/healthz</c> and <c>/metrics</c>, answering them only on the plain-HTTP operations listener.</summary>
    public static WebApplication MapNodeOperations(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Use((context, next) =>
        {
            if (context.Request.IsHttps && context.Request.Path.Value is "/healthz" or "/metrics")
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }

            return next(context);
        });
        app.MapHealthChecks("/healthz");
        app.MapMetrics("/metrics", app.Services.GetRequiredService<NodeMetrics>().Registry);
        return app;
    }
}
