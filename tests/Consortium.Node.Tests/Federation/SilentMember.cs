using Consortium.Contracts.Ledger;
using Consortium.Network.Federation;

namespace Consortium.Node.Tests.Federation;

/// <summary>Never answers a training call before the coordinator's deadline and commits nothing: excluded as having missed the deadline.</summary>
internal sealed class SilentMember(IRoundLedger rounds, ChainAddress address) : HostileMember("silent", rounds, address)
{
    /// <inheritdoc />
    public override async Task<TrainedUpdate> TrainAsync(TrainAssignment assignment, CancellationToken cancellationToken)
    {
        await Task.Delay(Timeout.Infinite, cancellationToken);
        throw new InvalidOperationException("unreachable: the deadline cancels the call first");
    }
}
