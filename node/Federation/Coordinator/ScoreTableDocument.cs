using System.Globalization;
using System.Text;
using System.Text.Json;
using Consortium.Contracts.Ledger;

namespace Consortium.Node.Federation.Coordinator;

/// <summary>
/// The full score table of a round as JSON, kept beside the models so that anyone holding the
/// artifacts can rebuild the reward tree and compare its root with the one on chain.
/// </summary>
public static class ScoreTableDocument
{
    /// <summary>UTF-8 JSON of the table: round, root, scores, rewards and exclusions.</summary>
    public static byte[] ToJson(RoundScoreTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var document = new
        {
            round = table.RoundId,
            rewardRoot = table.RewardRoot.ToString(),
            scoreTableHash = table.ScoreTableHash.ToString(),
            rewardPool = table.RewardPool.ToString(CultureInfo.InvariantCulture),
            scores = table.Scores.Select(s => new { member = s.Member.ToString(), score = s.Score, reward = s.Reward.ToString(CultureInfo.InvariantCulture) }),
            exclusions = table.Exclusions.Select(e => new { member = e.Member.ToString(), reason = e.Reason.ToString() }),
        };
        return Encoding.UTF8.GetBytes(JsonSerializer.Serialize(document));
    }
}
