using System.Net;
using Consortium.Dashboard;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Consortium.Node.Audit;

/// <summary>
/// The auditor dashboard served by Kestrel over HTTP/1.1 on 127.0.0.1 only: an auditor on another machine reaches it
/// through an SSH tunnel or a reverse proxy of their choosing, never through a port this node opens to the network.
/// </summary>
public sealed class DashboardHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private DashboardHost(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>The page's address, <c>http://127.0.0.1:PORT/</c>, with the port actually bound.</summary>
    public Uri Url { get; }

    /// <summary>Starts serving and returns once the server accepts connections.</summary>
    /// <param name="options">What to serve and on which port.</param>
    /// <param name="cancellationToken">Abandons the start.</param>
    /// <returns>The running dashboard; dispose it to stop serving.</returns>
    /// <exception cref="IOException">The port is taken.</exception>
    public static async Task<DashboardHost> StartAsync(DashboardHostOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.Source);
        ArgumentOutOfRangeException.ThrowIfNegative(options.Port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Port, IPEndPoint.MaxPort);

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            // The dashboard's static assets are found through the manifests named after the entry assembly, "consortium".
            ApplicationName = typeof(DashboardHost).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        if (options.LogToConsole)
        {
            builder.Logging.AddSimpleConsole(console =>
            {
                console.SingleLine = true;
                console.TimestampFormat = "HH:mm:ss ";
            });
            builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        }

        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Loopback, options.Port, listen => listen.Protocols = HttpProtocols.Http1));
        builder.Services.AddConsortiumDashboard();
        builder.Services.AddSingleton(options.Source);

        var app = builder.Build();
        try
        {
            app.MapConsortiumDashboard();
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            var bound = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single());
            return new DashboardHost(app, new UriBuilder(Uri.UriSchemeHttp, IPAddress.Loopback.ToString(), bound.Port, "/").Uri);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Stops serving, letting requests in flight finish for up to five seconds.</summary>
    public async ValueTask DisposeAsync()
    {
        using (var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            await _app.StopAsync(grace.Token).ConfigureAwait(false);
        }

        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
