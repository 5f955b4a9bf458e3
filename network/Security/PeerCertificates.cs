using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Consortium.Network.Security;

/// <summary>How nodes name certificates: by the SHA-256 of their DER encoding, the value members publish on chain.</summary>
public static class PeerCertificates
{
    /// <summary>SHA-256 of <paramref name="certificate"/>'s DER encoding.</summary>
    public static Hash32 Fingerprint(X509Certificate certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return new Hash32(SHA256.HashData(certificate.GetRawCertData()));
    }
}
