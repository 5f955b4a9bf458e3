using Consortium.Contracts.Ledger;
using Consortium.Network.Federation;

namespace Consortium.Node.Tests.Federation;

/// <summary>Commits and delivers the same bytes, which are no model at all: excluded as an invalid update.</summary>
internal sealed class GarbageMember(IRoundLedger rounds, ChainAddress address) : HostileMember("garbage", rounds, address)
{
    /// <inheritdoc />
    public override async Task<TrainedUpdate> TrainAsync(TrainAssignment assignment, CancellationToken cancellationToken)
    {
        byte[] garbage = [.. "not a model, round "u8, (byte)assignment.Round];
        var commit = await Rounds.CommitUpdateAsync((ulong)assignment.Round, Keccak.Hash(garbage), cancellationToken);
        return Reply(garbage, commit.TxHash, commit.GasUsed);
    }
}
