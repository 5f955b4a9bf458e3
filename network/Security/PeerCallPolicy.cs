using Consortium.Network.Protos;

namespace Consortium.Network.Security;

/// <summary>
/// Which roles may call which method of a node. Only the consortium's current coordinator drives a member (training,
/// evaluation, reward hand-over, every dispatch call); any current member may ask a node who it is. A method not
/// listed here is refused to everyone.
/// </summary>
public static class PeerCallPolicy
{
    private static readonly PeerRole[] Everyone = Enum.GetValues<PeerRole>();
    private static readonly PeerRole[] CoordinatorOnly = [PeerRole.Coordinator];
    private static readonly Dictionary<string, PeerRole[]> Allowed = Build();

    /// <summary>The roles that may call <paramref name="method"/> (<c>/package.Service/Method</c>); empty for an unknown method.</summary>
    public static IReadOnlyList<PeerRole> AllowedRoles(string method) =>
        Allowed.TryGetValue(method ?? throw new ArgumentNullException(nameof(method)), out var roles) ? roles : [];

    /// <summary>Whether a peer of <paramref name="role"/> may call <paramref name="method"/>.</summary>
    public static bool IsAllowed(string method, PeerRole role) => AllowedRoles(method).Contains(role);

    private static Dictionary<string, PeerRole[]> Build()
    {
        var allowed = new Dictionary<string, PeerRole[]>(StringComparer.Ordinal);
        foreach (var method in FederatedMember.Descriptor.Methods)
        {
            allowed[$"/{FederatedMember.Descriptor.FullName}/{method.Name}"] = method.Name == "Describe" ? Everyone : CoordinatorOnly;
        }

        foreach (var method in DispatchParticipant.Descriptor.Methods)
        {
            allowed[$"/{DispatchParticipant.Descriptor.FullName}/{method.Name}"] = CoordinatorOnly;
        }

        return allowed;
    }
}
