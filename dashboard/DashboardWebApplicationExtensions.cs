using Consortium.Dashboard.Components;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.StaticWebAssets;
using Microsoft.Extensions.Hosting;

namespace Consortium.Dashboard;

/// <summary>Adds the auditor dashboard to the node's request pipeline.</summary>
public static class DashboardWebApplicationExtensions
{
    /// <summary>
    /// Adds the antiforgery middleware that Razor component endpoints require, maps the build's static assets
    /// (the dashboard stylesheet is served from <c>_content/Consortium.Dashboard/</c>) and maps the dashboard pages, rooted at <c>/</c>.
    /// Call it once, after any authentication and authorization middleware; the host should not map static assets again.
    /// </summary>
    /// <param name="app">The node's web application, after <c>Build()</c>.</param>
    /// <returns>The page endpoints' convention builder, for example to restrict them with <c>RequireHost</c>.</returns>
    public static RazorComponentsEndpointConventionBuilder MapConsortiumDashboard(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!app.Environment.IsDevelopment())
        {
            // Outside Development the host only looks for static web assets in a published wwwroot, so a node run from its
            // build output would serve no stylesheet; the build's runtime manifest (absent once published) points at the files.
            StaticWebAssetsLoader.UseStaticWebAssets(app.Environment, app.Configuration);
        }

        app.UseAntiforgery();
        app.MapStaticAssets();
        return app.MapRazorComponents<App>();
    }
}
