using System.Numerics;

namespace Consortium.Contracts.Ledger;

/// <summary>
/// One member's result in a finalized round: its contribution score, fixed-point with
/// <see cref="Scale"/> units per 1.0 (negative when its update hurt the model), and its reward.
/// </summary>
/// <param name="Member">The member; it must have committed in the round.</param>
/// <param name="Score">The fixed-point score, e.g. 250_000 for 0.25.</param>
/// <param name="Reward">The reward in the token's smallest unit (10^-18 CRT).</param>
public sealed record MemberScore(ChainAddress Member, long Score, BigInteger Reward)
{
    /// <summary>Fixed-point units per 1.0 of score.</summary>
    public const long Scale = 1_000_000;

    /// <summary>The score as a real number.</summary>
    public double ScoreValue => (double)Score / Scale;

    /// <summary>Creates a result from a real-valued score, rounded to the nearest fixed-point unit.</summary>
    /// <param name="member">The member.</param>
    /// <param name="score">The score, e.g. a Shapley or leave-one-out value.</param>
    /// <param name="reward">The reward in the token's smallest unit.</param>
    /// <exception cref="ArgumentOutOfRangeException">The score is not finite or too large for fixed point.</exception>
    public static MemberScore FromValue(ChainAddress member, double score, BigInteger reward)
    {
        var scaled = Math.Round(score * Scale, MidpointRounding.ToEven);
        if (!double.IsFinite(scaled) || scaled >= long.MaxValue || scaled <= long.MinValue)
        {
            throw new ArgumentOutOfRangeException(nameof(score), score, "The score must be finite and fit 64-bit fixed point.");
        }

        return new MemberScore(member, (long)scaled, reward);
    }
}
