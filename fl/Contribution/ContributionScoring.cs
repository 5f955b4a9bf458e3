using Consortium.Fl.Strategies;

namespace Consortium.Fl.Contribution;

/// <summary>
/// The consortium's scoring rule, shared by the coordinator and by auditors who recompute it: each
/// member's score is the share of the round's starting model's pooled validation loss that its update
/// removed, as a Shapley value (default) or by leave-one-out, in fixed point (<see cref="ContributionScore.Scale"/>).
/// Deterministic given the updates, the strategy, the losses and the round's opening hash.
/// </summary>
public static class ContributionScoring
{
    /// <summary>Fixed-point scores in the order of <paramref name="updates"/>, with the method's label and its cost in evaluations.</summary>
    public static async Task<(IReadOnlyList<long> Scores, string Label, int Evaluations)> ScoreAsync(
        ScoringMethod method,
        AggregationStrategy strategy,
        float[] global,
        IReadOnlyList<MemberUpdate> updates,
        Func<IReadOnlyList<float[]>, CancellationToken, Task<IReadOnlyList<double>>> losses,
        ShapleyOptions shapley,
        Hash32 openedModelHash,
        long roundId,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shapley);
        if (method == ScoringMethod.LeaveOneOut)
        {
            var globalLoss = (await losses([global], cancellationToken).ConfigureAwait(false))[0];
            var evaluations = 1;
            var contributions = await LeaveOneOutContribution.ScoreAsync(
                strategy,
                global,
                updates,
                async (parameters, ct) =>
                {
                    evaluations++;
                    return (await losses([parameters], ct).ConfigureAwait(false))[0];
                },
                cancellationToken).ConfigureAwait(false);
            return (contributions.Members.Select(c => Fixed(globalLoss > 0 ? c.Score / globalLoss : 0)).ToList(), "leave-one-out", evaluations);
        }

        var values = await ShapleyContribution.ComputeAsync(
            strategy, global, updates, losses, shapley with { Seed = Seed(openedModelHash, roundId) }, cancellationToken).ConfigureAwait(false);
        return (Enumerable.Range(0, updates.Count).Select(i => Fixed(values.Relative(i))).ToList(), values.Exact ? "shapley-exact" : "shapley-sampled", values.Evaluations);
    }

    /// <summary>
    /// Fixed-point scores of <paramref name="memberIds"/>, in their order, from the losses of coalitions given as bit
    /// masks (bit i: member i's update is in; mask 0 is the round's starting model), with the method's label and its
    /// cost in evaluations. The coordinator uses this form: its evaluators rebuild each coalition's model from the
    /// round's committed updates (<see cref="CoalitionModels"/>) instead of taking models from it.
    /// </summary>
    public static async Task<(IReadOnlyList<long> Scores, string Label, int Evaluations)> ScoreCoalitionsAsync(
        ScoringMethod method,
        IReadOnlyList<string> memberIds,
        Func<IReadOnlyList<ulong>, CancellationToken, Task<IReadOnlyList<double>>> coalitionLosses,
        ShapleyOptions shapley,
        Hash32 openedModelHash,
        long roundId,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(memberIds);
        ArgumentNullException.ThrowIfNull(coalitionLosses);
        ArgumentNullException.ThrowIfNull(shapley);
        var n = memberIds.Count;
        if (n == 0 || n > 63)
        {
            throw new ArgumentException($"Scoring needs 1 to 63 updates, got {n}.", nameof(memberIds));
        }

        if (method == ScoringMethod.LeaveOneOut)
        {
            // score(i) = loss(all but i) − loss(all), as a share of the starting model's loss; with one member, "all but
            // it" is the starting model.
            var grand = (1UL << n) - 1;
            var coalitions = new List<ulong> { 0, grand };
            coalitions.AddRange(Enumerable.Range(0, n).Select(i => grand & ~(1UL << i)).Where(c => c != 0));
            var losses = await coalitionLosses(coalitions, cancellationToken).ConfigureAwait(false);
            if (losses.Count != coalitions.Count || losses.Any(l => !double.IsFinite(l)))
            {
                throw new InvalidOperationException($"{coalitions.Count} coalitions were sent for evaluation; the losses that came back are not {coalitions.Count} finite numbers.");
            }

            var loss = coalitions.Zip(losses).ToDictionary(p => p.First, p => p.Second);
            var globalLoss = loss[0];
            var scores = Enumerable.Range(0, n)
                .Select(i => Fixed(globalLoss > 0 ? (loss[grand & ~(1UL << i)] - loss[grand]) / globalLoss : 0))
                .ToList();
            return (scores, "leave-one-out", coalitions.Count);
        }

        var values = await ShapleyContribution.ComputeAsync(
            memberIds, coalitionLosses, shapley with { Seed = Seed(openedModelHash, roundId) }, cancellationToken).ConfigureAwait(false);
        return (Enumerable.Range(0, n).Select(i => Fixed(values.Relative(i))).ToList(), values.Exact ? "shapley-exact" : "shapley-sampled", values.Evaluations);
    }

    /// <summary>
    /// The served-value rule (<see cref="ServedRewardRule"/>): every validator's values of every member from each
    /// coalition's loss at each validator, then each member's served score, verdict and on-chain score, with the
    /// method's label (as <see cref="ScoreCoalitionsAsync"/> gives it) and its cost in distinct coalitions. The Shapley seed comes from the round as for
    /// <see cref="ScoreCoalitionsAsync"/>.
    /// </summary>
    public static async Task<(ServedValues Values, IReadOnlyList<ServedScore> Scores, string Label, int Evaluations)> ScoreServedAsync(
        ScoringMethod method,
        IReadOnlyList<string> memberIds,
        IReadOnlyList<double> changeNorms,
        Func<IReadOnlyList<ulong>, CancellationToken, Task<IReadOnlyList<IReadOnlyList<double>>>> validatorLosses,
        ShapleyOptions shapley,
        ServedRewardOptions served,
        Hash32 openedModelHash,
        long roundId,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shapley);
        ArgumentNullException.ThrowIfNull(served);
        served.Validate();
        var values = await ServedContribution.ComputeAsync(
            method, memberIds, validatorLosses, shapley with { Seed = Seed(openedModelHash, roundId) }, cancellationToken).ConfigureAwait(false);
        var label = method == ScoringMethod.LeaveOneOut ? "leave-one-out" : values.Exact ? "shapley-exact" : "shapley-sampled";
        return (values, ServedRewardRule.Judge(values, changeNorms, served), label, values.Evaluations);
    }

    /// <summary>The seed of a round's Shapley permutations: its opening model hash (on chain) mixed with its id.</summary>
    public static ulong Seed(Hash32 openedModelHash, long roundId) =>
        System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(openedModelHash.ToArray()) ^ (ulong)roundId;

    private static long Fixed(double relative) => ContributionScore.ToFixed(relative);
}
