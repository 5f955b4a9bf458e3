namespace Consortium.Network.Federation;

/// <summary>
/// The capacity fade a battery-health model forecasts on one member's cells of one chemistry, as a sum that pools across
/// members without revealing any cell: the fade per cycle forecast from each cycle added up, and how many forecasts.
/// </summary>
/// <param name="Chemistry">The cells' chemistry label, such as "NCM".</param>
/// <param name="SumFadePerCycle">Over the forecasts, percentage points of state of health lost per cycle, summed.</param>
/// <param name="Samples">Forecasts summed (one per cycle with enough history).</param>
public sealed record ChemistryFade(string Chemistry, double SumFadePerCycle, long Samples)
{
    /// <summary>The mean fade per cycle over the forecasts, percentage points.</summary>
    public double MeanFadePerCycle => Samples == 0 ? double.NaN : SumFadePerCycle / Samples;

    /// <summary>Pools two members' sums of one chemistry.</summary>
    /// <exception cref="ArgumentException">The chemistries differ.</exception>
    public ChemistryFade Plus(ChemistryFade other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Chemistry != Chemistry)
        {
            throw new ArgumentException($"Cannot pool {other.Chemistry} cells into {Chemistry} cells.", nameof(other));
        }

        return this with { SumFadePerCycle = SumFadePerCycle + other.SumFadePerCycle, Samples = Samples + other.Samples };
    }
}
