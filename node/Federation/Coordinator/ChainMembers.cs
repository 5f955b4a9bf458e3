using System.Security.Cryptography.X509Certificates;
using Consortium.Contracts.Ledger;
using Consortium.Network.Federation;
using Consortium.Network.Security;
using Grpc.Core;

namespace Consortium.Node.Federation.Coordinator;

/// <summary>A member the coordinator could not take into its rounds, and why.</summary>
/// <param name="Address">The member's account.</param>
/// <param name="Name">Its name in the registry.</param>
/// <param name="Reason">Why it was left out.</param>
public sealed record UnreachableMember(ChainAddress Address, string Name, string Reason);

/// <summary>
/// The members a coordinator runs a task's rounds with, read from the chain: every active member of the task's role
/// (operators train the load forecast, automakers the battery-health model) that published a node contact, reached at that endpoint over mutual TLS with the coordinator's certificate, accepted only if the node
/// presents the certificate it published and describes itself with its own address. Nothing about them comes from flags.
/// </summary>
public static class ChainMembers
{
    /// <summary>The role whose members train <paramref name="task"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A task this build does not know.</exception>
    public static MemberRole RoleOf(FederatedTask task) => task switch
    {
        FederatedTask.LoadForecast => MemberRole.Operator,
        FederatedTask.BatteryHealth => MemberRole.Automaker,
        _ => throw new ArgumentOutOfRangeException(nameof(task), task, "Unknown federated task."),
    };

    /// <summary>Connects to the active members of <paramref name="registry"/> that train <paramref name="task"/>.</summary>
    /// <param name="registry">The consortium's registry.</param>
    /// <param name="certificate">The coordinator's certificate with its key (the one it published).</param>
    /// <param name="timeout">How long each node may take to describe itself.</param>
    /// <param name="cancellationToken">Stops connecting.</param>
    /// <param name="task">The task whose members to connect to: the load forecast's operators unless told otherwise.</param>
    /// <returns>The reachable members, and those left out with the reason.</returns>
    public static async Task<(IReadOnlyList<RemoteMember> Members, IReadOnlyList<UnreachableMember> Unreachable)> ConnectAsync(
        IMemberRegistry registry, X509Certificate2 certificate, TimeSpan timeout, CancellationToken cancellationToken, FederatedTask task = FederatedTask.LoadForecast)
    {
        var role = RoleOf(task);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(certificate);
        var members = new List<RemoteMember>();
        var unreachable = new List<UnreachableMember>();
        foreach (var address in await registry.GetMembersAsync().ConfigureAwait(false))
        {
            var record = await registry.GetMemberAsync(address).ConfigureAwait(false);
            if (record.Status != MemberStatus.Active || record.Role is not (MemberRole.Operator or MemberRole.Automaker))
            {
                continue;
            }

            // A member of the task's own role is expected to train it, and is reported when it cannot; a member of the
            // other contributing role takes part only if its node says it trains the task (it holds data for both).
            var expected = record.Role == role;

            var name = await registry.GetMemberNameAsync(address).ConfigureAwait(false);
            var contact = await registry.GetNodeContactAsync(address).ConfigureAwait(false);
            if (!contact.IsPublished)
            {
                if (!expected)
                {
                    continue;
                }

                unreachable.Add(new UnreachableMember(address, name, "published no node endpoint and certificate"));
                continue;
            }

            var client = new FederatedMemberClient(new Uri($"https://{contact.Endpoint}"), new PeerCredentials(certificate, contact.CertificateFingerprint));
            try
            {
                var profile = await client.DescribeAsync(timeout, (uint)task, cancellationToken).ConfigureAwait(false);
                if (profile.Address != address)
                {
                    client.Dispose();
                    unreachable.Add(new UnreachableMember(address, name, $"the node at {contact.Endpoint} describes itself as {profile.Address}"));
                    continue;
                }

                if (profile.Task != (uint)task && !(expected && profile.Task == 0))
                {
                    // A node that described another task (one that predates asking by task, of the other role) does not train this one.
                    client.Dispose();
                    continue;
                }

                members.Add(new RemoteMember(name, address, client, profile));
            }
            catch (RpcException e) when (!expected || e.StatusCode == StatusCode.Unimplemented)
            {
                // The other role's node without data for this task, or one that does not answer, stays out quietly; a node of
                // the task's own role that does not train it is reported.
                client.Dispose();
                if (expected && e.StatusCode == StatusCode.Unimplemented)
                {
                    unreachable.Add(new UnreachableMember(address, name, $"its node at {contact.Endpoint} does not train this task: {e.Status.Detail}"));
                }
            }
            catch (RpcException e)
            {
                client.Dispose();
                unreachable.Add(new UnreachableMember(address, name, $"its node at {contact.Endpoint} does not answer: {e.Status.StatusCode} {e.Status.Detail}"));
            }
        }

        return (members, unreachable);
    }
}
