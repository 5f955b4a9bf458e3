namespace Consortium.Network.Federation;

/// <summary>
/// The capacity fade a battery-health model gives on one member's cells of one chemistry, as a sum that pools across
/// members without revealing any cell: the fade per cycle of each cell added up, and how many cells.
/// </summary>
/// <param name="Chemistry">The cells' chemistry label, such as "NCM".</param>
/// <param name="SumFadePerCycle">Over the cells, percentage points of state of health lost per cycle, summed.</param>
/// <param name="Cells">Cells summed.</param>
public sealed record ChemistryFade(string Chemistry, double SumFadePerCycle, long Cells)
{
    /// <summary>The mean fade per cycle over the cells, percentage points.</summary>
    public double MeanFadePerCycle => Cells == 0 ? double.NaN : SumFadePerCycle / Cells;

    /// <summary>Pools two members' sums of one chemistry.</summary>
    /// <exception cref="ArgumentException">The chemistries differ.</exception>
    public ChemistryFade Plus(ChemistryFade other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Chemistry != Chemistry)
        {
            throw new ArgumentException($"Cannot pool {other.Chemistry} cells into {Chemistry} cells.", nameof(other));
        }

        return this with { SumFadePerCycle = SumFadePerCycle + other.SumFadePerCycle, Cells = Cells + other.Cells };
    }
}
