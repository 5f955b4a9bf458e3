namespace Consortium.Contracts.Ledger;

/// <summary>Where an account's node answers other nodes, and the TLS certificate it presents there, as published on chain.</summary>
/// <param name="Account">The account that published it.</param>
/// <param name="Endpoint">host:port of the node's gRPC service; empty when the account published no contact.</param>
/// <param name="CertificateFingerprint">SHA-256 of the certificate's DER encoding; zero when none was published.</param>
public sealed record NodeContact(ChainAddress Account, string Endpoint, Hash32 CertificateFingerprint)
{
    /// <summary>Whether the account has published a contact.</summary>
    public bool IsPublished => Endpoint.Length > 0 && !CertificateFingerprint.IsZero;
}
