using System.Text.Json.Serialization;

namespace Consortium.Experiments.Battery;

/// <summary>One forecast horizon's test errors per member and their mean.</summary>
public sealed class BatteryHorizonResult
{
    /// <summary>Test errors per member evaluated, over the forecasts whose cycle the test cell has.</summary>
    [JsonPropertyName("members")]
    public required Dictionary<string, BatteryErrors> Members { get; init; }

    /// <summary>The members' errors averaged (each member weighs the same).</summary>
    [JsonPropertyName("mean")]
    public BatteryErrors Mean => new(
        Members.Values.Average(e => e.Mae), Members.Values.Average(e => e.Rmse), Members.Values.Average(e => e.Mape));
}
