using System.Text.Json.Serialization;

namespace Consortium.Node.Reporting;

/// <summary>
/// The final battery-health model on each automaker's test cells, in percentage points of state of health: the estimator
/// shared as the consortium finalized it and fine-tuned by each automaker on its own training cells, and the shared
/// fade forecaster.
/// </summary>
public sealed class BatteryTestSection
{
    /// <summary>Each automaker's errors, by name.</summary>
    [JsonPropertyName("perAutomaker")]
    public Dictionary<string, SohErrorsSection> PerAutomaker { get; set; } = [];

    /// <summary>The errors over every automaker's test cycles pooled.</summary>
    [JsonPropertyName("pooled")]
    public SohErrorsSection Pooled { get; set; } = new();
}

/// <summary>State-of-health errors over a set of cycles, percentage points.</summary>
public sealed class SohErrorsSection
{
    /// <summary>Mean absolute error.</summary>
    [JsonPropertyName("mae")]
    public double Mae { get; set; }

    /// <summary>Root mean squared error.</summary>
    [JsonPropertyName("rmse")]
    public double Rmse { get; set; }

    /// <summary>Mean absolute error of the shared model after the automaker fine-tuned it on its own training cells.</summary>
    [JsonPropertyName("fineTunedMae")]
    public double FineTunedMae { get; set; }

    /// <summary>Root mean squared error of the fine-tuned model.</summary>
    [JsonPropertyName("fineTunedRmse")]
    public double FineTunedRmse { get; set; }

    /// <summary>The same errors of the training-mean estimate (every cycle at the mean state of health of the training cells).</summary>
    [JsonPropertyName("trainingMeanRmse")]
    public double TrainingMeanRmse { get; set; }

    /// <summary>Mean absolute error of the shared forecaster's states of health 50, 100 and 200 cycles ahead, over every horizon the test cells measured.</summary>
    [JsonPropertyName("forecastMae")]
    public double ForecastMae { get; set; }

    /// <summary>Test cycles.</summary>
    [JsonPropertyName("cycles")]
    public long Cycles { get; set; }
}
