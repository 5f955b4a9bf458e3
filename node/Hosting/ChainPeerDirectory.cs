using Consortium.Contracts.Chain;
using Consortium.Contracts.Ledger;
using Consortium.Network.Security;

namespace Consortium.Node.Hosting;

/// <summary>
/// The peers this node accepts, read from the registry on chain: a certificate is accepted while the account that
/// published its fingerprint is an active member whose current contact still names it. Answers are kept for the chain
/// head they were read at and read again once the head moves, so a member that announces its exit, or replaces its
/// certificate, is refused from its next call on.
/// </summary>
public sealed class ChainPeerDirectory(IMemberRegistry registry, ChainConnection connection) : IPeerDirectory
{
    private readonly Lock _gate = new();
    private ulong _head = ulong.MaxValue;
    private Dictionary<Hash32, PeerLookup> _answers = [];

    /// <inheritdoc />
    public async Task<PeerLookup> FindAsync(Hash32 fingerprint, CancellationToken cancellationToken)
    {
        var head = await connection.GetBlockNumberAsync().ConfigureAwait(false);
        lock (_gate)
        {
            if (head != _head)
            {
                _head = head;
                _answers = [];
            }
            else if (_answers.TryGetValue(fingerprint, out var known))
            {
                return known;
            }
        }

        var answer = await LookUpAsync(fingerprint).ConfigureAwait(false);
        lock (_gate)
        {
            if (head == _head)
            {
                _answers[fingerprint] = answer;
            }
        }

        return answer;
    }

    private async Task<PeerLookup> LookUpAsync(Hash32 fingerprint)
    {
        if (await registry.GetFingerprintHolderAsync(fingerprint).ConfigureAwait(false) is not { } holder)
        {
            return PeerLookup.Refused("no member published it on chain");
        }

        var member = await registry.GetMemberAsync(holder).ConfigureAwait(false);
        if (member.Status == MemberStatus.None)
        {
            return PeerLookup.Refused($"it is {holder}'s, which is not a member (an application is not a membership)");
        }

        var name = await registry.GetMemberNameAsync(holder).ConfigureAwait(false);
        if (member.Status != MemberStatus.Active)
        {
            return PeerLookup.Refused($"it is {name} ({holder})'s, which {(member.Status == MemberStatus.Leaving ? "announced its exit" : "has left the consortium")}");
        }

        var contact = await registry.GetNodeContactAsync(holder).ConfigureAwait(false);
        if (contact.CertificateFingerprint != fingerprint)
        {
            return PeerLookup.Refused($"{name} ({holder}) has replaced it with the certificate {contact.CertificateFingerprint}");
        }

        return member.Role switch
        {
            MemberRole.Operator => PeerLookup.Member(new PeerIdentity(holder, name, PeerRole.Operator)),
            MemberRole.Automaker => PeerLookup.Member(new PeerIdentity(holder, name, PeerRole.Automaker)),
            MemberRole.Auditor => PeerLookup.Member(new PeerIdentity(holder, name, PeerRole.Auditor)),
            MemberRole.Coordinator => PeerLookup.Member(new PeerIdentity(holder, name, PeerRole.Coordinator)),
            _ => PeerLookup.Refused($"{name} ({holder}) holds no role"),
        };
    }
}
