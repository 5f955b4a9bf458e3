namespace Consortium.Fl.Battery;

/// <summary>
/// Capacity fade per equivalent full cycle as sums that add across members: Σ fade per cycle (percentage points of
/// state of health) over samples, and the number of samples. A coordinator pools members' sums per chemistry without
/// seeing a cell.
/// </summary>
/// <param name="FadePerCycleSum">Σ over samples of the fade per cycle, percentage points of state of health.</param>
/// <param name="Count">Samples summed.</param>
public readonly record struct FadeRateSums(double FadePerCycleSum, long Count)
{
    /// <summary>The mean fade per equivalent full cycle, percentage points of state of health; NaN without a sample.</summary>
    public double PerCyclePercent => Count == 0 ? double.NaN : FadePerCycleSum / Count;

    /// <summary>Both sets' samples together.</summary>
    public static FadeRateSums operator +(FadeRateSums left, FadeRateSums right) => new(left.FadePerCycleSum + right.FadePerCycleSum, left.Count + right.Count);
}
