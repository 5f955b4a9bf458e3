namespace Consortium.Fl.Contribution;

/// <summary>The parameters of the served-value reward rule (<see cref="ServedRewardRule"/>).</summary>
/// <param name="Floor">
/// Share of each round's pool paid in equal parts to the members that pass both checks (the floor for honest
/// participation); the rest is paid in proportion to the served scores. In [0, 1].
/// </param>
/// <param name="HarmThreshold">
/// A member is judged a poisoner when a strict majority of the other validators each measured its update raising their
/// own validation loss by more than this share of their starting loss (its Shapley value in their game below −threshold).
/// Above 0.
/// </param>
/// <param name="StillRatio">
/// A member is judged a free rider when its update changed the round's starting model by at most this share of the
/// median member's change (L2 norms, which anyone holding the updates recomputes). In [0, 1).
/// </param>
public sealed record ServedRewardOptions(double Floor = 0.2, double HarmThreshold = 0.5, double StillRatio = 0.01)
{
    /// <summary>Throws, naming the parameter, for values the rule cannot work with.</summary>
    public void Validate()
    {
        if (!(Floor >= 0 && Floor <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Floor), Floor, "The floor is a share of the pool, in [0, 1].");
        }

        if (!(HarmThreshold > 0 && double.IsFinite(HarmThreshold)))
        {
            throw new ArgumentOutOfRangeException(nameof(HarmThreshold), HarmThreshold, "The harm threshold is a share of a validator's starting loss, above 0.");
        }

        if (!(StillRatio >= 0 && StillRatio < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(StillRatio), StillRatio, "The still ratio is a share of the median update's change, in [0, 1).");
        }
    }
}
