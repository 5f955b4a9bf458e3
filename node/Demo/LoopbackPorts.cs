using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Consortium.Node.Demo;

/// <summary>
/// Loopback ports for nodes whose address is fixed long before they listen (the demo's homes, whose contacts are
/// published on chain when the consortium is founded). A port the kernel hands out for port 0 lies in its ephemeral
/// range, where every outgoing connection (to the chain, to a peer) also takes its local port: between the choice and
/// the node's start, any connection on the machine may take it. These ports are drawn below the ephemeral range
/// (<c>/proc/sys/net/ipv4/ip_local_port_range</c>), where only an explicit bind can, and never twice in one process.
/// </summary>
public static class LoopbackPorts
{
    private const int Span = 16_384;
    private static readonly HashSet<int> HandedOut = [];
    private static readonly Lock Gate = new();

    /// <summary>A free loopback port.</summary>
    public static int One() => Draw(1);

    /// <summary>A free loopback port whose successor is free too (a node's peer and operations endpoints).</summary>
    public static int Pair() => Draw(2);

    private static int Draw(int count)
    {
        var (low, high) = Range();
        lock (Gate)
        {
            for (var attempt = 0; attempt < 1_000; attempt++)
            {
                var port = Random.Shared.Next(low, high - count + 1);
                var ports = Enumerable.Range(port, count).ToList();
                if (ports.All(p => !HandedOut.Contains(p) && IsFree(p)))
                {
                    HandedOut.UnionWith(ports);
                    return port;
                }
            }
        }

        throw new InvalidOperationException($"no {count} consecutive free loopback ports were found in {low}–{high - 1}");
    }

    /// <summary>Whether <paramref name="port"/> can be bound on loopback now.</summary>
    public static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>The ports to draw from: the <see cref="Span"/> below the kernel's ephemeral range, or above 1023.</summary>
    private static (int Low, int High) Range()
    {
        var ephemeralLow = 32_768;
        try
        {
            var fields = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
            ephemeralLow = int.Parse(fields[0], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            // Not Linux, or not readable: the usual default (RFC 6335's dynamic range starts higher still).
        }

        var low = Math.Max(1_024, ephemeralLow - Span);
        return ephemeralLow - low >= 64 ? (low, ephemeralLow) : (49_152 - Span, 49_152);
    }
}
