using Consortium.Data.BatteryAgeing;

namespace Consortium.Experiments.Battery;

/// <summary>What the battery experiment measured: every setting's results, each member's test cells, and the models behind the plotted settings.</summary>
/// <param name="Settings">The estimator settings' results, in the order run.</param>
/// <param name="TestCells">Each member's held-out cells.</param>
/// <param name="Models">Per setting label, each member's trained parameters.</param>
/// <param name="Options">The options it ran with.</param>
public sealed record BatteryExperimentResults(
    IReadOnlyList<BatterySettingResult> Settings,
    IReadOnlyList<(string Member, IReadOnlyList<BatteryCell> Cells)> TestCells,
    IReadOnlyDictionary<string, Dictionary<string, float[]>> Models,
    BatteryExperimentOptions Options)
{
    /// <summary>The capacity-fade forecaster's settings and its naive baselines, in the order run.</summary>
    public IReadOnlyList<BatterySettingResult> Forecasts { get; init; } = [];
}
