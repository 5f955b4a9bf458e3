using Consortium.Node.DispatchEvents.Runner;
using Grpc.Core;

namespace Consortium.Node.Tests.DispatchEvents;

public sealed class StepRecoveryTests
{
    [Fact]
    public async Task AnOperatorOutOfReachIsWaitedForWithinTheWindowAndARefusalIsNot()
    {
        var log = new StringWriter();
        var recovery = new StepRecovery(log, TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(50));
        var unreachable = new RpcException(new Status(StatusCode.Unavailable, "connection refused"));

        Assert.True(await recovery.RecoverAsync(unreachable, 4, 1, [1], CancellationToken.None));
        Assert.Contains("step 4: Unavailable: connection refused; taking the step up again", log.ToString(), StringComparison.Ordinal);
        Assert.False(await recovery.RecoverAsync(new RpcException(new Status(StatusCode.FailedPrecondition, "step 4 is out of order")), 4, 2, [1], CancellationToken.None));
        Assert.False(await recovery.RecoverAsync(new InvalidDataException("a malformed answer"), 4, 2, [1], CancellationToken.None));

        await Task.Delay(400);
        Assert.False(await recovery.RecoverAsync(unreachable, 4, 3, [1], CancellationToken.None));
        Assert.Contains("still unreachable after 0 s", log.ToString(), StringComparison.Ordinal);

        // Each step has its own window.
        Assert.True(await recovery.RecoverAsync(new RpcException(new Status(StatusCode.DeadlineExceeded, "slow")), 5, 1, [0, 1], CancellationToken.None));
        Assert.True(StepRecovery.Transient(new AggregateException(unreachable, unreachable)));
        Assert.False(StepRecovery.Transient(new AggregateException(unreachable, new InvalidOperationException())));
    }
}
