using Consortium.Fl.Strategies;

namespace Consortium.Fl.Contribution;

/// <summary>
/// The served-value reward rule: a member is worth what its update does for the validation loss of each member it
/// serves, itself included, judged by each of them on its own data, so that an operator whose loads differ from the
/// others' is paid for improving its own forecasts even when the pooled loss (dominated by the largest loads) does not
/// move.
/// </summary>
/// <remarks>
/// <para>With rⱼ(i) the share of validator j's starting loss that member i's update removed (<see cref="ServedValues"/>)
/// and gⱼ the share the whole round removed for j:</para>
/// <list type="number">
/// <item>every validator's credit is the positive parts max(rⱼ(i), 0) (harm is judged by the checks, not netted
/// against help given to others);</item>
/// <item>a validator's credits are scaled down, together, when they add up to more than c = max(0, median over the
/// validators of gⱼ): a validator lying about its own losses can hand out (to itself or to anyone) no more than the
/// round did for the median validator;</item>
/// <item>the served score of i is the mean over the n validators of its capped credits, so each validator decides at most
/// c / n of anyone's score;</item>
/// <item>a member is a poisoner when a strict majority of the other validators each measured rⱼ(i) below −<see
/// cref="ServedRewardOptions.HarmThreshold"/>, a free rider when its update's change to the starting model is at most
/// <see cref="ServedRewardOptions.StillRatio"/> of the median change or no validator measured rⱼ(i) above zero;
/// either gets neither the floor nor a share.</item>
/// </list>
/// Deterministic given the values and the updates, so an auditor holding them recomputes every verdict and score.
/// </remarks>
public static class ServedRewardRule
{
    /// <summary>Scores and judges every member of a round.</summary>
    /// <param name="values">Every validator's values of every member.</param>
    /// <param name="changeNorms">Each member's L2 change to the starting model (<see cref="ChangeNorms"/>), in member order.</param>
    /// <param name="options">The rule's parameters.</param>
    public static IReadOnlyList<ServedScore> Judge(ServedValues values, IReadOnlyList<double> changeNorms, ServedRewardOptions options)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(changeNorms);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var n = values.MemberIds.Count;
        if (values.Relative.Count != n || values.Improvement.Count != n || values.Relative.Any(row => row.Count != n))
        {
            throw new ArgumentException($"The values must hold {n} validators' values of {n} members.", nameof(values));
        }

        if (changeNorms.Count != n || changeNorms.Any(c => !double.IsFinite(c) || c < 0))
        {
            throw new ArgumentException($"The change norms must be {n} finite, non-negative numbers.", nameof(changeNorms));
        }

        var cap = Math.Max(0, Median([.. values.Improvement]));
        var served = new double[n];
        for (var j = 0; j < n; j++)
        {
            var row = values.Relative[j];
            var credit = row.Sum(r => Math.Max(r, 0));
            var scale = credit > cap ? cap / credit : 1;
            for (var i = 0; i < n; i++)
            {
                served[i] += Math.Max(row[i], 0) * scale / n;
            }
        }

        var stillBelow = options.StillRatio * Median([.. changeNorms]);
        var scores = new ServedScore[n];
        for (var i = 0; i < n; i++)
        {
            var member = i;
            var others = Enumerable.Range(0, n).Where(j => j != member).Select(j => values.Relative[j][member]).ToArray();
            var othersMedian = others.Length > 0 ? Median(others) : values.Relative[i][i];
            var harmed = others.Count(r => r < -options.HarmThreshold);
            var verdict = others.Length > 0 && 2 * harmed > others.Length ? ServedVerdict.Poisoner
                : changeNorms[i] <= stillBelow || Enumerable.Range(0, n).All(j => values.Relative[j][member] <= 0) ? ServedVerdict.FreeRider
                : ServedVerdict.Served;
            var chain = verdict == ServedVerdict.Served ? served[i] : Math.Min(0, othersMedian);
            scores[i] = new ServedScore(values.MemberIds[i], served[i], [.. Enumerable.Range(0, n).Select(j => values.Relative[j][member])], values.Relative[i][i], othersMedian, verdict, ContributionScore.ToFixed(chain));
        }

        return scores;
    }

    /// <summary>Each update's L2 distance from the starting model, in the order given.</summary>
    /// <exception cref="ArgumentException">An update's length differs from the starting model's.</exception>
    public static IReadOnlyList<double> ChangeNorms(ReadOnlySpan<float> global, IReadOnlyList<MemberUpdate> updates)
    {
        ArgumentNullException.ThrowIfNull(updates);
        var norms = new double[updates.Count];
        for (var u = 0; u < updates.Count; u++)
        {
            var parameters = updates[u].Parameters;
            if (parameters.Length != global.Length)
            {
                throw new ArgumentException($"Update {u} has {parameters.Length} parameters, the starting model {global.Length}.", nameof(updates));
            }

            double sum = 0;
            for (var k = 0; k < parameters.Length; k++)
            {
                double d = parameters[k] - global[k];
                sum += d * d;
            }

            norms[u] = Math.Sqrt(sum);
        }

        return norms;
    }

    private static double Median(double[] values)
    {
        Array.Sort(values);
        var middle = values.Length / 2;
        return values.Length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }
}
