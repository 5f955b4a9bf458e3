using Consortium.Fl.Runtime;
using Consortium.Fl.Strategies;

namespace Consortium.Fl.Contribution;

/// <summary>
/// Shapley-value contribution of each member's update to a round (Shapley 1953), as used for data
/// valuation in federated learning by Wang et al. 2019 ("Measure Contribution of Participants in
/// Federated Learning") and made affordable by GTG-Shapley (Liu et al. 2022): coalitions are models
/// aggregated from subsets of the round's updates, so no retraining is needed; with few members every
/// coalition is evaluated (exact), with more, permutations are sampled with guided first positions and
/// truncated once the coalition's value is within a tolerance of the whole round's.
/// </summary>
/// <remarks>
/// The loss comes from the caller in batches (in the consortium, members evaluate candidate models on
/// their own validation data). Everything else is deterministic given the updates, the strategy and
/// the seed, so anyone holding the round's artifacts recomputes the same values.
/// </remarks>
public static class ShapleyContribution
{
    /// <summary>Computes the members' Shapley values, exactly when there are at most <see cref="ShapleyOptions.ExactUpTo"/> of them.</summary>
    /// <param name="strategy">How updates are combined (its <see cref="AggregationStrategy.Preview(ReadOnlySpan{float}, IReadOnlyList{MemberUpdate})"/> is used, so server state is not advanced).</param>
    /// <param name="global">The round's starting model.</param>
    /// <param name="updates">The round's accepted updates (at most 63).</param>
    /// <param name="losses">Losses of a batch of candidate models' parameters; lower is better.</param>
    /// <param name="options">Estimation options.</param>
    /// <param name="cancellationToken">Stops between batches.</param>
    public static async Task<ShapleyValues> ComputeAsync(
        AggregationStrategy strategy,
        ReadOnlyMemory<float> global,
        IReadOnlyList<MemberUpdate> updates,
        Func<IReadOnlyList<float[]>, CancellationToken, Task<IReadOnlyList<double>>> losses,
        ShapleyOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        ArgumentNullException.ThrowIfNull(updates);
        ArgumentNullException.ThrowIfNull(losses);
        var members = updates.Select(u => u.MemberId).ToList();
        return await ComputeAsync(
            members,
            (coalitions, ct) => losses(coalitions.Select(c => Model(strategy, global, updates, c)).ToList(), ct),
            options,
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Computes the members' Shapley values from the losses of coalitions given as bit masks over
    /// <paramref name="memberIds"/> (bit i set: member i's update is in), for callers whose evaluators build each
    /// coalition's model themselves (<see cref="CoalitionModels"/>).
    /// </summary>
    /// <param name="memberIds">The round's contributors, in the order of the mask bits (at most 63).</param>
    /// <param name="coalitionLosses">Losses of a batch of coalitions; lower is better. Mask 0 is the round's starting model.</param>
    /// <param name="options">Estimation options.</param>
    /// <param name="cancellationToken">Stops between batches.</param>
    public static async Task<ShapleyValues> ComputeAsync(
        IReadOnlyList<string> memberIds,
        Func<IReadOnlyList<ulong>, CancellationToken, Task<IReadOnlyList<double>>> coalitionLosses,
        ShapleyOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(memberIds);
        ArgumentNullException.ThrowIfNull(coalitionLosses);
        options ??= new ShapleyOptions();
        options.Validate();
        var n = memberIds.Count;
        if (n == 0 || n > 63)
        {
            throw new ArgumentException($"Shapley values need 1 to 63 updates, got {n}.", nameof(memberIds));
        }

        var utility = new CoalitionUtility(coalitionLosses);
        var grand = (1UL << n) - 1;
        await utility.EvaluateAsync([0, grand], cancellationToken).ConfigureAwait(false);
        var values = n <= options.ExactUpTo
            ? await ExactAsync(utility, n, cancellationToken).ConfigureAwait(false)
            : await SampledAsync(utility, n, options, cancellationToken).ConfigureAwait(false);
        return new ShapleyValues(
            memberIds,
            values,
            utility.GlobalLoss,
            utility.LossOf(grand),
            n <= options.ExactUpTo,
            utility.Evaluations);
    }

    private static async Task<double[]> ExactAsync(CoalitionUtility utility, int n, CancellationToken cancellationToken)
    {
        var all = 1UL << n;
        var coalitions = new List<ulong>((int)all);
        for (ulong s = 0; s < all; s++)
        {
            coalitions.Add(s);
        }

        await utility.EvaluateAsync(coalitions, cancellationToken).ConfigureAwait(false);

        // φᵢ = Σ over S ∌ i of |S|!(n−|S|−1)!/n! · (v(S ∪ {i}) − v(S)).
        var weights = new double[n];
        for (var size = 0; size < n; size++)
        {
            weights[size] = Math.Exp(LogFactorial(size) + LogFactorial(n - size - 1) - LogFactorial(n));
        }

        var values = new double[n];
        for (ulong s = 0; s < all; s++)
        {
            var size = System.Numerics.BitOperations.PopCount(s);
            for (var i = 0; i < n; i++)
            {
                var bit = 1UL << i;
                if ((s & bit) == 0)
                {
                    values[i] += weights[size] * (utility.ValueOf(s | bit) - utility.ValueOf(s));
                }
            }
        }

        return values;
    }

    private static async Task<double[]> SampledAsync(CoalitionUtility utility, int n, ShapleyOptions options, CancellationToken cancellationToken)
    {
        var grandValue = utility.ValueOf((1UL << n) - 1);
        var values = new double[n];
        var rounds = (options.Permutations + n - 1) / n * n;
        var random = new SplitMix64(options.Seed ^ 0x5EED_5AA9_1E7A_C0DEUL);
        var permutations = new int[rounds][];
        for (var p = 0; p < rounds; p++)
        {
            // Guided sampling: every member leads equally often; the rest follow in a seeded random order.
            var order = new int[n];
            order[0] = p % n;
            var k = 1;
            for (var i = 0; i < n; i++)
            {
                if (i != order[0])
                {
                    order[k++] = i;
                }
            }

            for (var i = n - 1; i > 1; i--)
            {
                var j = 1 + random.NextInt(i);
                (order[i], order[j]) = (order[j], order[i]);
            }

            permutations[p] = order;
        }

        // Walk all permutations in step, one position at a time, evaluating each step's new coalitions in one batch.
        var prefixes = new ulong[rounds];
        var truncated = new bool[rounds];
        var tolerance = options.TruncationTolerance * Math.Abs(grandValue);
        for (var step = 0; step < n; step++)
        {
            var wanted = new List<ulong>();
            for (var p = 0; p < rounds; p++)
            {
                if (!truncated[p] && Math.Abs(grandValue - utility.ValueOf(prefixes[p])) <= tolerance && step > 0)
                {
                    truncated[p] = true;
                }

                if (!truncated[p])
                {
                    wanted.Add(prefixes[p] | (1UL << permutations[p][step]));
                }
            }

            await utility.EvaluateAsync(wanted, cancellationToken).ConfigureAwait(false);
            for (var p = 0; p < rounds; p++)
            {
                if (truncated[p])
                {
                    continue;
                }

                var member = permutations[p][step];
                var next = prefixes[p] | (1UL << member);
                values[member] += utility.ValueOf(next) - utility.ValueOf(prefixes[p]);
                prefixes[p] = next;
            }
        }

        for (var i = 0; i < n; i++)
        {
            values[i] /= rounds;
        }

        return values;
    }

    private static double LogFactorial(int k)
    {
        double sum = 0;
        for (var i = 2; i <= k; i++)
        {
            sum += Math.Log(i);
        }

        return sum;
    }

    /// <summary>The model of a coalition (bit mask over <paramref name="updates"/>) by the strategy's preview.</summary>
    private static float[] Model(AggregationStrategy strategy, ReadOnlyMemory<float> global, IReadOnlyList<MemberUpdate> updates, ulong coalition) =>
        coalition == 0 ? global.ToArray() : strategy.Preview(global.Span, CoalitionModels.Members(coalition).Select(i => updates[i]).ToList());

    /// <summary>Losses of coalitions, evaluated once each and cached by member bit mask.</summary>
    private sealed class CoalitionUtility(Func<IReadOnlyList<ulong>, CancellationToken, Task<IReadOnlyList<double>>> losses)
    {
        private readonly Dictionary<ulong, double> _loss = [];

        public int Evaluations { get; private set; }

        public double GlobalLoss => _loss[0];

        public double LossOf(ulong coalition) => _loss[coalition];

        public double ValueOf(ulong coalition) => _loss[0] - _loss[coalition];

        public async Task EvaluateAsync(IReadOnlyList<ulong> coalitions, CancellationToken cancellationToken)
        {
            var missing = coalitions.Distinct().Where(c => !_loss.ContainsKey(c)).ToList();
            if (missing.Count == 0)
            {
                return;
            }

            cancellationToken.ThrowIfCancellationRequested();
            var results = await losses(missing, cancellationToken).ConfigureAwait(false);
            if (results.Count != missing.Count)
            {
                throw new InvalidOperationException($"{missing.Count} coalitions were sent for evaluation, {results.Count} losses came back.");
            }

            for (var i = 0; i < missing.Count; i++)
            {
                if (!double.IsFinite(results[i]))
                {
                    throw new InvalidOperationException($"The loss of coalition {missing[i]:X} is not a finite number.");
                }

                _loss[missing[i]] = results[i];
            }

            Evaluations += missing.Count;
        }
    }
}
