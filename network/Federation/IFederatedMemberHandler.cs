namespace Consortium.Network.Federation;

/// <summary>
/// What a member node does when the coordinator calls it. The node implements this with its
/// private data, its model code and its chain key; <see cref="FederatedMemberService"/> exposes it over gRPC.
/// Throw <see cref="ArgumentException"/> for a request that is wrong in itself and
/// <see cref="InvalidOperationException"/> for one that does not fit the ledger's state.
/// </summary>
public interface IFederatedMemberHandler
{
    /// <summary>The member's public profile.</summary>
    Task<MemberProfile> DescribeAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The member's public profile in federated task <paramref name="task"/> (0: its first task). A node that does not
    /// train that task throws <see cref="TaskNotTrainedException"/>.
    /// </summary>
    Task<MemberProfile> DescribeAsync(uint task, CancellationToken cancellationToken) => DescribeAsync(cancellationToken);

    /// <summary>Trains one round and commits the update's hash on chain.</summary>
    Task<TrainedUpdate> TrainAsync(TrainAssignment assignment, CancellationToken cancellationToken);

    /// <summary>Evaluates candidates on the member's private data, answering in the order of <see cref="EvaluationRequest.Labels"/>.</summary>
    Task<EvaluationResult> EvaluateAsync(EvaluationRequest request, CancellationToken cancellationToken);

    /// <summary>Checks a reward leaf and its proof against the chain and claims the reward with the member's key.</summary>
    Task<ClaimReceipt> ClaimAsync(RewardClaim claim, CancellationToken cancellationToken);

    /// <summary>
    /// The capacity fade per cycle the model of finalized battery-health round <paramref name="round"/> gives on the
    /// member's cells, summed by chemistry. A member without cells (an operator) refuses.
    /// </summary>
    Task<IReadOnlyList<ChemistryFade>> WearAsync(long round, byte[] model, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("This member holds no battery cells: it trains no battery-health model to estimate wear with.");
}
