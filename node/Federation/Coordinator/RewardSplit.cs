using System.Numerics;

namespace Consortium.Node.Federation.Coordinator;

/// <summary>
/// Shares a round's reward pool from the members' on-chain scores (integers, so anyone can recompute the split from
/// the chain and the rule's floor): in proportion to the positive scores (<see cref="Share"/>, the pooled rule), or a
/// floor in equal parts to the members judged paid and the rest in proportion to their positive scores
/// (<see cref="ShareWithFloor"/>, the served rule). The rounding remainder is not paid out, so the total never exceeds
/// the pool.
/// </summary>
public static class RewardSplit
{
    /// <summary>Each member's reward for its integer score.</summary>
    public static BigInteger[] Share(BigInteger pool, IReadOnlyList<long> scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        if (pool < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(pool), pool, "The reward pool cannot be negative.");
        }

        BigInteger positive = 0;
        foreach (var score in scores)
        {
            positive += Math.Max(score, 0);
        }

        var rewards = new BigInteger[scores.Count];
        if (positive.IsZero)
        {
            return rewards;
        }

        for (var i = 0; i < scores.Count; i++)
        {
            rewards[i] = pool * Math.Max(scores[i], 0) / positive;
        }

        return rewards;
    }

    /// <summary>Parts per million in which the floor is applied, so the split stays in integers.</summary>
    public const long FloorScale = 1_000_000;

    /// <summary>
    /// Each member's reward under the served rule: <paramref name="floor"/> of the pool in equal parts to the members
    /// with <paramref name="paid"/> set, the rest in proportion to their positive scores; a member not paid gets nothing
    /// whatever its score. With nobody paid nothing is paid; with no positive score among the paid, only the floor is.
    /// </summary>
    /// <param name="pool">The round's pool, in token base units.</param>
    /// <param name="scores">The members' on-chain scores.</param>
    /// <param name="paid">Which members passed the free-rider and poisoner checks, in the same order.</param>
    /// <param name="floor">The floor's share of the pool, in [0, 1] (applied in whole parts per million).</param>
    public static BigInteger[] ShareWithFloor(BigInteger pool, IReadOnlyList<long> scores, IReadOnlyList<bool> paid, double floor)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(paid);
        if (pool < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(pool), pool, "The reward pool cannot be negative.");
        }

        if (paid.Count != scores.Count)
        {
            throw new ArgumentException($"{scores.Count} scores but {paid.Count} paid flags.", nameof(paid));
        }

        if (!(floor >= 0 && floor <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(floor), floor, "The floor is a share of the pool, in [0, 1].");
        }

        var rewards = new BigInteger[scores.Count];
        var count = paid.Count(p => p);
        if (count == 0)
        {
            return rewards;
        }

        var floorPool = pool * (long)Math.Round(floor * FloorScale) / FloorScale;
        var each = floorPool / count;
        var rest = pool - floorPool;
        BigInteger positive = 0;
        for (var i = 0; i < scores.Count; i++)
        {
            positive += paid[i] ? Math.Max(scores[i], 0) : 0;
        }

        for (var i = 0; i < scores.Count; i++)
        {
            if (paid[i])
            {
                rewards[i] = each + (positive.IsZero ? 0 : rest * Math.Max(scores[i], 0) / positive);
            }
        }

        return rewards;
    }
}
