using System.Globalization;
using Consortium.Fl.Strategies;

namespace Consortium.Fl.Contribution;

/// <summary>
/// Scores each member by what the round's model loses without its update: the model is aggregated
/// with every update and once without each member's, and each is scored
/// score(i) = loss(aggregate without i) − loss(aggregate of all).
/// The loss comes from the caller (in the consortium, members evaluating the candidate models on
/// their own validation windows), so this stays free of any transport or data.
/// </summary>
/// <remarks>
/// Costs one loss evaluation per member plus one. With a single member, "without it" is the previous
/// global model, so a sole member scores by how much it improved on that. Candidates are computed with
/// <see cref="AggregationStrategy.Preview(ReadOnlySpan{float}, IReadOnlyList{MemberUpdate})"/>, so scoring
/// does not move a strategy's server state on.
/// </remarks>
public static class LeaveOneOutContribution
{
    /// <summary>Scores every update with a synchronous loss.</summary>
    /// <param name="strategy">How updates are combined.</param>
    /// <param name="global">The round's starting model.</param>
    /// <param name="updates">The round's updates.</param>
    /// <param name="loss">Loss of a candidate model's parameters; lower is better. It may keep the array it is given.</param>
    public static LeaveOneOutScores Score(
        AggregationStrategy strategy,
        ReadOnlySpan<float> global,
        IReadOnlyList<MemberUpdate> updates,
        Func<float[], double> loss)
    {
        ArgumentNullException.ThrowIfNull(loss);
        var candidates = Candidates(strategy, global, updates);
        var losses = new double[candidates.Length];
        for (var i = 0; i < candidates.Length; i++)
        {
            losses[i] = Checked(loss(candidates[i]), i, updates);
        }

        return Scores(updates, losses);
    }

    /// <summary>Scores every update with an asynchronous loss, evaluating one candidate at a time.</summary>
    /// <param name="strategy">How updates are combined.</param>
    /// <param name="global">The round's starting model.</param>
    /// <param name="updates">The round's updates.</param>
    /// <param name="loss">Loss of a candidate model's parameters; lower is better. It may keep the array it is given.</param>
    /// <param name="cancellationToken">Stops between evaluations.</param>
    public static async Task<LeaveOneOutScores> ScoreAsync(
        AggregationStrategy strategy,
        ReadOnlyMemory<float> global,
        IReadOnlyList<MemberUpdate> updates,
        Func<float[], CancellationToken, Task<double>> loss,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(loss);
        var candidates = Candidates(strategy, global.Span, updates);
        var losses = new double[candidates.Length];
        for (var i = 0; i < candidates.Length; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            losses[i] = Checked(await loss(candidates[i], cancellationToken).ConfigureAwait(false), i, updates);
        }

        return Scores(updates, losses);
    }

    /// <summary>Candidate 0 aggregates every update; candidate i + 1 every update but member i's.</summary>
    private static float[][] Candidates(AggregationStrategy strategy, ReadOnlySpan<float> global, IReadOnlyList<MemberUpdate> updates)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        ArgumentNullException.ThrowIfNull(updates);
        if (updates.Count == 0)
        {
            throw new ArgumentException("There is no update to score.", nameof(updates));
        }

        var candidates = new float[updates.Count + 1][];
        candidates[0] = strategy.Preview(global, updates);
        for (var i = 0; i < updates.Count; i++)
        {
            candidates[i + 1] = strategy.Preview(global, new AllBut(updates, i));
        }

        return candidates;
    }

    private static double Checked(double loss, int candidate, IReadOnlyList<MemberUpdate> updates)
    {
        if (double.IsFinite(loss))
        {
            return loss;
        }

        var which = candidate == 0 ? "the model of all updates" : $"the model without {updates[candidate - 1].MemberId}";
        throw new InvalidOperationException($"The loss of {which} is {loss.ToString(CultureInfo.InvariantCulture)}, not a finite number.");
    }

    private static LeaveOneOutScores Scores(IReadOnlyList<MemberUpdate> updates, double[] losses)
    {
        var members = new LeaveOneOutScore[updates.Count];
        for (var i = 0; i < members.Length; i++)
        {
            members[i] = new LeaveOneOutScore(updates[i].MemberId, losses[i + 1], losses[i + 1] - losses[0]);
        }

        return new LeaveOneOutScores(losses[0], members);
    }

    /// <summary>A list without one of its items, without copying.</summary>
    private sealed class AllBut(IReadOnlyList<MemberUpdate> updates, int excluded) : IReadOnlyList<MemberUpdate>
    {
        public int Count => updates.Count - 1;

        public MemberUpdate this[int index] => updates[index < excluded ? index : index + 1];

        public IEnumerator<MemberUpdate> GetEnumerator()
        {
            for (var i = 0; i < Count; i++)
            {
                yield return this[i];
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
