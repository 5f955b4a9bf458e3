namespace Consortium.Data.BatteryAgeing;

/// <summary>One cell's ageing record: its cycles in order, with what is known of the cell.</summary>
/// <param name="Id">The cell's identifier.</param>
/// <param name="Source">The lab or member that cycled it (the bundled table's <c>source</c>), or empty.</param>
/// <param name="Chemistry">The cathode chemistry ("NCM", "NCA", "NCM+NCA", "LFP"), or empty when the file does not say.</param>
/// <param name="NominalAh">The nominal capacity (Ah).</param>
/// <param name="Cycles">The cycles, by increasing cycle number.</param>
public sealed record BatteryCell(string Id, string Source, string Chemistry, double NominalAh, IReadOnlyList<CellCycle> Cycles);
