using Consortium.Dashboard.Audit;

namespace Consortium.Node.Audit;

/// <summary>How <see cref="DashboardHost"/> serves the auditor dashboard.</summary>
/// <param name="Source">What the audit page reads on every request.</param>
public sealed record DashboardHostOptions(IAuditSource Source)
{
    /// <summary>The TCP port on 127.0.0.1; 0 lets the operating system pick a free one.</summary>
    public int Port { get; init; }

    /// <summary>Whether to log warnings and errors (such as a chain that cannot be read) to the console.</summary>
    public bool LogToConsole { get; init; }
}
