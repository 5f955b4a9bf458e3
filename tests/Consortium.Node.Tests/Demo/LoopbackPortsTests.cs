using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Consortium.Node.Demo;

namespace Consortium.Node.Tests.Demo;

public sealed class LoopbackPortsTests
{
    [Fact]
    public void PairsAreFreeBelowTheEphemeralRangeAndNeverHandedOutTwice()
    {
        var ephemeralLow = int.Parse(
            File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries)[0],
            CultureInfo.InvariantCulture);
        var ports = Enumerable.Range(0, 200).SelectMany(_ => { var p = LoopbackPorts.Pair(); return new[] { p, p + 1 }; }).ToList();

        Assert.Equal(ports.Count, ports.Distinct().Count());
        Assert.All(ports, p => Assert.InRange(p, 1_024, ephemeralLow - 1));
        Assert.All(ports.Take(20), p => Assert.True(LoopbackPorts.IsFree(p), $"port {p}"));
    }

    [Fact]
    public void APortInUseIsNotFree()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();

        Assert.False(LoopbackPorts.IsFree(((IPEndPoint)listener.LocalEndpoint).Port));
    }
}
