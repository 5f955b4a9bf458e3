using Microsoft.Extensions.DependencyInjection;

namespace Consortium.Dashboard;

/// <summary>Registers the auditor dashboard's services with the node's host.</summary>
public static class DashboardServiceCollectionExtensions
{
    /// <summary>
    /// Registers Razor components for static server rendering. The host must also register its own
    /// <see cref="Audit.IAuditSource"/>, which the audit page reads on every request.
    /// </summary>
    /// <param name="services">The host's service collection.</param>
    /// <returns>The same collection, for chaining.</returns>
    public static IServiceCollection AddConsortiumDashboard(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddRazorComponents();
        return services;
    }
}
