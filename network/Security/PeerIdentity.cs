namespace Consortium.Network.Security;

/// <summary>A current member a presented certificate belongs to.</summary>
/// <param name="Address">Its chain account.</param>
/// <param name="Name">Its display name.</param>
/// <param name="Role">Its role now.</param>
public sealed record PeerIdentity(ChainAddress Address, string Name, PeerRole Role)
{
    /// <inheritdoc />
    public override string ToString() => $"{Name} ({Address}, {Role.ToString().ToLowerInvariant()})";
}

/// <summary>What the directory says of a presented certificate: the member it belongs to, or why it is refused.</summary>
/// <param name="Identity">The current member, or null.</param>
/// <param name="Refusal">Why the certificate is refused, when <paramref name="Identity"/> is null.</param>
public sealed record PeerLookup(PeerIdentity? Identity, string? Refusal)
{
    /// <summary>The certificate belongs to <paramref name="identity"/>, a current member.</summary>
    public static PeerLookup Member(PeerIdentity identity) => new(identity ?? throw new ArgumentNullException(nameof(identity)), null);

    /// <summary>The certificate is refused for <paramref name="reason"/>.</summary>
    public static PeerLookup Refused(string reason) => new(null, reason ?? throw new ArgumentNullException(nameof(reason)));
}
