using System.Text.Json.Serialization;

namespace Consortium.Node.Reporting;

/// <summary>
/// The demo's dispatch event: the target, how well the operators' allocations track it, each participating operator's
/// commitment, delivery and settlement on chain, and the operators that declined it. Figures marked operator-reported come
/// from each operator's own replay of its vehicles and cannot be checked by the coordinator. Filled from the runner's
/// outcome by the demo's <c>DispatchReporter</c>.
/// </summary>
public sealed class DispatchSection
{
    [JsonPropertyName("eventId")]
    public ulong EventId { get; set; }

    /// <summary>Keccak-256 of the grid party's request in canonical form (what the event was opened for on chain).</summary>
    [JsonPropertyName("requestHash")]
    public string RequestHash { get; set; } = string.Empty;

    [JsonPropertyName("requestId")]
    public string RequestId { get; set; } = string.Empty;

    /// <summary>The address the request's signature recovers to.</summary>
    [JsonPropertyName("gridParty")]
    public string GridParty { get; set; } = string.Empty;

    /// <summary>The grid party's signed request document (FlexibilityRequestCodec JSON), from which the target and the hash are recomputed.</summary>
    [JsonPropertyName("signedRequest")]
    public string SignedRequest { get; set; } = string.Empty;

    [JsonPropertyName("openTxHash")]
    public string OpenTxHash { get; set; } = string.Empty;

    [JsonPropertyName("settleTxHash")]
    public string SettleTxHash { get; set; } = string.Empty;

    /// <summary>Vehicles over the operators that took part (what the demo started their nodes with; the coordinator never sees them).</summary>
    [JsonPropertyName("evs")]
    public int Evs { get; set; }

    /// <summary>Where the operator nodes drew their fleets from (what the demo started them with).</summary>
    [JsonPropertyName("fleetSource")]
    public string FleetSource { get; set; } = string.Empty;

    /// <summary>Operators that took part: committed, delivered and were settled (one entry each in <see cref="PerOperator"/>).</summary>
    [JsonPropertyName("operators")]
    public int OperatorCount { get; set; }

    /// <summary>Operators asked to take part: those in <see cref="PerOperator"/> and those in <see cref="Declined"/>.</summary>
    [JsonPropertyName("operatorsAsked")]
    public int OperatorsAsked { get; set; }

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

    /// <summary>Steps where the plan cleared was ADMM's aggregate rather than the target (a converged ADMM settled clearly short of it).</summary>
    [JsonPropertyName("planAdjustedSteps")]
    public int PlanAdjustedSteps { get; set; }

    /// <summary>Wall-clock seconds of ADMM and the step-by-step clearing over gRPC.</summary>
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

    /// <summary>Gas of the openDispatch transaction.</summary>
    [JsonPropertyName("openGasUsed")]
    public long OpenGasUsed { get; set; }

    /// <summary>Gas of the settleDispatch transaction.</summary>
    [JsonPropertyName("settleGasUsed")]
    public long SettleGasUsed { get; set; }

    /// <summary>Tokens minted at settlement, as the ledger holds it, in token base units.</summary>
    [JsonPropertyName("totalRewardsWei")]
    public string TotalRewardsWei { get; set; } = "0";

    /// <summary>Tokens slashed at settlement, as the ledger holds it, in token base units.</summary>
    [JsonPropertyName("totalPenaltiesWei")]
    public string TotalPenaltiesWei { get; set; } = "0";

    [JsonPropertyName("uncontrolledKw")]
    public double[] UncontrolledKw { get; set; } = [];

    [JsonPropertyName("targetKw")]
    public double[] TargetKw { get; set; } = [];

    [JsonPropertyName("aggregateKw")]
    public double[] AggregateKw { get; set; } = [];

    [JsonPropertyName("perOperator")]
    public List<DispatchOperatorSection> PerOperator { get; set; } = [];

    /// <summary>Operators that sat the event out, each with its reason and its decline on chain.</summary>
    [JsonPropertyName("declined")]
    public List<DispatchDeclineSection> Declined { get; set; } = [];
}
