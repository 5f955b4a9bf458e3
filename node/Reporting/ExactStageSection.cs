using System.Text.Json.Serialization;
using Consortium.Dispatch;

namespace Consortium.Node.Reporting;

/// <summary>
/// The dispatch event's exact stage (the dispatch by prices over gRPC): how many prices the coordinator posted, why it
/// stopped, and the bounds it proved on the optimum of the event's linear programme.
/// </summary>
public sealed class ExactStageSection
{
    /// <summary>Prices posted to the operators.</summary>
    [JsonPropertyName("prices")]
    public int Prices { get; set; }

    /// <summary>Why it stopped: gap, optimal, time limit, iteration limit or cancelled.</summary>
    [JsonPropertyName("stop")]
    public string Stop { get; set; } = "";

    /// <summary>The best Lagrangian bound: no dispatch of the event costs less.</summary>
    [JsonPropertyName("lowerBound")]
    public double LowerBound { get; set; }

    /// <summary>The cost of the master's final mix of the operators' answers.</summary>
    [JsonPropertyName("upperBound")]
    public double UpperBound { get; set; }

    /// <summary>(upper − lower bound) / |upper bound|: how far the mix can be from the optimum.</summary>
    [JsonPropertyName("gap")]
    public double Gap { get; set; }

    /// <summary>Wall-clock seconds of the stage.</summary>
    [JsonPropertyName("seconds")]
    public double Seconds { get; set; }

    /// <summary>The section for <paramref name="pricing"/>, or null without one.</summary>
    public static ExactStageSection? Of(PriceOutcome? pricing) => pricing is null ? null : new()
    {
        Prices = pricing.Iterations,
        Stop = pricing.Stop.ToString(),
        LowerBound = pricing.LowerBound,
        UpperBound = pricing.UpperBound,
        Gap = pricing.Gap,
        Seconds = pricing.Seconds,
    };
}
