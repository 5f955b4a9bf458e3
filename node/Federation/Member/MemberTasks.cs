using Consortium.Contracts.Ledger;
using Consortium.Network.Federation;
using Consortium.Network.SecureAggregation;

namespace Consortium.Node.Federation.Member;

/// <summary>
/// One node taking part in several federated tasks: an operator that also holds its fleet's battery records, or an
/// automaker that also runs chargers. Each task is a <see cref="FederatedMember"/> of its own over the same store and key;
/// every call about a round goes to the member of the task that round trains on chain, so that no peer can make the node
/// train, evaluate or claim a round under the other task's data.
/// </summary>
public sealed class MemberTasks : IFederatedMemberHandler, ISecureAggregationHandler, IDisposable
{
    private readonly IReadOnlyList<FederatedMember> _members;
    private readonly IRoundLedger _rounds;

    /// <summary>Routes between <paramref name="members"/>, one per task, reading each round's task from <paramref name="rounds"/>.</summary>
    /// <exception cref="ArgumentException">No member, or two members training the same task.</exception>
    public MemberTasks(IReadOnlyList<FederatedMember> members, IRoundLedger rounds)
    {
        ArgumentNullException.ThrowIfNull(members);
        ArgumentNullException.ThrowIfNull(rounds);
        if (members.Count == 0)
        {
            throw new ArgumentException("A node trains at least one task.", nameof(members));
        }

        if (members.GroupBy(m => m.TrainedTask.Task).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new ArgumentException($"Task {twice.Key} is given {twice.Count()} times; a node trains each task once.", nameof(members));
        }

        _members = members;
        _rounds = rounds;
    }

    /// <summary>The tasks the node trains, in the order given (the first answers a description that names no task).</summary>
    public IReadOnlyList<FederatedTask> Tasks => [.. _members.Select(m => m.TrainedTask.Task)];

    /// <inheritdoc />
    public Task<MemberProfile> DescribeAsync(CancellationToken cancellationToken) => _members[0].DescribeAsync(cancellationToken);

    /// <inheritdoc />
    public Task<MemberProfile> DescribeAsync(uint task, CancellationToken cancellationToken) =>
        task == 0 ? DescribeAsync(cancellationToken) : Of((FederatedTask)task).DescribeAsync(task, cancellationToken);

    /// <inheritdoc />
    public async Task<TrainedUpdate> TrainAsync(TrainAssignment assignment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        return await (await ForRoundAsync(assignment.Round).ConfigureAwait(false)).TrainAsync(assignment, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<EvaluationResult> EvaluateAsync(EvaluationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await (await ForRoundAsync(request.Round).ConfigureAwait(false)).EvaluateAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<ClaimReceipt> ClaimAsync(RewardClaim claim, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        return await (await ForRoundAsync(claim.Round).ConfigureAwait(false)).ClaimAsync(claim, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ChemistryFade>> WearAsync(long round, byte[] model, CancellationToken cancellationToken) =>
        Of(FederatedTask.BatteryHealth).WearAsync(round, model, cancellationToken);

    /// <inheritdoc />
    public async Task<MaskAdvertisement> AdvertiseAsync(long round, IReadOnlyList<ChainAddress> roster, CancellationToken cancellationToken) =>
        await (await ForRoundAsync(round).ConfigureAwait(false)).AdvertiseAsync(round, roster, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<IReadOnlyList<ShareEnvelope>> ShareKeysAsync(long round, IReadOnlyList<MaskAdvertisement> advertisements, CancellationToken cancellationToken) =>
        await (await ForRoundAsync(round).ConfigureAwait(false)).ShareKeysAsync(round, advertisements, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<(MaskedInput Input, double Range)> MaskInputAsync(long round, IReadOnlyList<ShareEnvelope> envelopes, CancellationToken cancellationToken) =>
        await (await ForRoundAsync(round).ConfigureAwait(false)).MaskInputAsync(round, envelopes, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<SurvivorSignature> ConfirmAsync(long round, IReadOnlyList<int> survivors, CancellationToken cancellationToken) =>
        await (await ForRoundAsync(round).ConfigureAwait(false)).ConfirmAsync(round, survivors, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<UnmaskReply> UnmaskAsync(long round, UnmaskRequest request, CancellationToken cancellationToken) =>
        await (await ForRoundAsync(round).ConfigureAwait(false)).UnmaskAsync(round, request, cancellationToken).ConfigureAwait(false);

    /// <summary>Disposes every task's member (the host disposes this router, not the members it holds).</summary>
    public void Dispose()
    {
        foreach (var member in _members)
        {
            member.Dispose();
        }
    }

    /// <summary>The member of the task <paramref name="round"/> trains on chain.</summary>
    /// <exception cref="ArgumentException">The round is not a round id.</exception>
    /// <exception cref="InvalidOperationException">No such round was opened on chain.</exception>
    /// <exception cref="TaskNotTrainedException">The node does not train the round's task.</exception>
    private async Task<FederatedMember> ForRoundAsync(long round)
    {
        if (round <= 0)
        {
            throw new ArgumentException($"Round must be a round on chain, got {round}.", nameof(round));
        }

        var state = await _rounds.GetRoundAsync((ulong)round).ConfigureAwait(false);
        return state.Status == RoundStatus.None
            ? throw new InvalidOperationException($"No round {round} was opened on chain.")
            : Of(state.Task);
    }

    private FederatedMember Of(FederatedTask task) =>
        _members.FirstOrDefault(m => m.TrainedTask.Task == task)
        ?? throw new TaskNotTrainedException($"{_members[0].Name} does not train task {(uint)task}: it trains {string.Join(" and ", _members.Select(m => $"{m.TrainedTask.Name} (task {(uint)m.TrainedTask.Task})"))}.");
}
