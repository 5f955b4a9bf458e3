using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Consortium.Node.Home;

/// <summary>
/// A node's TLS certificate: self-signed, ECDSA P-256, naming the node and the host it is reached at. Trust does not come
/// from a certificate authority but from the chain, where the member registers the certificate's fingerprint with its own
/// key; peers accept exactly the fingerprints of current members.
/// </summary>
public static class NodeCertificate
{
    /// <summary>How long a fresh certificate is valid; a node rotates it (and its fingerprint on chain) before then.</summary>
    public static TimeSpan Validity { get; } = TimeSpan.FromDays(2 * 365);

    /// <summary>Creates a certificate for <paramref name="name"/> reached at <paramref name="advertise"/>, with its private key.</summary>
    /// <param name="name">The node's name (the certificate's common name).</param>
    /// <param name="advertise">Where peers reach it: its host goes into the subject alternative names.</param>
    public static X509Certificate2 Create(string name, NodeEndpoint advertise)
    {
        ArgumentNullException.ThrowIfNull(advertise);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName($"CN={NodeSettings.CheckName(name)}, O=Consortium node"), key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        if (IPAddress.TryParse(advertise.Host, out var address))
        {
            names.AddIpAddress(address);
        }
        else
        {
            names.AddDnsName(advertise.Host);
        }

        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddMinutes(-5), now + Validity);
    }

    /// <summary>SHA-256 of the certificate's DER encoding: what the node registers on chain and peers compare.</summary>
    public static Hash32 Fingerprint(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return new Hash32(SHA256.HashData(certificate.RawData));
    }

    /// <summary>The certificate and its key as PKCS#12, encrypted with AES-256 under <paramref name="password"/>.</summary>
    public static byte[] ExportEncrypted(X509Certificate2 certificate, string password)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentException.ThrowIfNullOrEmpty(password);
        return certificate.ExportPkcs12(new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 200_000), password);
    }

    /// <summary>Opens an encrypted PKCS#12 certificate with its key.</summary>
    /// <exception cref="NodeHomeException">The password does not open it, or it holds no private key.</exception>
    public static X509Certificate2 OpenEncrypted(byte[] pkcs12, string password, string path)
    {
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12(pkcs12, password, X509KeyStorageFlags.EphemeralKeySet);
        }
        catch (CryptographicException e)
        {
            throw new NodeHomeException($"the password does not open the TLS key at {path} ({e.Message})");
        }

        return certificate.HasPrivateKey ? certificate : throw new NodeHomeException($"{path} holds a certificate without its private key");
    }
}
