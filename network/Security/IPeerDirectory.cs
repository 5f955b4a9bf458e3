namespace Consortium.Network.Security;

/// <summary>
/// Who may call this node: maps the fingerprint of a certificate a peer presented to the current member that published
/// it. A node answers from the chain (the registry's node contacts and memberships), read fresh enough that a member who
/// exits is refused from its next call on.
/// </summary>
public interface IPeerDirectory
{
    /// <summary>The current member whose published certificate hashes to <paramref name="fingerprint"/>, or why none is.</summary>
    /// <param name="fingerprint">SHA-256 of the presented certificate's DER encoding.</param>
    /// <param name="cancellationToken">Stops the lookup.</param>
    Task<PeerLookup> FindAsync(Hash32 fingerprint, CancellationToken cancellationToken);
}
