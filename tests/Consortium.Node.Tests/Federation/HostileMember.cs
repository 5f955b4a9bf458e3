using Consortium.Contracts.Ledger;
using Consortium.Network.Federation;

namespace Consortium.Node.Tests.Federation;

/// <summary>
/// A member that misbehaves in training, with its own key on the round ledger (so what it commits is really on chain).
/// It is never asked to evaluate or claim: the coordinator excludes it first.
/// </summary>
internal abstract class HostileMember(string name, IRoundLedger rounds, ChainAddress address) : IFederatedMemberHandler
{
    /// <summary>The member's view of the round ledger, signing with its key.</summary>
    protected IRoundLedger Rounds { get; } = rounds;

    /// <inheritdoc />
    public Task<MemberProfile> DescribeAsync(CancellationToken cancellationToken) =>
        Task.FromResult(new MemberProfile(name, address, ["nowhere"], 100, 100, 1));

    /// <inheritdoc />
    public abstract Task<TrainedUpdate> TrainAsync(TrainAssignment assignment, CancellationToken cancellationToken);

    /// <inheritdoc />
    public Task<EvaluationResult> EvaluateAsync(EvaluationRequest request, CancellationToken cancellationToken) =>
        throw new InvalidOperationException($"{name} was excluded and should not be asked to evaluate");

    /// <inheritdoc />
    public Task<ClaimReceipt> ClaimAsync(RewardClaim claim, CancellationToken cancellationToken) =>
        throw new InvalidOperationException($"{name} was excluded and has nothing to claim");

    /// <summary>A reply that carries <paramref name="update"/> with its true hash, so the coordinator's client accepts it.</summary>
    protected static TrainedUpdate Reply(byte[] update, Hash32 commitTxHash, ulong commitGas) =>
        new(update, Keccak.Hash(update), 1_000, commitTxHash, (long)commitGas, 1, 1, 0.1);
}
