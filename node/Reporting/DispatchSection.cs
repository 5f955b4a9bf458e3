using System.Numerics;
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
    /// <summary>The event's id on the dispatch ledger.</summary>
    [JsonPropertyName("eventId")]
    public ulong EventId { get; set; }

    /// <summary>Keccak-256 of the grid party's request in canonical form (what the event was opened for on chain).</summary>
    [JsonPropertyName("requestHash")]
    public Hash32 RequestHash { get; set; }

    /// <summary>The grid party's own id of the request.</summary>
    [JsonPropertyName("requestId")]
    public string RequestId { get; set; } = string.Empty;

    /// <summary>The address the request's signature recovers to.</summary>
    [JsonPropertyName("gridParty")]
    public ChainAddress GridParty { get; set; }

    /// <summary>The grid party's signed request document (FlexibilityRequestCodec JSON), from which the target and the hash are recomputed.</summary>
    [JsonPropertyName("signedRequest")]
    public string SignedRequest { get; set; } = string.Empty;

    /// <summary>The coordinator's openDispatch transaction.</summary>
    [JsonPropertyName("openTxHash")]
    public Hash32 OpenTxHash { get; set; }

    /// <summary>The coordinator's settleDispatch transaction.</summary>
    [JsonPropertyName("settleTxHash")]
    public Hash32 SettleTxHash { get; set; }

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

    /// <summary>Steps of the request's horizon.</summary>
    [JsonPropertyName("intervals")]
    public int Intervals { get; set; }

    /// <summary>Minutes per step.</summary>
    [JsonPropertyName("stepMinutes")]
    public double StepMinutes { get; set; }

    /// <summary>RMSE of allocated aggregate − target over the mean absolute target.</summary>
    [JsonPropertyName("trackingError")]
    public double TrackingError { get; set; }

    /// <summary>Largest deviation of the allocated aggregate from the target at any step, kW.</summary>
    [JsonPropertyName("maxDeviationKw")]
    public double MaxDeviationKw { get; set; }

    /// <summary>RMSE of metered aggregate (as mean kW per step) − target over the mean absolute target.</summary>
    [JsonPropertyName("meteredTrackingError")]
    public double MeteredTrackingError { get; set; }

    /// <summary>ADMM iterations over gRPC before the clearing (0 when nobody took part).</summary>
    [JsonPropertyName("iterations")]
    public int Iterations { get; set; }

    /// <summary>Steps where the plan cleared was ADMM's aggregate rather than the target (a converged ADMM settled clearly short of it).</summary>
    [JsonPropertyName("planAdjustedSteps")]
    public int PlanAdjustedSteps { get; set; }

    /// <summary>Wall-clock seconds of ADMM and the step-by-step clearing over gRPC.</summary>
    [JsonPropertyName("solveSeconds")]
    public double SolveSeconds { get; set; }

    /// <summary>Whether ADMM met its residual tolerances before its iteration limit.</summary>
    [JsonPropertyName("converged")]
    public bool Converged { get; set; }

    /// <summary>The exact stage's prices and proved bounds (absent when it did not run, and from reports written before it was reported).</summary>
    [JsonPropertyName("exactStage")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ExactStageSection? ExactStage { get; set; }

    /// <summary>The day as it was dispatched intraday (absent for an event cleared in advance).</summary>
    [JsonPropertyName("intraday")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IntradaySection? Intraday { get; set; }

    /// <summary>The consortium's day-ahead offer and the request checked against it (absent when an operator made no offer).</summary>
    [JsonPropertyName("offer")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public OfferSection? Offer { get; set; }

    /// <summary>Operator-reported, summed.</summary>
    [JsonPropertyName("socFloorViolations")]
    public int SocFloorViolations { get; set; }

    /// <summary>Operator-reported, summed.</summary>
    [JsonPropertyName("departureShortfallKWh")]
    public double DepartureShortfallKwh { get; set; }

    /// <summary>Mean of the operators' own Jain indices of discharge (indices of separate fleets do not pool into one).</summary>
    [JsonPropertyName("jainFairness")]
    public double JainFairness { get; set; }

    /// <summary>Evening peak of <see cref="UncontrolledKw"/>, kW.</summary>
    [JsonPropertyName("peakKwBefore")]
    public double PeakKwBefore { get; set; }

    /// <summary>Evening peak of <see cref="TargetKw"/>, kW.</summary>
    [JsonPropertyName("peakKwTarget")]
    public double PeakKwTarget { get; set; }

    /// <summary>The settlement rule's reward per kWh tracked, in token base units.</summary>
    [JsonPropertyName("rewardWeiPerKwh")]
    public BigInteger RewardWeiPerKwh { get; set; }

    /// <summary>The settlement rule's penalty per kWh of excess deviation, in token base units.</summary>
    [JsonPropertyName("penaltyWeiPerKwh")]
    public BigInteger PenaltyWeiPerKwh { get; set; }

    /// <summary>The settlement rule's tolerance on the deviation from the allocation, as a fraction of it.</summary>
    [JsonPropertyName("relativeTolerance")]
    public double RelativeTolerance { get; set; }

    /// <summary>The settlement rule's smallest tolerance, kWh.</summary>
    [JsonPropertyName("absoluteToleranceKWh")]
    public double AbsoluteToleranceKwh { get; set; }

    /// <summary>Wall-clock seconds of the whole event, from the surveys to the settlement.</summary>
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
    public BigInteger TotalRewardsWei { get; set; }

    /// <summary>Tokens slashed at settlement, as the ledger holds it, in token base units.</summary>
    [JsonPropertyName("totalPenaltiesWei")]
    public BigInteger TotalPenaltiesWei { get; set; }

    /// <summary>The surveyed fleets' aggregate charging at full power from arrival, kW per step (operator-reported, in aggregate only).</summary>
    [JsonPropertyName("uncontrolledKw")]
    public double[] UncontrolledKw { get; set; } = [];

    /// <summary>The grid party's target per step, kW.</summary>
    [JsonPropertyName("targetKw")]
    public double[] TargetKw { get; set; } = [];

    /// <summary>The operators' allocated aggregate per step, kW.</summary>
    [JsonPropertyName("aggregateKw")]
    public double[] AggregateKw { get; set; } = [];

    /// <summary>Each operator that took part, in the order they were asked.</summary>
    [JsonPropertyName("perOperator")]
    public List<DispatchOperatorSection> PerOperator { get; set; } = [];

    /// <summary>Operators that sat the event out, each with its reason and its decline on chain.</summary>
    [JsonPropertyName("declined")]
    public List<DispatchDeclineSection> Declined { get; set; } = [];
}
