namespace Consortium.Fl.Contribution;

/// <summary>What the served-value rule decided about a member's update (<see cref="ServedRewardRule"/>).</summary>
public enum ServedVerdict
{
    /// <summary>Passed both checks: paid the floor and its share of the rest by its served score.</summary>
    Served,

    /// <summary>
    /// Its update barely moved the starting model, or lowered no validator's loss (its own included): neither floor nor
    /// share.
    /// </summary>
    FreeRider,

    /// <summary>A strict majority of the other validators measured it raising their loss beyond the harm threshold: neither floor nor share.</summary>
    Poisoner,
}
