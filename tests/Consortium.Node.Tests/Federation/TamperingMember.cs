using Consortium.Contracts.Ledger;
using Consortium.Fl.Models;
using Consortium.Network.Federation;

namespace Consortium.Node.Tests.Federation;

/// <summary>
/// Commits one update on chain and delivers another: it commits the hash of the global model unchanged, then sends a
/// valid model whose parameters were moved. The bytes do not match the commitment: excluded as malicious.
/// </summary>
internal sealed class TamperingMember(IRoundLedger rounds, ChainAddress address) : HostileMember("tampering", rounds, address)
{
    /// <inheritdoc />
    public override async Task<TrainedUpdate> TrainAsync(TrainAssignment assignment, CancellationToken cancellationToken)
    {
        var commit = await Rounds.CommitUpdateAsync((ulong)assignment.Round, Keccak.Hash(assignment.GlobalModel), cancellationToken);
        var global = ModelCheckpoint.FromBytes(assignment.GlobalModel);
        var moved = global.Parameters.Select(p => p + 0.01f).ToArray();
        return Reply(new ModelCheckpoint(global.Architecture, moved).ToBytes(), commit.TxHash, commit.GasUsed);
    }
}
