namespace Consortium.Fl.Contribution;

/// <summary>One member's outcome under the served-value rule.</summary>
/// <param name="MemberId">The member.</param>
/// <param name="Served">
/// Its served score: the mean over the validators of the share of each one's starting loss its update removed
/// (positive parts, each validator's credit capped as <see cref="ServedRewardRule"/> says). Not negative.
/// </param>
/// <param name="ByValidator">Its value in each validator's game, in member order (validator j is member j).</param>
/// <param name="OwnValue">Its value in its own validator's game (self-assessed, so not to be trusted by others).</param>
/// <param name="OthersMedian">The median of its values in the other validators' games (its own value when it is the only member).</param>
/// <param name="Verdict">Whether it is paid, and if not why.</param>
/// <param name="ChainScore">
/// The score recorded on chain, fixed point: the served score for a member judged <see cref="ServedVerdict.Served"/>,
/// otherwise <see cref="OthersMedian"/> capped at zero (what the others measured, at most nothing).
/// </param>
public sealed record ServedScore(string MemberId, double Served, IReadOnlyList<double> ByValidator, double OwnValue, double OthersMedian, ServedVerdict Verdict, long ChainScore)
{
    /// <summary>Whether the member is paid the floor and its share.</summary>
    public bool Paid => Verdict == ServedVerdict.Served;
}
