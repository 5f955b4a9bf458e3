using Consortium.Network.Security;

namespace Consortium.Node.Tests.Network;

/// <summary>Each peer has its own bucket; the coordinator, which drives rounds and dispatch events, a ten times larger one.</summary>
public sealed class PeerRateLimiterTests
{
    [Fact]
    public void TheCoordinatorMayBurstTenTimesWhatAnotherMemberMay()
    {
        var limits = new PeerCallLimits(MaxModelBytes: 1000, CallsPerSecond: 0.001, Burst: 5);
        var limiter = new PeerRateLimiter(limits);
        var member = ChainAddress.Parse("0x00000000000000000000000000000000000000a1");
        var coordinator = ChainAddress.Parse("0x00000000000000000000000000000000000000c0");

        var memberCalls = Enumerable.Range(0, 100).Count(_ => limiter.TryTake(member, PeerRole.Operator));
        var coordinatorCalls = Enumerable.Range(0, 100).Count(_ => limiter.TryTake(coordinator, PeerRole.Coordinator));

        Assert.Equal(5, memberCalls);
        Assert.Equal(50, coordinatorCalls);
        Assert.Equal((0.01, 50), limits.RateFor(PeerRole.Coordinator));
    }
}
