using System.Text.Json.Serialization;

namespace Consortium.Node.Reporting;

public sealed class RoundSection
{
    [JsonPropertyName("round")]
    public long Round { get; set; }

    [JsonPropertyName("openedModelHash")]
    public string OpenedModelHash { get; set; } = string.Empty;

    [JsonPropertyName("globalModelHash")]
    public string GlobalModelHash { get; set; } = string.Empty;

    [JsonPropertyName("updateHashes")]
    public Dictionary<string, string> UpdateHashes { get; set; } = [];

    [JsonPropertyName("commitTxHashes")]
    public Dictionary<string, string> CommitTxHashes { get; set; } = [];

    [JsonPropertyName("sampled")]
    public List<string> Sampled { get; set; } = [];

    [JsonPropertyName("quorumReached")]
    public bool QuorumReached { get; set; } = true;

    [JsonPropertyName("excluded")]
    public Dictionary<string, string> Excluded { get; set; } = [];

    [JsonPropertyName("txHashes")]
    public List<string> TxHashes { get; set; } = [];

    [JsonPropertyName("gasUsed")]
    public long GasUsed { get; set; }

    [JsonPropertyName("scores")]
    public Dictionary<string, double> Scores { get; set; } = [];

    [JsonPropertyName("rewards")]
    public Dictionary<string, string> Rewards { get; set; } = [];

    [JsonPropertyName("scoring")]
    public string Scoring { get; set; } = string.Empty;

    [JsonPropertyName("scoringEvaluations")]
    public int ScoringEvaluations { get; set; }

    [JsonPropertyName("rewardRoot")]
    public string RewardRoot { get; set; } = string.Empty;

    [JsonPropertyName("claimTxHashes")]
    public Dictionary<string, string> ClaimTxHashes { get; set; } = [];

    [JsonPropertyName("unclaimedRewards")]
    public Dictionary<string, string> UnclaimedRewards { get; set; } = [];

    [JsonPropertyName("gas")]
    public GasSection Gas { get; set; } = new();

    [JsonPropertyName("validation")]
    public ValidationSection Validation { get; set; } = new();

    [JsonPropertyName("seconds")]
    public double Seconds { get; set; }
}
