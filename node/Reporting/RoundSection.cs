using Consortium.Contracts.Ledger;
using System.Numerics;
using System.Text.Json.Serialization;

namespace Consortium.Node.Reporting;

/// <summary>
/// One training round as the coordinator ran it: the models it started from and ended with, each member's update and
/// its commitment on chain, exclusions, scores and rewards, and what it cost. Maps keyed by member are keyed by address.
/// </summary>
public sealed class RoundSection
{
    /// <summary>The round's id on the round ledger.</summary>
    [JsonPropertyName("round")]
    public long Round { get; set; }

    /// <summary>The federated task the round trained, as the chain records it (RoundOpened).</summary>
    [JsonPropertyName("task")]
    [JsonConverter(typeof(JsonStringEnumConverter<FederatedTask>))]
    public FederatedTask Task { get; set; } = FederatedTask.LoadForecast;

    /// <summary>Keccak-256 of the global model the round was opened with (RoundOpened on chain).</summary>
    [JsonPropertyName("openedModelHash")]
    public Hash32 OpenedModelHash { get; set; }

    /// <summary>Keccak-256 of the aggregated model the round was finalized with (RoundFinalized on chain).</summary>
    [JsonPropertyName("globalModelHash")]
    public Hash32 GlobalModelHash { get; set; }

    /// <summary>Keccak-256 of each member's update, as it committed it on chain.</summary>
    [JsonPropertyName("updateHashes")]
    public Dictionary<ChainAddress, Hash32> UpdateHashes { get; set; } = [];

    /// <summary>Each member's commit transaction.</summary>
    [JsonPropertyName("commitTxHashes")]
    public Dictionary<ChainAddress, Hash32> CommitTxHashes { get; set; } = [];

    /// <summary>The members asked to train in the round, drawn with the seed the ledger fixed.</summary>
    [JsonPropertyName("sampled")]
    public List<ChainAddress> Sampled { get; set; } = [];

    /// <summary>Whether enough members delivered for the round to be aggregated; below quorum it finalizes without a model or rewards.</summary>
    [JsonPropertyName("quorumReached")]
    public bool QuorumReached { get; set; } = true;

    /// <summary>Members the coordinator excluded from the round, each with "Reason: detail" (NotDelivered, Invalid or Malicious).</summary>
    [JsonPropertyName("excluded")]
    public Dictionary<ChainAddress, string> Excluded { get; set; } = [];

    /// <summary>The coordinator's transactions in the round, in order.</summary>
    [JsonPropertyName("txHashes")]
    public List<Hash32> TxHashes { get; set; } = [];

    /// <summary>Gas of the coordinator's transactions in the round, summed (the same as <see cref="GasSection.Coordinator"/>).</summary>
    [JsonPropertyName("gasUsed")]
    public long GasUsed { get; set; }

    /// <summary>Each scored member's contribution score, as a real number (the ledger holds it in fixed point).</summary>
    [JsonPropertyName("scores")]
    public Dictionary<ChainAddress, double> Scores { get; set; } = [];

    /// <summary>Each scored member's reward from the round's pool, in token base units.</summary>
    [JsonPropertyName("rewards")]
    public Dictionary<ChainAddress, BigInteger> Rewards { get; set; } = [];

    /// <summary>Under the served reward rule, each scored member's verdict, served score and values per validator (absent under the pooled rule and in secure rounds).</summary>
    [JsonPropertyName("served")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Dictionary<ChainAddress, ServedSection>? Served { get; set; }

    /// <summary>How contributions were scored: shapley-exact, shapley-sampled or leave-one-out (under either reward rule; <see cref="Served"/> is present under the served rule).</summary>
    [JsonPropertyName("scoring")]
    public string Scoring { get; set; } = string.Empty;

    /// <summary>Models evaluated to score the round (coalitions for Shapley).</summary>
    [JsonPropertyName("scoringEvaluations")]
    public int ScoringEvaluations { get; set; }

    /// <summary>Whether the round was secure: the coordinator learned only the sum of the members' masked updates (absent for a plain round).</summary>
    [JsonPropertyName("secureAggregation")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool SecureAggregation { get; set; }

    /// <summary>
    /// In a secure round with distributed DP, the noise the released sum carried and the (ε, δ) of the sums released so far
    /// (absent otherwise).
    /// </summary>
    [JsonPropertyName("distributedDp")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public SumPrivacySection? DistributedDp { get; set; }

    /// <summary>In a secure round, members that stopped after their masked input arrived: their input is in the sum (absent when none).</summary>
    [JsonPropertyName("droppedAfterInput")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<ChainAddress>? DroppedAfterInput { get; set; }

    /// <summary>
    /// The Merkle root of the round's reward table the ledger was finalized with, or <see langword="null"/> (written as
    /// null) for a round below quorum, which commits to no reward table.
    /// </summary>
    [JsonPropertyName("rewardRoot")]
    public Hash32? RewardRoot { get; set; }

    /// <summary>Each member's reward claim transaction, for the members that claimed.</summary>
    [JsonPropertyName("claimTxHashes")]
    public Dictionary<ChainAddress, Hash32> ClaimTxHashes { get; set; } = [];

    /// <summary>Members with a reward they did not claim in the run, each with why.</summary>
    [JsonPropertyName("unclaimedRewards")]
    public Dictionary<ChainAddress, string> UnclaimedRewards { get; set; } = [];

    /// <summary>Gas of the round, the coordinator's and each member's.</summary>
    [JsonPropertyName("gas")]
    public GasSection Gas { get; set; } = new();

    /// <summary>The round's model on the validation period.</summary>
    [JsonPropertyName("validation")]
    public ValidationSection Validation { get; set; } = new();

    /// <summary>Wall-clock seconds of the round, from opening to the last claim.</summary>
    [JsonPropertyName("seconds")]
    public double Seconds { get; set; }
}
