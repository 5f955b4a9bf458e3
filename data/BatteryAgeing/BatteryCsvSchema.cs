namespace Consortium.Data.BatteryAgeing;

/// <summary>
/// Where the cycle fields are in a CSV file: header names (matched trimmed, ignoring case), the delimiter and the
/// decimal separator. <see cref="Shared"/> is the bundled three-lab table.
/// </summary>
/// <param name="CellColumn">The cell identifier.</param>
/// <param name="CycleColumn">The cycle number (whole, from 1).</param>
/// <param name="CapacityColumn">The capacity discharged in the cycle (Ah).</param>
/// <param name="NominalColumn">The cell's nominal capacity (Ah).</param>
/// <param name="FeatureColumns">The charge-curve features, in the order models read them.</param>
/// <param name="SourceColumn">The lab or member, when the file holds several; null when it does not.</param>
/// <param name="ChemistryColumn">The cathode chemistry; null when the file does not say.</param>
/// <param name="Delimiter">The field delimiter.</param>
/// <param name="DecimalSeparator">'.' or ','.</param>
public sealed record BatteryCsvSchema(
    string CellColumn,
    string CycleColumn,
    string CapacityColumn,
    string NominalColumn,
    IReadOnlyList<string> FeatureColumns,
    string? SourceColumn = null,
    string? ChemistryColumn = null,
    char Delimiter = ',',
    char DecimalSeparator = '.')
{
    /// <summary>The 16 charge-curve features of the bundled table, in its order.</summary>
    public static IReadOnlyList<string> ChargeCurveFeatures { get; } =
    [
        "voltage_mean", "voltage_std", "voltage_kurtosis", "voltage_skewness", "CC_Q", "CC_charge_time", "voltage_slope",
        "voltage_entropy", "current_mean", "current_std", "current_kurtosis", "current_skewness", "CV_Q", "CV_charge_time",
        "current_slope", "current_entropy",
    ];

    /// <summary>The bundled table (data/battery/cells_per_cycle.csv.gz).</summary>
    public static BatteryCsvSchema Shared { get; } =
        new("cell_id", "cycle", "capacity_Ah", "nominal_Ah", ChargeCurveFeatures, SourceColumn: "source", ChemistryColumn: "chemistry");
}
