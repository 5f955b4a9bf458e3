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

    /// <summary>The seed of a round's Shapley permutations: its opening model hash (on chain) mixed with its id.</summary>
    public static ulong Seed(Hash32 openedModelHash, long roundId) =>
        System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(openedModelHash.ToArray()) ^ (ulong)roundId;

    private static long Fixed(double relative) => ContributionScore.ToFixed(relative);
}
