using System.Text.Json.Serialization;

namespace Consortium.Node.Reporting;

/// <summary>
/// The demo's dispatch event: the target, how well the operators' allocations track it, and each operator's commitment,
/// delivery and settlement on chain. Figures marked operator-reported come from each operator's own replay of its
/// vehicles and cannot be checked by the coordinator.
/// </summary>
public sealed class DispatchSection
{
    [JsonPropertyName("eventId")]
    public ulong EventId { get; set; }

    /// <summary>Placeholder: keccak-256 of the target's JSON until requests are signed by the grid party.</summary>
    [JsonPropertyName("requestHash")]
    public string RequestHash { get; set; } = string.Empty;

    [JsonPropertyName("openTxHash")]
    public string OpenTxHash { get; set; } = string.Empty;

    [JsonPropertyName("settleTxHash")]
    public string SettleTxHash { get; set; } = string.Empty;

    /// <summary>Vehicles over all operators (what the demo started the nodes with; the coordinator never sees them).</summary>
    [JsonPropertyName("evs")]
    public int Evs { get; set; }

    [JsonPropertyName("operators")]
    public int OperatorCount { get; set; }

    [JsonPropertyName("intervals")]
    public int Intervals { get; set; }

    [JsonPropertyName("stepMinutes")]
    public double StepMinutes { get; set; }

    /// <summary>RMSE of allocated aggregate − target over the mean absolute target.</summary>
    [JsonPropertyName("trackingError")]
    public double TrackingError { get; set; }

    [JsonPropertyName("maxDeviationKw")]
    public double MaxDeviationKw { get; set; }

    /// <summary>RMSE of metered aggregate (as mean kW per step) − target over the mean absolute target.</summary>
    [JsonPropertyName("meteredTrackingError")]
    public double MeteredTrackingError { get; set; }

    [JsonPropertyName("iterations")]
    public int Iterations { get; set; }

    [JsonPropertyName("realizations")]
    public int Realizations { get; set; }

    /// <summary>Wall-clock seconds of ADMM and realization over gRPC.</summary>
    [JsonPropertyName("solveSeconds")]
    public double SolveSeconds { get; set; }

    [JsonPropertyName("converged")]
    public bool Converged { get; set; }

    /// <summary>Operator-reported, summed.</summary>
    [JsonPropertyName("socFloorViolations")]
    public int SocFloorViolations { get; set; }

    /// <summary>Operator-reported, summed.</summary>
    [JsonPropertyName("departureShortfallKWh")]
    public double DepartureShortfallKwh { get; set; }

    /// <summary>Mean of the operators' own Jain indices of discharge (indices of separate fleets do not pool into one).</summary>
    [JsonPropertyName("jainFairness")]
    public double JainFairness { get; set; }

    [JsonPropertyName("peakKwBefore")]
    public double PeakKwBefore { get; set; }

    [JsonPropertyName("peakKwTarget")]
    public double PeakKwTarget { get; set; }

    [JsonPropertyName("rewardWeiPerKwh")]
    public string RewardWeiPerKwh { get; set; } = "0";

    [JsonPropertyName("penaltyWeiPerKwh")]
    public string PenaltyWeiPerKwh { get; set; } = "0";

    [JsonPropertyName("relativeTolerance")]
    public double RelativeTolerance { get; set; }

    [JsonPropertyName("absoluteToleranceKWh")]
    public double AbsoluteToleranceKwh { get; set; }

    [JsonPropertyName("seconds")]
    public double Seconds { get; set; }

    [JsonPropertyName("uncontrolledKw")]
    public double[] UncontrolledKw { get; set; } = [];

    [JsonPropertyName("targetKw")]
    public double[] TargetKw { get; set; } = [];

    [JsonPropertyName("aggregateKw")]
    public double[] AggregateKw { get; set; } = [];

    [JsonPropertyName("perOperator")]
    public List<DispatchOperatorSection> PerOperator { get; set; } = [];
}
