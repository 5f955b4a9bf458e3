using Consortium.Contracts.Ledger;
using Consortium.Network.Federation;

namespace Consortium.Node.Tests.Federation;

/// <summary>Commits an update's hash on chain, then fails the training call without delivering it: excluded as not delivered.</summary>
internal sealed class VanishingMember(IRoundLedger rounds, ChainAddress address) : HostileMember("vanishing", rounds, address)
{
    /// <inheritdoc />
    public override async Task<TrainedUpdate> TrainAsync(TrainAssignment assignment, CancellationToken cancellationToken)
    {
        await Rounds.CommitUpdateAsync((ulong)assignment.Round, Keccak.Hash(assignment.GlobalModel), cancellationToken);
        throw new InvalidOperationException("the update was lost after its hash was committed");
    }
}
