using Consortium.Data.BatteryAgeing;

namespace Consortium.Fl.Battery;

/// <summary>
/// The capacity fade per equivalent full cycle of each chemistry, forecast by a trained forecaster or measured, as
/// additive sums that pool across members: what wear prices per chemistry are made of. The laboratory cells are cycled
/// fully, charge to the upper and discharge to the lower cut-off voltage, so one cycle of the bundled table is one
/// equivalent full cycle. Chemistry is the cell's own label ("LFP", "NCM", "NCA", "NCM+NCA"); cells without one are
/// left out.
/// </summary>
public static class CapacityFadeRates
{
    /// <summary>
    /// The forecaster's average fade per cycle over the next <paramref name="horizon"/> cycles from every cycle of
    /// <paramref name="cells"/> with 50 cycles of history (whether or not the cell goes on that long), summed per
    /// chemistry.
    /// </summary>
    /// <param name="architecture">The forecaster's shape.</param>
    /// <param name="parameters">Its trained parameters.</param>
    /// <param name="cells">The member's cells.</param>
    /// <param name="scaling">The member's feature scaling.</param>
    /// <param name="horizon">
    /// One of <see cref="CapacityFadeArchitecture.Horizons"/>; the shortest by default: its output was trained on every
    /// cycle but a cell's last 50, while the 200-cycle output is never trained from a cycle within 200 cycles of the end
    /// of a cell's record, which is where fade is fastest, and forecasts from there extrapolate.
    /// </param>
    /// <exception cref="ArgumentException">No cell has 50 cycles of history, or the parameters or features do not fit the architecture.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Not a horizon of the forecaster.</exception>
    public static IReadOnlyDictionary<string, FadeRateSums> Forecast(
        CapacityFadeArchitecture architecture, ReadOnlySpan<float> parameters, IReadOnlyList<BatteryCell> cells, FeatureScaling scaling, int horizon = 50)
    {
        CapacityFadeArchitecture.HorizonIndex(horizon);
        return Forecast(architecture, parameters, CapacityFadeSamples.ForForecasting(cells, scaling), horizon);
    }

    /// <summary>
    /// The forecaster's average fade per cycle over the next <paramref name="horizon"/> cycles from each of
    /// <paramref name="samples"/>, summed per chemistry; with <paramref name="whereMeasured"/>, only from the samples
    /// whose cell has cycle t + h, to set beside <see cref="Measured(CapacityFadeSamples, int)"/> on the same cycles.
    /// </summary>
    /// <exception cref="ArgumentException">The parameters or inputs do not fit the architecture.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Not a horizon of the forecaster.</exception>
    public static IReadOnlyDictionary<string, FadeRateSums> Forecast(
        CapacityFadeArchitecture architecture, ReadOnlySpan<float> parameters, CapacityFadeSamples samples, int horizon = 50, bool whereMeasured = false)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var k = CapacityFadeArchitecture.HorizonIndex(horizon);
        var fade = CapacityFadeTrainer.FadePerCycle(architecture, parameters, samples);
        return PerChemistry(samples, i => whereMeasured && !samples.HasTarget(i, k) ? double.NaN : fade[(i * CapacityFadeArchitecture.Outputs) + k]);
    }

    /// <summary>
    /// The measured average fade per cycle over <paramref name="horizon"/> cycles, (SoH_t − SoH_{t+h}) / h, from every
    /// sample whose cell has cycle t + h, summed per chemistry: what the forecast is checked against.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Not a horizon of the forecaster.</exception>
    public static IReadOnlyDictionary<string, FadeRateSums> Measured(CapacityFadeSamples samples, int horizon = 50)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var k = CapacityFadeArchitecture.HorizonIndex(horizon);
        return PerChemistry(samples, i => (samples.CurrentSoh[i] - samples.TargetSoh[(i * CapacityFadeArchitecture.Outputs) + k]) / horizon);
    }

    /// <summary>Several members' sums added per chemistry.</summary>
    public static IReadOnlyDictionary<string, FadeRateSums> Pool(IEnumerable<IReadOnlyDictionary<string, FadeRateSums>> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        var pooled = new SortedDictionary<string, FadeRateSums>(StringComparer.Ordinal);
        foreach (var member in members)
        {
            ArgumentNullException.ThrowIfNull(member);
            foreach (var (chemistry, sums) in member)
            {
                pooled[chemistry] = pooled.GetValueOrDefault(chemistry) + sums;
            }
        }

        return pooled;
    }

    /// <summary>Σ of <paramref name="fade"/> over each chemistry's samples where it is a number.</summary>
    private static SortedDictionary<string, FadeRateSums> PerChemistry(CapacityFadeSamples samples, Func<int, double> fade)
    {
        var sums = new SortedDictionary<string, FadeRateSums>(StringComparer.Ordinal);
        foreach (var cell in samples.Cells)
        {
            if (cell.Chemistry.Length == 0)
            {
                continue;
            }

            var total = sums.GetValueOrDefault(cell.Chemistry);
            for (var i = cell.Start; i < cell.Start + cell.Count; i++)
            {
                var value = fade(i);
                if (!double.IsNaN(value))
                {
                    total += new FadeRateSums(value, 1);
                }
            }

            if (total.Count > 0)
            {
                sums[cell.Chemistry] = total;
            }
        }

        return sums;
    }
}
