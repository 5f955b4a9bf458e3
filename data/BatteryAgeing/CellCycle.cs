namespace Consortium.Data.BatteryAgeing;

/// <summary>One charge/discharge cycle of one cell: its charge-curve features and the capacity it then discharged.</summary>
/// <param name="Cell">The cell's identifier, unique within its member's data.</param>
/// <param name="Cycle">The cycle's number within the cell, from 1.</param>
/// <param name="CapacityAh">The capacity discharged in the cycle (Ah), above zero.</param>
/// <param name="NominalAh">The cell's nominal capacity (Ah), above zero.</param>
/// <param name="Features">The charge-curve features, finite, in the schema's order.</param>
public sealed record CellCycle(string Cell, int Cycle, double CapacityAh, double NominalAh, float[] Features)
{
    /// <summary>State of health in percent: the capacity as a share of the nominal capacity.</summary>
    public double SohPercent => 100.0 * CapacityAh / NominalAh;
}
