using System.Net;
using System.Text.RegularExpressions;
using Consortium.Dashboard.Audit;
using Consortium.Dashboard.Components;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Consortium.Dashboard.Tests;

/// <summary>Hosts the dashboard the way the node does, on a real Kestrel server on loopback, and reads it over HTTP.</summary>
public sealed partial class DashboardHostingTests
{
    private static async Task<(WebApplication App, HttpClient Client)> StartAsync(IAuditSource source, string environment = "Production")
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(DashboardHostingTests).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = environment,
        });
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        builder.Services.AddConsortiumDashboard();
        builder.Services.AddSingleton(source);

        var app = builder.Build();
        app.MapConsortiumDashboard();
        await app.StartAsync();

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return (app, new HttpClient { BaseAddress = new Uri(address) });
    }

    [Fact]
    public async Task RootServesTheAuditPageWithEveryRoundAndContractAddress()
    {
        var (app, client) = await StartAsync(new FixedAuditSource(SampleAudit.Snapshot()));
        await using (app)
        using (client)
        {
            var response = await client.GetAsync("/");
            var html = await response.Content.ReadAsStringAsync();

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("<title>Consortium audit</title>", html);
            Assert.Contains("data-round=\"1\"", html);
            Assert.Contains("data-round=\"2\"", html);
            Assert.Contains("data-round=\"3\"", html);
            Assert.Contains(SampleAudit.RegistryAddress, html);
            Assert.Contains(SampleAudit.RoundsAddress, html);
            Assert.Contains(SampleAudit.TokenAddress, html);
            Assert.Contains(SampleAudit.DundeeAddress, html);
            Assert.Contains("12.345678 CRT", html);
        }
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Development")]
    public async Task TheStylesheetThePageLinksIsServedAsCssFromTheBuildOutput(string environment)
    {
        var (app, client) = await StartAsync(new FixedAuditSource(SampleAudit.Snapshot()), environment);
        await using (app)
        using (client)
        {
            var html = await client.GetStringAsync("/");
            var href = StylesheetLink().Match(html).Groups["href"].Value;

            var response = await client.GetAsync(href);

            Assert.StartsWith("_content/Consortium.Dashboard/", href);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/css", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains(".badge-mismatch", await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task AnUnreachableChainYieldsAPageExplainingItRatherThanAServerError()
    {
        var (app, client) = await StartAsync(new UnreachableChainSource());
        await using (app)
        using (client)
        {
            var response = await client.GetAsync("/");
            var html = await response.Content.ReadAsStringAsync();

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("The chain could not be read", html);
            Assert.Contains(UnreachableChainSource.Message, html);
        }
    }

    [Fact]
    public async Task TheSourceIsReadAgainOnEveryRequest()
    {
        var source = new FixedAuditSource(SampleAudit.Snapshot());
        var (app, client) = await StartAsync(source);
        await using (app)
        using (client)
        {
            await client.GetStringAsync("/");
            await client.GetStringAsync("/");

            Assert.Equal(2, source.Reads);
        }
    }

    [GeneratedRegex("<link rel=\"stylesheet\" href=\"(?<href>[^\"]+)\"")]
    private static partial Regex StylesheetLink();
}
