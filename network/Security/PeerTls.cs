using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace Consortium.Network.Security;

/// <summary>The server side of mutual TLS between nodes.</summary>
public static class PeerTls
{
    /// <summary>
    /// Serves HTTP/2 over TLS with <paramref name="certificate"/> on <paramref name="listen"/> and asks every caller for its
    /// certificate. The handshake accepts any certificate, so that a call with a wrong one still reaches
    /// <see cref="PeerAuthorizationInterceptor"/>, which refuses it with a status that says why; a caller speaking
    /// plaintext fails the handshake.
    /// </summary>
    /// <param name="listen">The endpoint's options.</param>
    /// <param name="certificate">This node's certificate with its private key (the one it published on chain).</param>
    public static ListenOptions UseConsortiumPeerTls(this ListenOptions listen, X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return listen.UseConsortiumPeerTls(() => certificate);
    }

    /// <summary>
    /// As <see cref="UseConsortiumPeerTls(ListenOptions, X509Certificate2)"/>, presenting whatever
    /// <paramref name="certificate"/> gives at each handshake: a node whose certificate is rotated while it runs presents
    /// the new one from its next connection on.
    /// </summary>
    /// <param name="listen">The endpoint's options.</param>
    /// <param name="certificate">This node's current certificate with its private key.</param>
    public static ListenOptions UseConsortiumPeerTls(this ListenOptions listen, Func<X509Certificate2> certificate)
    {
        ArgumentNullException.ThrowIfNull(listen);
        ArgumentNullException.ThrowIfNull(certificate);
        listen.Protocols = HttpProtocols.Http2;
        return listen.UseHttps(new HttpsConnectionAdapterOptions
        {
            ServerCertificateSelector = (_, _) => certificate(),
            SslProtocols = SslProtocols.Tls13 | SslProtocols.Tls12,
            ClientCertificateMode = ClientCertificateMode.AllowCertificate,
            ClientCertificateValidation = (_, _, _) => true,
            CheckCertificateRevocation = false,
            HandshakeTimeout = TimeSpan.FromSeconds(10),
        });
    }
}
