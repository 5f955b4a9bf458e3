using Consortium.Data.BatteryAgeing;
using Consortium.Fl.Models;

namespace Consortium.Fl.Battery;

/// <summary>
/// A member's cells as forecasting samples: one per cycle t that has 50 cycles of history before it. Its inputs are
/// what a battery engineer reads off the recent record, then the cycle's charge-curve features standardized with
/// <see cref="Scaling"/> (the member's own training statistics):
/// <list type="number">
/// <item>the current state of health, (SoH_t − 90) / 10, where SoH_t is the median of the cycles in (t − 5, t] (the
/// median, because single cycles jump by up to 20 points in the bundled table);</item>
/// <item>the average fade over the last 10, 25 and 50 cycles, (SoH_{t−L} − SoH_t) / L, each SoH the same five-cycle
/// median, in <see cref="CapacityFadeArchitecture.RateScale"/> points per 100 cycles;</item>
/// <item>the least-squares fade over the cycles in (t − 50, t], in the same unit.</item>
/// </list>
/// The cycle number itself is not an input: the labs' protocols age cells at rates an order of magnitude apart, so a
/// cycle count says little that the state of health and its recent slope do not, and it would not carry to another
/// member's cells. The targets are the measured state of health at cycles t + h for h in
/// <see cref="CapacityFadeArchitecture.Horizons"/>, only where the cell has that cycle (never extrapolated); a target
/// the cell does not have is NaN. Built from whole cells, so a split by cell never puts one cell on both sides.
/// </summary>
public sealed class CapacityFadeSamples
{
    /// <summary>History inputs before the charge-curve features.</summary>
    public const int HistoryInputs = 5;

    /// <summary>Cycles of history a sample needs before its cycle (the longest lag).</summary>
    public const int HistoryCycles = 50;

    /// <summary>Cycles in the median that stands for the state of health at a cycle.</summary>
    public const int SmoothingCycles = 5;

    private static readonly int[] Lags = [10, 25, 50];

    private CapacityFadeSamples(
        float[] inputs, int inputsPerSample, double[] currentSoh, double[] recentFade, double[] recentLine, double[] targetSoh, int[] cycle, FeatureScaling scaling, IReadOnlyList<CapacityFadeCellSpan> cells)
    {
        Inputs = inputs;
        InputsPerSample = inputsPerSample;
        CurrentSoh = currentSoh;
        RecentFadePerCycle = recentFade;
        RecentLineSoh = recentLine;
        TargetSoh = targetSoh;
        Cycle = cycle;
        Scaling = scaling;
        Cells = cells;
    }

    /// <summary>Inputs, row-major: sample i's are at [i·InputsPerSample, (i+1)·InputsPerSample).</summary>
    public float[] Inputs { get; }

    /// <summary><see cref="HistoryInputs"/> plus the number of charge-curve features.</summary>
    public int InputsPerSample { get; }

    /// <summary>Samples held.</summary>
    public int Count => CurrentSoh.Length;

    /// <summary>Each sample's current state of health SoH_t (percent; the five-cycle median), which forecasts are relative to.</summary>
    public double[] CurrentSoh { get; }

    /// <summary>Each sample's least-squares fade over its last 50 cycles, percentage points per cycle (positive when fading).</summary>
    public double[] RecentFadePerCycle { get; }

    /// <summary>Each sample's least-squares line over its last 50 cycles evaluated at t (percent): where the recent trend puts the cell now.</summary>
    public double[] RecentLineSoh { get; }

    /// <summary>Measured state of health at t + h (percent), row-major by sample then horizon in <see cref="CapacityFadeArchitecture.Horizons"/> order; NaN where the cell has no such cycle.</summary>
    public double[] TargetSoh { get; }

    /// <summary>Each sample's cycle number t within its cell.</summary>
    public int[] Cycle { get; }

    /// <summary>The standardization applied to the charge-curve features.</summary>
    public FeatureScaling Scaling { get; }

    /// <summary>Each cell's samples: where they start and how many, in the order given, with the cell's chemistry.</summary>
    public IReadOnlyList<CapacityFadeCellSpan> Cells { get; }

    /// <summary>Whether sample <paramref name="sample"/> has a measured target at horizon index <paramref name="horizon"/>.</summary>
    public bool HasTarget(int sample, int horizon) => !double.IsNaN(TargetSoh[(sample * CapacityFadeArchitecture.Outputs) + horizon]);

    /// <summary>
    /// Training and test samples: every cycle with 50 cycles of history and the cycle of at least one horizon
    /// measured. Cells too short to give one are left out.
    /// </summary>
    /// <exception cref="ArgumentException">No cell gives a sample, or a cycle has another number of features than the scaling's.</exception>
    public static CapacityFadeSamples From(IReadOnlyList<BatteryCell> cells, FeatureScaling scaling) => Build(cells, scaling, labelled: true);

    /// <summary>
    /// Samples to forecast from: every cycle with 50 cycles of history, whether or not the cell goes on to any horizon
    /// (targets it lacks are NaN). What the fade rate for wear prices is predicted on.
    /// </summary>
    /// <exception cref="ArgumentException">No cell has 50 cycles of history, or a cycle has another number of features than the scaling's.</exception>
    public static CapacityFadeSamples ForForecasting(IReadOnlyList<BatteryCell> cells, FeatureScaling scaling) => Build(cells, scaling, labelled: false);

    /// <summary>Several members' samples as one set (each keeps the standardization it was built with).</summary>
    /// <exception cref="ArgumentException">No set, or sets with different numbers of inputs.</exception>
    public static CapacityFadeSamples Concat(IReadOnlyList<CapacityFadeSamples> sets)
    {
        ArgumentNullException.ThrowIfNull(sets);
        if (sets.Count == 0 || sets.Any(s => s.InputsPerSample != sets[0].InputsPerSample))
        {
            throw new ArgumentException("Pooling needs at least one set, all with the same number of inputs.", nameof(sets));
        }

        var cells = new List<CapacityFadeCellSpan>();
        var offset = 0;
        foreach (var set in sets)
        {
            cells.AddRange(set.Cells.Select(c => c with { Start = c.Start + offset }));
            offset += set.Count;
        }

        return new CapacityFadeSamples(
            [.. sets.SelectMany(s => s.Inputs)], sets[0].InputsPerSample, [.. sets.SelectMany(s => s.CurrentSoh)], [.. sets.SelectMany(s => s.RecentFadePerCycle)], [.. sets.SelectMany(s => s.RecentLineSoh)],
            [.. sets.SelectMany(s => s.TargetSoh)], [.. sets.SelectMany(s => s.Cycle)], sets[0].Scaling, cells);
    }

    private static CapacityFadeSamples Build(IReadOnlyList<BatteryCell> cells, FeatureScaling scaling, bool labelled)
    {
        ArgumentNullException.ThrowIfNull(cells);
        ArgumentNullException.ThrowIfNull(scaling);
        var features = scaling.Mean.Length;
        var width = HistoryInputs + features;
        var horizons = CapacityFadeArchitecture.Horizons;
        var inputs = new List<float>();
        var current = new List<double>();
        var recent = new List<double>();
        var line = new List<double>();
        var targets = new List<double>();
        var cycleNumbers = new List<int>();
        var spans = new List<CapacityFadeCellSpan>(cells.Count);
        var row = new float[width];
        foreach (var cell in cells)
        {
            ArgumentNullException.ThrowIfNull(cell);
            var numbers = new int[cell.Cycles.Count];
            var soh = new double[cell.Cycles.Count];
            for (var i = 0; i < numbers.Length; i++)
            {
                numbers[i] = cell.Cycles[i].Cycle;
                soh[i] = cell.Cycles[i].SohPercent;
                if (i > 0 && numbers[i] <= numbers[i - 1])
                {
                    throw new ArgumentException($"Cell {cell.Id} lists cycle {numbers[i]} after cycle {numbers[i - 1]}; cycles must increase.", nameof(cells));
                }
            }

            var start = current.Count;
            for (var i = 0; i < numbers.Length; i++)
            {
                var t = numbers[i];
                if (numbers[0] > t - HistoryCycles)
                {
                    continue;
                }

                var target = new double[horizons.Count];
                var any = false;
                for (var k = 0; k < horizons.Count; k++)
                {
                    var at = Array.BinarySearch(numbers, i, numbers.Length - i, t + horizons[k]);
                    target[k] = at >= 0 ? soh[at] : double.NaN;
                    any |= at >= 0;
                }

                if ((labelled && !any) || !TryHistory(numbers, soh, i, row, out var now, out var slope, out var lineNow))
                {
                    continue;
                }

                var cycle = cell.Cycles[i];
                if (cycle.Features.Length != features)
                {
                    throw new ArgumentException($"Cell {cell.Id} cycle {t} has {cycle.Features.Length} features, the scaling {features}.", nameof(cells));
                }

                scaling.Apply(cycle.Features, row.AsSpan(HistoryInputs, features));
                inputs.AddRange(row);
                current.Add(now);
                recent.Add(slope);
                line.Add(lineNow);
                targets.AddRange(target);
                cycleNumbers.Add(t);
            }

            if (current.Count > start)
            {
                spans.Add(new CapacityFadeCellSpan(cell.Id, cell.Chemistry, start, current.Count - start));
            }
        }

        if (current.Count == 0)
        {
            throw new ArgumentException(
                labelled
                    ? $"No cell has a cycle with {HistoryCycles} cycles of history and a measured cycle {horizons[0]} cycles later."
                    : $"No cell has a cycle with {HistoryCycles} cycles of history.",
                nameof(cells));
        }

        return new CapacityFadeSamples([.. inputs], width, [.. current], [.. recent], [.. line], [.. targets], [.. cycleNumbers], scaling, spans);
    }

    /// <summary>Writes the history inputs of cycle index <paramref name="i"/>; false when a lag's window holds no cycle.</summary>
    private static bool TryHistory(int[] numbers, double[] soh, int i, float[] row, out double now, out double fadePerCycle, out double lineNow)
    {
        now = WindowMedian(numbers, soh, i, numbers[i]);
        fadePerCycle = double.NaN;
        lineNow = double.NaN;
        row[0] = (float)((now - BatteryHealthArchitecture.SohCentre) / BatteryHealthArchitecture.SohScale);
        for (var l = 0; l < Lags.Length; l++)
        {
            var before = WindowMedian(numbers, soh, i, numbers[i] - Lags[l]);
            if (double.IsNaN(before))
            {
                return false;
            }

            row[1 + l] = (float)((before - now) * 100 / Lags[l] / CapacityFadeArchitecture.RateScale);
        }

        // Least-squares slope of the measured state of health against the cycle number over (t − 50, t].
        double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (var j = i; j >= 0 && numbers[j] > numbers[i] - HistoryCycles; j--)
        {
            double x = numbers[j] - numbers[i];
            n++;
            sx += x;
            sy += soh[j];
            sxx += x * x;
            sxy += x * soh[j];
        }

        var spread = (n * sxx) - (sx * sx);
        var slope = spread > 0 ? ((n * sxy) - (sx * sy)) / spread : 0;
        fadePerCycle = -slope;
        lineNow = (sy - (slope * sx)) / n;
        row[4] = (float)(fadePerCycle * 100 / CapacityFadeArchitecture.RateScale);
        return true;
    }

    /// <summary>The median state of health of the cycles numbered in (end − 5, end] at or before index <paramref name="last"/>, or NaN when there is none.</summary>
    private static double WindowMedian(int[] numbers, double[] soh, int last, int end)
    {
        Span<double> window = stackalloc double[SmoothingCycles];
        var count = 0;
        for (var j = last; j >= 0 && numbers[j] > end - SmoothingCycles; j--)
        {
            if (numbers[j] <= end)
            {
                window[count++] = soh[j];
            }
        }

        if (count == 0)
        {
            return double.NaN;
        }

        window = window[..count];
        window.Sort();
        return count % 2 == 1 ? window[count / 2] : (window[(count / 2) - 1] + window[count / 2]) / 2;
    }
}
