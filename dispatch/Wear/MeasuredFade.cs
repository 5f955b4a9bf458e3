using Consortium.Data.BatteryAgeing;

namespace Consortium.Dispatch.Wear;

/// <summary>
/// Capacity fade per equivalent full cycle measured on cells' own records: per cell, (first − last capacity) / first
/// capacity / (last − first cycle number), in percentage points of state of health; the median over the cells of each
/// chemistry. Laboratory cells cycled fully at their labs' protocols: an empirical fade, not the federated battery
/// model's forecast.
/// </summary>
public static class MeasuredFade
{
    private static readonly Lazy<IReadOnlyDictionary<BatteryChemistry, double>> Bundled =
        new(() => PerCyclePercent(BundledBatteryData.Load(out _).Values.SelectMany(cells => cells)));

    /// <summary>The median fade per cycle of each chemistry of the bundled three-lab table (read once).</summary>
    public static IReadOnlyDictionary<BatteryChemistry, double> BundledPerCyclePercent => Bundled.Value;

    /// <summary>The median fade per cycle of each chemistry among <paramref name="cells"/> (cells of one cycle or unknown chemistry are left out).</summary>
    /// <exception cref="ArgumentException">A chemistry the book prices has no cell to measure.</exception>
    public static IReadOnlyDictionary<BatteryChemistry, double> PerCyclePercent(IEnumerable<BatteryCell> cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        var fades = new Dictionary<BatteryChemistry, List<double>>();
        foreach (var cell in cells)
        {
            if (cell.Cycles.Count < 2 || cell.Chemistry.Length == 0)
            {
                continue;
            }

            var (first, last) = (cell.Cycles[0], cell.Cycles[^1]);
            var fade = 100.0 * (first.CapacityAh - last.CapacityAh) / first.CapacityAh / (last.Cycle - first.Cycle);
            var chemistry = WearPriceBook.ParseChemistry(cell.Chemistry);
            (fades.TryGetValue(chemistry, out var list) ? list : fades[chemistry] = []).Add(fade);
        }

        foreach (var chemistry in Enum.GetValues<BatteryChemistry>())
        {
            if (!fades.ContainsKey(chemistry))
            {
                throw new ArgumentException($"No cell of chemistry {WearPriceBook.ChemistryName(chemistry)} to measure its fade on.", nameof(cells));
            }
        }

        return fades.ToDictionary(kv => kv.Key, kv => Median(kv.Value));
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        var middle = values.Count / 2;
        return values.Count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }
}
