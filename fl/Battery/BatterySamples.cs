using Consortium.Data.BatteryAgeing;

namespace Consortium.Fl.Battery;

/// <summary>
/// A member's cycles as model inputs: each cycle's features standardized with <see cref="Scaling"/>, and its state of
/// health in percent. Built from whole cells, so a split by cell never puts one cell's cycles on both sides.
/// </summary>
public sealed class BatterySamples
{
    private BatterySamples(float[] inputs, double[] soh, int features, FeatureScaling scaling, IReadOnlyList<(string Cell, int Start, int Count)> cells)
    {
        Inputs = inputs;
        Soh = soh;
        Features = features;
        Scaling = scaling;
        Cells = cells;
    }

    /// <summary>Standardized features, row-major: cycle i's are at [i·Features, (i+1)·Features).</summary>
    public float[] Inputs { get; }

    /// <summary>Measured state of health per cycle (percent).</summary>
    public double[] Soh { get; }

    /// <summary>Features per cycle.</summary>
    public int Features { get; }

    /// <summary>Cycles held.</summary>
    public int Count => Soh.Length;

    /// <summary>The standardization applied.</summary>
    public FeatureScaling Scaling { get; }

    /// <summary>Each cell's cycles: where they start and how many, in the order given.</summary>
    public IReadOnlyList<(string Cell, int Start, int Count)> Cells { get; }

    /// <summary>Several members' samples as one set (each keeps the standardization it was built with).</summary>
    /// <exception cref="ArgumentException">No set, or sets with different numbers of features.</exception>
    public static BatterySamples Concat(IReadOnlyList<BatterySamples> sets)
    {
        ArgumentNullException.ThrowIfNull(sets);
        if (sets.Count == 0 || sets.Any(s => s.Features != sets[0].Features))
        {
            throw new ArgumentException("Pooling needs at least one set, all with the same number of features.", nameof(sets));
        }

        var cells = new List<(string, int, int)>();
        var offset = 0;
        foreach (var set in sets)
        {
            cells.AddRange(set.Cells.Select(c => (c.Cell, c.Start + offset, c.Count)));
            offset += set.Count;
        }

        return new BatterySamples([.. sets.SelectMany(s => s.Inputs)], [.. sets.SelectMany(s => s.Soh)], sets[0].Features, sets[0].Scaling, cells);
    }

    /// <summary>The cells' cycles, standardized with <paramref name="scaling"/> (the member's own training statistics).</summary>
    /// <exception cref="ArgumentException">No cycle, or a cycle with another number of features than the scaling's.</exception>
    public static BatterySamples From(IReadOnlyList<BatteryCell> cells, FeatureScaling scaling)
    {
        ArgumentNullException.ThrowIfNull(cells);
        ArgumentNullException.ThrowIfNull(scaling);
        var count = cells.Sum(c => c.Cycles.Count);
        if (count == 0)
        {
            throw new ArgumentException("The cells hold no cycle.", nameof(cells));
        }

        var features = scaling.Mean.Length;
        var inputs = new float[count * features];
        var soh = new double[count];
        var spans = new List<(string, int, int)>(cells.Count);
        var i = 0;
        foreach (var cell in cells)
        {
            spans.Add((cell.Id, i, cell.Cycles.Count));
            foreach (var cycle in cell.Cycles)
            {
                if (cycle.Features.Length != features)
                {
                    throw new ArgumentException($"Cell {cell.Id} cycle {cycle.Cycle} has {cycle.Features.Length} features, the scaling {features}.", nameof(cells));
                }

                scaling.Apply(cycle.Features, inputs.AsSpan(i * features, features));
                soh[i] = cycle.SohPercent;
                i++;
            }
        }

        return new BatterySamples(inputs, soh, features, scaling, spans);
    }
}
