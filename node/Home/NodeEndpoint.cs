using System.Globalization;
using System.Net;

namespace Consortium.Node.Home;

/// <summary>A <c>HOST:PORT</c> a node listens on or is reached at (an IPv6 host in brackets).</summary>
/// <param name="Host">A host name, an IPv4 address, or an IPv6 address without brackets.</param>
/// <param name="Port">The TCP port, 1 to 65535.</param>
public sealed record NodeEndpoint(string Host, int Port)
{
    /// <summary>Reads <c>HOST:PORT</c>.</summary>
    /// <exception cref="FormatException">The text is not a host and a port; the message names it.</exception>
    public static NodeEndpoint Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65_535)
        {
            throw new FormatException($"'{text}' is not HOST:PORT with a port from 1 to 65535");
        }

        var host = text[..colon];
        var bracketed = host.StartsWith('[') && host.EndsWith(']');
        if (bracketed)
        {
            host = host[1..^1];
        }

        // An IPv6 host is written in brackets, or its last group could be taken for the port.
        if (host.Length == 0 || host.Any(char.IsWhiteSpace) || (host.Contains(':') && (!bracketed || !IPAddress.TryParse(host, out _))))
        {
            throw new FormatException($"'{text}' does not start with a host");
        }

        return new NodeEndpoint(host, port);
    }

    /// <summary>The endpoint as <c>HOST:PORT</c>, an IPv6 host in brackets.</summary>
    public override string ToString() => Host.Contains(':') ? $"[{Host}]:{Port}" : $"{Host}:{Port}";

    /// <summary>The https URI peers call the node at.</summary>
    public Uri ToHttpsUri() => new($"https://{this}/");
}
