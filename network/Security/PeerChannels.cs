using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Grpc.Net.Client;

namespace Consortium.Network.Security;

/// <summary>
/// Channels from one node to another. Over <c>https</c> the channel is mutual TLS: it presents the caller's own
/// certificate and accepts the called node only if the certificate it presents hashes to the fingerprint that node
/// published on chain; no certificate authority is trusted. Plain <c>http</c> is for a process's own loopback children.
/// </summary>
public static class PeerChannels
{
    /// <summary>How long a TCP connection and TLS handshake may take before the call fails as unavailable.</summary>
    public static TimeSpan ConnectTimeout { get; } = TimeSpan.FromSeconds(10);

    /// <summary>A channel to <paramref name="endpoint"/>.</summary>
    /// <param name="endpoint">The node's address: <c>https://host:port</c> with <paramref name="credentials"/>, or <c>http://</c> without.</param>
    /// <param name="credentials">The caller's certificate and the fingerprint expected of the called node; null for plain http.</param>
    /// <param name="maxMessageBytes">The largest message either way.</param>
    /// <exception cref="ArgumentException">An https endpoint without credentials, or credentials for an http endpoint.</exception>
    public static GrpcChannel Create(Uri endpoint, PeerCredentials? credentials, int maxMessageBytes)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var secure = endpoint.Scheme == Uri.UriSchemeHttps;
        if (secure != credentials is not null)
        {
            throw new ArgumentException(
                secure
                    ? $"{endpoint} is a TLS endpoint: calling it needs this node's certificate and the fingerprint the called node published"
                    : $"{endpoint} is not a TLS endpoint (https://): certificates are only presented over mutual TLS",
                nameof(credentials));
        }

        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = ConnectTimeout,
            EnableMultipleHttp2Connections = true,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            KeepAlivePingDelay = TimeSpan.FromSeconds(30),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(20),
        };
        if (credentials is not null)
        {
            var certificate = credentials.Certificate;
            var expected = credentials.ExpectedServerFingerprint;
            handler.SslOptions = new SslClientAuthenticationOptions
            {
                EnabledSslProtocols = SslProtocols.Tls13 | SslProtocols.Tls12,
                ClientCertificates = new X509CertificateCollection { certificate },
                LocalCertificateSelectionCallback = (_, _, _, _, _) => certificate,
                // The called node is who the chain says only if its certificate is the one it published; host names and
                // certificate authorities prove nothing here.
                RemoteCertificateValidationCallback = (_, presented, _, _) => presented is not null && PeerCertificates.Fingerprint(presented) == expected,
            };
        }

        return GrpcChannel.ForAddress(endpoint, new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,
            MaxReceiveMessageSize = maxMessageBytes,
            MaxSendMessageSize = maxMessageBytes,
            // A node that restarts (an update, a supervisor bringing it back) is tried again within seconds, not minutes.
            InitialReconnectBackoff = TimeSpan.FromSeconds(1),
            MaxReconnectBackoff = TimeSpan.FromSeconds(5),
        });
    }
}
