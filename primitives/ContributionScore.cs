namespace Consortium.Primitives;

/// <summary>
/// A member's contribution score as the ledger records it: fixed point, <see cref="Scale"/> units per 1.0 (negative
/// when the member's update hurt the model). The one place a real-valued score becomes the integer on chain.
/// </summary>
public static class ContributionScore
{
    /// <summary>Fixed-point units per 1.0 of score.</summary>
    public const long Scale = 1_000_000;

    /// <summary>Rounds a real-valued score to the nearest fixed-point unit (halves to even).</summary>
    /// <param name="score">The score, e.g. a Shapley or leave-one-out value.</param>
    /// <exception cref="ArgumentOutOfRangeException">The score is not finite or too large for 64-bit fixed point.</exception>
    public static long ToFixed(double score)
    {
        var scaled = Math.Round(score * Scale, MidpointRounding.ToEven);
        if (!double.IsFinite(scaled) || scaled >= long.MaxValue || scaled <= long.MinValue)
        {
            throw new ArgumentOutOfRangeException(nameof(score), score, "The score must be finite and fit 64-bit fixed point.");
        }

        return (long)scaled;
    }

    /// <summary>The real value of a fixed-point score.</summary>
    /// <param name="fixedScore">The score in fixed-point units.</param>
    public static double ToValue(long fixedScore) => (double)fixedScore / Scale;
}
