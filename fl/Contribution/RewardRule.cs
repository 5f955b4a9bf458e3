namespace Consortium.Fl.Contribution;

/// <summary>How a round's pool is shared among its contributors.</summary>
public enum RewardRule
{
    /// <summary>
    /// Each member valued for every validator on that validator's own validation loss, a floor for members that pass the
    /// free-rider and poisoner checks, the rest by served score (<see cref="ServedRewardRule"/>). The default.
    /// </summary>
    Served,

    /// <summary>
    /// The earlier rule: one value per member on the validators' pooled validation loss, the pool shared in proportion
    /// to the positive values, no floor.
    /// </summary>
    Pooled,
}
