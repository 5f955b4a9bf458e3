using System.Security.Cryptography.X509Certificates;

namespace Consortium.Node.Home;

/// <summary>
/// The TLS certificate a running node presents, read again from its home folder once <c>consortium rotate</c> has
/// replaced it, so that a rotation takes effect on the next connection without restarting the node. Each handshake
/// looks at the key file's time stamp (one stat call); a file that does not open (damaged, or a wrong password) leaves
/// the current certificate in use and is tried again at the next handshake.
/// </summary>
public sealed class NodeCertificateSource : IDisposable
{
    private readonly NodeHome _home;
    private readonly string _password;
    private readonly string _keyPath;
    private readonly List<X509Certificate2> _retired = [];
    private readonly Lock _lock = new();
    private X509Certificate2 _current;
    private DateTime _stamp;

    /// <summary>Opens the home's certificate with <paramref name="password"/>.</summary>
    /// <exception cref="NodeHomeException">The password does not open it.</exception>
    public NodeCertificateSource(NodeHome home, string password)
    {
        ArgumentNullException.ThrowIfNull(home);
        _home = home;
        _password = password;
        _keyPath = Path.Combine(home.Path, NodeHome.TlsKeyFile);
        _stamp = File.GetLastWriteTimeUtc(_keyPath);
        _current = home.OpenCertificate(password);
        Fingerprint = NodeCertificate.Fingerprint(_current);
    }

    /// <summary>Raised with the new certificate's SHA-256 fingerprint when the node starts presenting it.</summary>
    public event Action<Hash32>? Changed;

    /// <summary>The fingerprint of the certificate presented now.</summary>
    public Hash32 Fingerprint { get; private set; }

    /// <summary>The certificate to present now: the home's, re-read if it was replaced since.</summary>
    public X509Certificate2 Current
    {
        get
        {
            Hash32? changed = null;
            lock (_lock)
            {
                changed = Refresh();
            }

            if (changed is { } fingerprint)
            {
                Changed?.Invoke(fingerprint);
            }

            return _current;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_lock)
        {
            _current.Dispose();
            foreach (var certificate in _retired)
            {
                certificate.Dispose();
            }
        }
    }

    private Hash32? Refresh()
    {
        DateTime stamp;
        try
        {
            stamp = File.GetLastWriteTimeUtc(_keyPath);
        }
        catch (IOException)
        {
            return null;
        }

        if (stamp == _stamp)
        {
            return null;
        }

        X509Certificate2 replacement;
        try
        {
            replacement = _home.OpenCertificate(_password);
        }
        catch (Exception e) when (e is IOException or NodeHomeException or System.Security.Cryptography.CryptographicException)
        {
            return null;
        }

        _stamp = stamp;
        var fingerprint = NodeCertificate.Fingerprint(replacement);
        if (fingerprint == Fingerprint)
        {
            replacement.Dispose();
            return null;
        }

        // Connections made with the old certificate may still be in their handshake: it is disposed with the source.
        _retired.Add(_current);
        _current = replacement;
        Fingerprint = fingerprint;
        return fingerprint;
    }
}
