using System.Numerics;

namespace Consortium.Node.Federation.Coordinator;

/// <summary>
/// Shares a round's reward pool in proportion to the members' positive on-chain scores (integers,
/// so anyone can recompute the split from the chain alone); members with a score of zero or less
/// get nothing, and the rounding remainder is not paid out.
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
}
