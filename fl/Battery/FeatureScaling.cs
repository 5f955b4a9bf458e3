using Consortium.Data.BatteryAgeing;

namespace Consortium.Fl.Battery;

/// <summary>
/// Per-feature standardization, (x − mean) / std, fitted on one member's training cycles alone: no statistic of any
/// member's data leaves it, and a newcomer fits its own. A feature that does not vary is only centred.
/// </summary>
/// <param name="Mean">Each feature's mean.</param>
/// <param name="Std">Each feature's standard deviation (1 where it was zero).</param>
public sealed record FeatureScaling(double[] Mean, double[] Std)
{
    /// <summary>The statistics of <paramref name="cells"/>' cycles.</summary>
    /// <exception cref="ArgumentException">No cycle, or cycles with different numbers of features.</exception>
    public static FeatureScaling Fit(IReadOnlyList<BatteryCell> cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        var cycles = cells.SelectMany(c => c.Cycles).ToArray();
        if (cycles.Length == 0)
        {
            throw new ArgumentException("There is no cycle to fit the feature scaling on.", nameof(cells));
        }

        var features = cycles[0].Features.Length;
        var mean = new double[features];
        var square = new double[features];
        foreach (var cycle in cycles)
        {
            if (cycle.Features.Length != features)
            {
                throw new ArgumentException($"Cell {cycle.Cell} cycle {cycle.Cycle} has {cycle.Features.Length} features, the first cycle {features}.", nameof(cells));
            }

            for (var f = 0; f < features; f++)
            {
                mean[f] += cycle.Features[f];
                square[f] += (double)cycle.Features[f] * cycle.Features[f];
            }
        }

        var std = new double[features];
        for (var f = 0; f < features; f++)
        {
            mean[f] /= cycles.Length;
            var variance = Math.Max((square[f] / cycles.Length) - (mean[f] * mean[f]), 0);
            std[f] = variance > 1e-12 ? Math.Sqrt(variance) : 1;
        }

        return new FeatureScaling(mean, std);
    }

    /// <summary>Writes the standardized <paramref name="features"/> into <paramref name="destination"/>.</summary>
    public void Apply(ReadOnlySpan<float> features, Span<float> destination)
    {
        for (var f = 0; f < features.Length; f++)
        {
            destination[f] = (float)((features[f] - Mean[f]) / Std[f]);
        }
    }
}
