using System.Text.Json.Serialization;

namespace Consortium.Node.Reporting;

/// <summary>
/// The dispatch event run intraday: every step each operator re-planned from the vehicles plugged in and the arrivals it
/// forecasts, the consortium priced the steps left over gRPC, and each operator committed the step.
/// </summary>
public sealed class IntradaySection
{
    /// <summary>Steps re-planned and committed.</summary>
    [JsonPropertyName("steps")]
    public int Steps { get; set; }

    /// <summary>Mean wall clock of a step's re-plan over gRPC, seconds.</summary>
    [JsonPropertyName("meanReplanSeconds")]
    public double MeanReplanSeconds { get; set; }

    /// <summary>The longest re-plan, seconds.</summary>
    [JsonPropertyName("maxReplanSeconds")]
    public double MaxReplanSeconds { get; set; }

    /// <summary>Most vehicles plugged in at one step, over every operator.</summary>
    [JsonPropertyName("maxPluggedIn")]
    public int MaxPluggedIn { get; set; }
}
