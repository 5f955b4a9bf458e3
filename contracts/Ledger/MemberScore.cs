using System.Numerics;

namespace Consortium.Contracts.Ledger;

/// <summary>
/// One member's result in a finalized round: its contribution score, fixed-point with
/// <see cref="ContributionScore.Scale"/> units per 1.0 (negative when its update hurt the model), and its reward.
/// </summary>
/// <param name="Member">The member; it must have committed in the round.</param>
/// <param name="Score">The fixed-point score, e.g. 250_000 for 0.25.</param>
/// <param name="Reward">The reward in the token's smallest unit (10^-18 CRT).</param>
public sealed record MemberScore(ChainAddress Member, long Score, BigInteger Reward)
{
    /// <summary>The score as a real number.</summary>
    public double ScoreValue => ContributionScore.ToValue(Score);

    /// <summary>Creates a result from a real-valued score, rounded to the nearest fixed-point unit.</summary>
    /// <param name="member">The member.</param>
    /// <param name="score">The score, e.g. a Shapley or leave-one-out value.</param>
    /// <param name="reward">The reward in the token's smallest unit.</param>
    /// <exception cref="ArgumentOutOfRangeException">The score is not finite or too large for fixed point.</exception>
    public static MemberScore FromValue(ChainAddress member, double score, BigInteger reward) =>
        new(member, ContributionScore.ToFixed(score), reward);
}
