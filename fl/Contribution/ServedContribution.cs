namespace Consortium.Fl.Contribution;

/// <summary>
/// Values each member's update separately for every validator (<see cref="ServedValues"/>): one Shapley (or
/// leave-one-out) game per validator over the same coalitions, each on that validator's own validation loss and in
/// relative terms, so that a validator whose loads are large weighs no more than one whose loads are small. A
/// coalition is evaluated once by every validator; each validator's game reads its own column.
/// </summary>
/// <remarks>
/// Per-validator values follow the idea that data is worth what it does for whoever uses the model (Ghorbani and Zou
/// 2019, "Data Shapley", value data against a chosen performance measure; here each member's own validation loss is
/// that measure for it).
/// </remarks>
public static class ServedContribution
{
    /// <summary>Computes every validator's values of every member.</summary>
    /// <param name="method">Shapley values (exact or sampled, as <paramref name="shapley"/> says) or leave-one-out.</param>
    /// <param name="memberIds">The round's contributors, in the order of the mask bits; validator j is member j.</param>
    /// <param name="validatorLosses">
    /// For a batch of coalitions (bit masks; 0 is the starting model), each coalition's loss at every validator, in member
    /// order; losses must be finite and not negative.
    /// </param>
    /// <param name="shapley">Estimation options, seed included (the same permutations for every validator).</param>
    /// <param name="cancellationToken">Stops between batches.</param>
    public static async Task<ServedValues> ComputeAsync(
        ScoringMethod method,
        IReadOnlyList<string> memberIds,
        Func<IReadOnlyList<ulong>, CancellationToken, Task<IReadOnlyList<IReadOnlyList<double>>>> validatorLosses,
        ShapleyOptions shapley,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(memberIds);
        ArgumentNullException.ThrowIfNull(validatorLosses);
        ArgumentNullException.ThrowIfNull(shapley);
        var n = memberIds.Count;
        if (n == 0 || n > 63)
        {
            throw new ArgumentException($"Scoring needs 1 to 63 updates, got {n}.", nameof(memberIds));
        }

        var cache = new Dictionary<ulong, double[]>();
        async Task EnsureAsync(IReadOnlyList<ulong> coalitions, CancellationToken ct)
        {
            var missing = coalitions.Distinct().Where(c => !cache.ContainsKey(c)).ToList();
            if (missing.Count == 0)
            {
                return;
            }

            var answers = await validatorLosses(missing, ct).ConfigureAwait(false);
            if (answers.Count != missing.Count)
            {
                throw new InvalidOperationException($"{missing.Count} coalitions were sent for evaluation, {answers.Count} answers came back.");
            }

            for (var c = 0; c < missing.Count; c++)
            {
                var losses = answers[c];
                if (losses.Count != n || losses.Any(l => !double.IsFinite(l) || l < 0))
                {
                    throw new InvalidOperationException($"Coalition {missing[c]:X} came back without {n} finite, non-negative validator losses.");
                }

                cache[missing[c]] = [.. losses];
            }
        }

        var grand = (1UL << n) - 1;
        var relative = new IReadOnlyList<double>[n];
        var improvement = new double[n];
        var exact = method == ScoringMethod.LeaveOneOut || n <= shapley.ExactUpTo;
        for (var j = 0; j < n; j++)
        {
            var validator = j;
            await EnsureAsync([0, grand], cancellationToken).ConfigureAwait(false);
            var start = cache[0][validator];
            double[] values;
            if (method == ScoringMethod.LeaveOneOut)
            {
                // Leave-one-out in the validator's game: vⱼ(all) − vⱼ(all but i); with one member, "all but it" is the start.
                var without = Enumerable.Range(0, n).Select(i => grand & ~(1UL << i)).ToList();
                await EnsureAsync(without, cancellationToken).ConfigureAwait(false);
                values = [.. without.Select(w => cache[w][validator] - cache[grand][validator])];
            }
            else
            {
                var game = await ShapleyContribution.ComputeAsync(
                    memberIds,
                    async (coalitions, ct) =>
                    {
                        await EnsureAsync(coalitions, ct).ConfigureAwait(false);
                        return [.. coalitions.Select(c => cache[c][validator])];
                    },
                    shapley,
                    cancellationToken).ConfigureAwait(false);
                values = [.. game.Values];
            }

            // A validator whose starting loss is zero has nothing left to improve: its game gives nobody anything.
            relative[j] = start > 0 ? [.. values.Select(v => v / start)] : new double[n];
            improvement[j] = start > 0 ? 1 - cache[grand][validator] / start : 0;
        }

        return new ServedValues(memberIds, relative, improvement, exact, cache.Count);
    }
}
