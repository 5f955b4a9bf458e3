using System.Security.Cryptography.X509Certificates;

namespace Consortium.Network.Security;

/// <summary>
/// What a node presents and expects on a mutual-TLS call: its own certificate (with the private key), and the
/// fingerprint the called node published on chain, which the certificate it presents must hash to.
/// </summary>
/// <param name="Certificate">The calling node's certificate with its private key.</param>
/// <param name="ExpectedServerFingerprint">The called node's published fingerprint.</param>
public sealed record PeerCredentials(X509Certificate2 Certificate, Hash32 ExpectedServerFingerprint);
