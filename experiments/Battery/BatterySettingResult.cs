using System.Text.Json.Serialization;

namespace Consortium.Experiments.Battery;

/// <summary>One setting's test errors per member (percentage points of state of health) and their mean.</summary>
public sealed class BatterySettingResult
{
    /// <summary>local-only, centralized, federated, federated-personalized, attack, newcomer-zero-shot, newcomer-fine-tuned, newcomer-all-cells.</summary>
    [JsonPropertyName("setting")]
    public required string Setting { get; init; }

    /// <summary>Which model the setting trained: "estimator" (state of health now) or "forecaster" (state of health 50, 100 and 200 cycles ahead).</summary>
    [JsonPropertyName("model")]
    public string Model { get; init; } = BatteryModels.Estimator;

    /// <summary>The strategy (fedavg, fedprox, fedadam, fedyogi), or null for a setting without rounds.</summary>
    [JsonPropertyName("strategy")]
    public string? Strategy { get; init; }

    /// <summary>The aggregation rule (mean, median, trimmed-mean, multi-krum), or null.</summary>
    [JsonPropertyName("aggregator")]
    public string? Aggregator { get; init; }

    /// <summary>The attack ("sign-flip x5 by TJU"), or null.</summary>
    [JsonPropertyName("attack")]
    public string? Attack { get; init; }

    /// <summary>For the newcomer settings, the member left out.</summary>
    [JsonPropertyName("newcomer")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Newcomer { get; init; }

    /// <summary>
    /// Test errors per member evaluated: for the estimator over every test cycle, for the forecaster over every
    /// forecast of every horizon whose cycle the test cell has (<see cref="Horizons"/> has them per horizon).
    /// </summary>
    [JsonPropertyName("members")]
    public required Dictionary<string, BatteryErrors> Members { get; init; }

    /// <summary>The members' errors averaged (each member weighs the same).</summary>
    [JsonPropertyName("mean")]
    public BatteryErrors Mean => new(
        Members.Values.Average(e => e.Mae), Members.Values.Average(e => e.Rmse), Members.Values.Average(e => e.Mape));

    /// <summary>For the forecaster, test errors per horizon (cycles ahead, "50", "100", "200"); null for the estimator.</summary>
    [JsonPropertyName("horizons")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Dictionary<string, BatteryHorizonResult>? Horizons { get; init; }

    /// <summary>
    /// For the trained forecasters, per horizon ("50", "100", "200") and chemistry, the fade per equivalent full cycle
    /// over the test cells, forecast and measured; null otherwise.
    /// </summary>
    [JsonPropertyName("fadePerCycle")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Dictionary<string, Dictionary<string, BatteryFadeRate>>? FadePerCycle { get; init; }

    /// <summary>Seconds the setting took.</summary>
    [JsonPropertyName("seconds")]
    public double Seconds { get; init; }

    /// <summary>The setting as a short label for tables and plots.</summary>
    [JsonIgnore]
    public string Label => string.Join(" ", new[] { Model == BatteryModels.Estimator ? null : Model, Setting, Strategy, Aggregator is null or "mean" ? null : Aggregator, Attack is null ? null : "attacked", Newcomer }.Where(p => p is not null));
}

/// <summary>Test errors in percentage points of state of health.</summary>
/// <param name="Mae">Mean absolute error.</param>
/// <param name="Rmse">Root mean squared error.</param>
/// <param name="Mape">Mean absolute percentage error (percent of the measured state of health).</param>
public sealed record BatteryErrors(
    [property: JsonPropertyName("mae")] double Mae,
    [property: JsonPropertyName("rmse")] double Rmse,
    [property: JsonPropertyName("mape")] double Mape);
