using Consortium.Contracts.Chain;
using Consortium.Fl.Contribution;
using Consortium.Fl.Models;
using Consortium.Fl.Strategies;
using Consortium.Node.DispatchEvents.Participant;

namespace Consortium.Node.Demo;

/// <summary>Options of the <c>demo</c> verb.</summary>
/// <param name="Operators">Operator nodes to start.</param>
/// <param name="Rounds">Federated rounds to run.</param>
/// <param name="LocalEpochs">Local epochs per round.</param>
/// <param name="DataDir">Where the nodes' stores and artifacts are written (kept after the run).</param>
/// <param name="RpcUrl">A JSON-RPC chain to use instead of starting anvil.</param>
/// <param name="Chain">Chain id to sign for (read from the chain when absent), fee policy and confirmations to wait for.</param>
/// <param name="DeployerKey">Funded key that deploys the contracts and coordinates (anvil's first dev key by default).</param>
/// <param name="ReportPath">Where to write the JSON report, if anywhere.</param>
/// <param name="Seed">Seed of the initial model and of training.</param>
/// <param name="WindowStride">Hours between consecutive forecast windows (1 uses every hour).</param>
/// <param name="SampleFraction">Share of the members asked to train each round.</param>
/// <param name="Quorum">Valid updates a round needs to change the model.</param>
/// <param name="RoundTimeout">How long members have to train in a round.</param>
/// <param name="Strategy">How updates are combined (strategy and aggregation rule).</param>
/// <param name="PrivacyEpsilon">Each member's ε budget for client-side differential privacy (none when null), spread over the demo's rounds.</param>
/// <param name="Model">The forecast model every member trains.</param>
/// <param name="Scoring">How contributions are scored.</param>
/// <param name="NormBound">Largest accepted L2 norm of an update's change; larger ones are excluded as malicious.</param>
/// <param name="DispatchEvs">Vehicles each operator node serves in the dispatch event run after training.</param>
/// <param name="SkipDispatch">Whether to leave out the dispatch event.</param>
/// <param name="DispatchFleet">Where the operator nodes draw their fleets from: their own sites' sessions, or synthetic.</param>
public sealed record DemoOptions(
    int Operators,
    int Rounds,
    int LocalEpochs,
    string DataDir,
    string? RpcUrl,
    ChainConnectionOptions Chain,
    string? DeployerKey,
    string? ReportPath,
    long Seed,
    int WindowStride = 1,
    double SampleFraction = 1.0,
    int Quorum = 1,
    TimeSpan? RoundTimeout = null,
    StrategyConfiguration? Strategy = null,
    double? NormBound = null,
    double? PrivacyEpsilon = null,
    ForecastModelKind Model = ForecastModelKind.Gru,
    ScoringMethod Scoring = ScoringMethod.Shapley,
    int DispatchEvs = DemoOptions.DefaultDispatchEvs,
    bool SkipDispatch = false,
    OperatorFleetSource DispatchFleet = OperatorFleetSource.Sessions)
{
    /// <summary>Vehicles per operator in the demo's dispatch event unless told otherwise.</summary>
    public const int DefaultDispatchEvs = 2000;

    /// <summary>
    /// The day the demo dispatches unless told otherwise: a Wednesday among the load forecast's test days (its model never
    /// trained on it), so the operators forecast it as they would tomorrow.
    /// </summary>
    public static readonly DateOnly DefaultDispatchDate = new(2018, 8, 15);

    /// <summary>
    /// The calendar day the operators' fleets are (<c>--dispatch-date</c>), from their own sessions of that day, or null for
    /// days drawn from their sessions' profile (always null with synthetic fleets).
    /// </summary>
    public DateOnly? DispatchDate { get; init; } = DefaultDispatchDate;

    /// <summary>
    /// Battery-health rounds the demo's three automakers (one per lab of the bundled battery table) run after the forecast
    /// rounds; 0 leaves the automakers out.
    /// </summary>
    public int BatteryRounds { get; init; } = 3;

    /// <summary>Local epochs per battery-health round (and of each automaker's fine-tuning of the final model on its own cells).</summary>
    public int BatteryEpochs { get; init; } = 5;

    /// <summary>
    /// Whether the dispatch event runs intraday, as the day happens (each step re-planned from the vehicles plugged in,
    /// committed, and logged on chain), as it would in operation; false clears the whole day in advance.
    /// </summary>
    public bool Intraday { get; init; } = true;

    /// <summary>Whether rounds are secure: the coordinator learns only the sum of the operators' masked updates.</summary>
    public bool SecureAggregation { get; init; }

    /// <summary>In secure rounds, the L2 bound each operator clips its update's change to.</summary>
    public double ClipNorm { get; init; } = 10.0;

    /// <summary>Operator nodes stopped in the first round right after their masked input arrived, and started again after it (secure rounds only).</summary>
    public int Drop { get; init; }

    /// <summary>With secure aggregation and <see cref="PrivacyEpsilon"/>, m_min of DP on the secure sum; null for one fewer than the operators asked.</summary>
    public int? DpMinMembers { get; init; }

    /// <summary>How each plain round's pool is shared: the served rule (default) or the earlier pooled rule.</summary>
    public RewardRule RewardRule { get; init; } = RewardRule.Served;

    /// <summary>Under the served rule, the share of each round's pool paid in equal parts to the members that pass the free-rider and poisoner checks.</summary>
    public double RewardFloor { get; init; } = new ServedRewardOptions().Floor;
}
