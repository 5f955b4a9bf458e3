using Consortium.Contracts.Ledger;
using Consortium.Fl.Contribution;

namespace Consortium.Node.Federation.Coordinator;

/// <summary>How the coordinator runs rounds. What a round pays is not among them: the members set it on chain (the round's reward cap).</summary>
/// <param name="LocalEpochs">Passes over each member's training windows per round.</param>
/// <param name="Seed">Base seed; round r trains with seed + r.</param>
/// <param name="TrainTimeout">How long a member may take to train.</param>
/// <param name="EvaluateTimeout">How long a member may take to evaluate.</param>
/// <param name="RoundDeadline">Commit deadline written on chain when a round opens.</param>
/// <param name="SampleFraction">Share of the active members asked to train each round (at least one, at least the quorum).</param>
/// <param name="Quorum">Valid updates a round needs to change the model; with fewer it closes with the model unchanged.</param>
/// <param name="Shapley">How contributions are estimated (exact up to a member count, sampled above); the seed is set per round.</param>
/// <param name="Scoring">Shapley values (default) or leave-one-out, the cheap fallback.</param>
/// <param name="NormBound">Largest L2 norm of an update's change to the global model; larger ones are excluded as malicious.</param>
public sealed record CoordinatorOptions(
    int LocalEpochs,
    long Seed,
    TimeSpan TrainTimeout,
    TimeSpan EvaluateTimeout,
    TimeSpan RoundDeadline,
    double SampleFraction = 1.0,
    int Quorum = 1,
    double? NormBound = null,
    ShapleyOptions? Shapley = null,
    ScoringMethod Scoring = ScoringMethod.Shapley)
{
    /// <summary>
    /// How a plain round's pool is shared: the served rule (default: each member valued on every member's own validation
    /// data, a floor for members passing the free-rider and poisoner checks) or the earlier pooled rule.
    /// </summary>
    public RewardRule RewardRule { get; init; } = RewardRule.Served;

    /// <summary>The federated task this coordinator's rounds train, written on chain with each round.</summary>
    public FederatedTask Task { get; init; } = FederatedTask.LoadForecast;

    /// <summary>The served rule's floor and checks (used when <see cref="RewardRule"/> is <see cref="RewardRule.Served"/>).</summary>
    public ServedRewardOptions ServedReward { get; init; } = new();

    /// <summary>
    /// Whether rounds are secure: members keep their updates and send them only masked, and the coordinator learns their
    /// weighted sum (<see cref="Network.SecureAggregation.SecureAggregationServer"/>).
    /// </summary>
    public bool SecureAggregation { get; init; }

    /// <summary>In secure rounds, the L2 bound each member clips its update's change to, itself.</summary>
    public double ClipNorm { get; init; } = 10.0;

    /// <summary>
    /// In secure rounds, distributed DP: the members add shares of Gaussian noise so that the sum carries σ·<see cref="ClipNorm"/>
    /// once; null for none.
    /// </summary>
    public SumPrivacy? SumPrivacy { get; init; }

    /// <summary>In secure rounds, called with each member's index once its masked input arrived (the demo's <c>--drop</c> stops a node there).</summary>
    public Func<RemoteMember, Task>? AfterMaskedInput { get; init; }

    /// <summary>In secure rounds, called once the sum is formed, before the round is finalized (the demo starts stopped nodes again there).</summary>
    public Func<Task>? AfterSecureSum { get; init; }

    /// <summary>How often a training call that finds a member's node unreachable is tried again, a few seconds apart, before the member is left out.</summary>
    public int UnavailableRetries { get; init; } = 2;

    /// <summary>The wait between such tries.</summary>
    public TimeSpan UnavailableRetryDelay { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Shapley estimation options in force.</summary>
    public ShapleyOptions ShapleyOrDefault => Shapley ?? new ShapleyOptions();

    /// <summary>Throws for options no consortium could run with.</summary>
    public void Validate()
    {
        if (LocalEpochs < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(LocalEpochs), LocalEpochs, "At least one local epoch is needed.");
        }

        if (!(SampleFraction > 0 && SampleFraction <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(SampleFraction), SampleFraction, "The sample fraction must be in (0, 1].");
        }

        if (Quorum < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Quorum), Quorum, "The quorum must be at least one update.");
        }

        if (SumPrivacy is not null && !SecureAggregation)
        {
            throw new ArgumentException("DP on the secure sum needs secure aggregation: without it every member's update reaches the coordinator; use the members' own DP (--dp-epsilon on run).", nameof(SumPrivacy));
        }

        ArgumentNullException.ThrowIfNull(ServedReward);
        ServedReward.Validate();
        if (TrainTimeout <= TimeSpan.Zero || EvaluateTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(TrainTimeout), "Timeouts must be positive.");
        }
    }
}
