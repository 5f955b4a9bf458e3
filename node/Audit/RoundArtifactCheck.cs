using System.Globalization;
using System.Numerics;
using Consortium.Contracts.Ledger;
using Consortium.Node.Reporting;

namespace Consortium.Node.Audit;

/// <summary>Decides whether what the node holds about a round reproduces what the chain recorded for it.</summary>
internal static class RoundArtifactCheck
{
    /// <summary>Half a fixed-point unit: reported scores further than this from the chain's were not the ones recorded.</summary>
    private const double ScoreTolerance = 0.5 / ContributionScore.Scale;

    /// <summary>
    /// <see langword="false"/> when the report names other hashes, scores or rewards than the chain, or a stored artifact's bytes
    /// do not hash to the hash it is stored under; <see langword="true"/> when the store holds the round's opened model (and its
    /// finalized model, once there is one) and they hash to the chain's hashes; otherwise <see langword="null"/>: nothing to compare.
    /// </summary>
    /// <param name="round">The round as the chain's events record it.</param>
    /// <param name="reported">The report's section for the round, if any.</param>
    /// <param name="store">The coordinator's artifacts, if any.</param>
    public static bool? Compare(RoundHistory round, RoundSection? reported, StoredArtifacts? store)
    {
        if (reported is not null && !ReportAgrees(round, reported))
        {
            return false;
        }

        if (store is null)
        {
            return null;
        }

        var complete = true;
        foreach (var model in ModelHashes(round))
        {
            switch (StoredBytesHashTo(store, model))
            {
                case false:
                    return false;
                case null:
                    complete = false;
                    break;
            }
        }

        // The coordinator also keeps the updates it accepted; those it holds must hash to what the members committed.
        foreach (var commit in round.Commits)
        {
            if (StoredBytesHashTo(store, commit.UpdateHash) == false)
            {
                return false;
            }
        }

        return complete ? true : null;
    }

    private static IEnumerable<Hash32> ModelHashes(RoundHistory round)
    {
        yield return round.Opened.GlobalModelHash;
        if (round.Finalized is { } finalized)
        {
            yield return finalized.NewModelHash;
        }
    }

    private static bool? StoredBytesHashTo(StoredArtifacts store, Hash32 hash) =>
        store.Find(hash) is { } bytes ? Keccak.Hash(bytes) == hash : null;

    private static bool ReportAgrees(RoundHistory round, RoundSection reported)
    {
        if (!SameHash(reported.OpenedModelHash, round.Opened.GlobalModelHash))
        {
            return false;
        }

        if (round.Finalized is { } finalized && !SameHash(reported.GlobalModelHash, finalized.NewModelHash))
        {
            return false;
        }

        var updates = ByMember(reported.UpdateHashes);
        foreach (var commit in round.Commits)
        {
            if (updates.TryGetValue(commit.Member, out var hash) && !SameHash(hash, commit.UpdateHash))
            {
                return false;
            }
        }

        var scores = ByMember(reported.Scores);
        var rewards = ByMember(reported.Rewards);
        foreach (var claim in round.Claims)
        {
            if (scores.TryGetValue(claim.Member, out var score) && Math.Abs(score - ((double)claim.Score / ContributionScore.Scale)) > ScoreTolerance)
            {
                return false;
            }

            if (rewards.TryGetValue(claim.Member, out var reward)
                && (!BigInteger.TryParse(reward, NumberStyles.None, CultureInfo.InvariantCulture, out var units) || units != claim.Reward))
            {
                return false;
            }
        }

        // The report's whole score table must rebuild the reward root the coordinator finalized.
        return round.Finalized is not { } closing || RebuildsRoot(round.Opened.RoundId, scores, rewards, closing.RewardRoot);
    }

    private static bool RebuildsRoot(ulong roundId, Dictionary<ChainAddress, double> scores, Dictionary<ChainAddress, string> rewards, Hash32 root)
    {
        if (scores.Count == 0)
        {
            // A report that states no scores for the round claims nothing to check against the root.
            return true;
        }

        var leaves = new List<MemberScore>(scores.Count);
        foreach (var (member, score) in scores)
        {
            if (!rewards.TryGetValue(member, out var reward) || !BigInteger.TryParse(reward, NumberStyles.None, CultureInfo.InvariantCulture, out var units))
            {
                return false;
            }

            leaves.Add(new MemberScore(member, (long)Math.Round(score * ContributionScore.Scale), units));
        }

        return RewardMerkleTree.Build(roundId, leaves).Root == root;
    }

    /// <summary>An empty reported hash is one the report does not state; any other text must be the chain's hash.</summary>
    private static bool SameHash(string reported, Hash32 onChain) =>
        string.IsNullOrEmpty(reported) || (Hash32.TryParse(reported, out var hash) && hash == onChain);

    private static Dictionary<ChainAddress, T> ByMember<T>(Dictionary<string, T> byAddressText)
    {
        var byMember = new Dictionary<ChainAddress, T>();
        foreach (var (text, value) in byAddressText)
        {
            if (ChainAddress.TryParse(text, out var address))
            {
                byMember[address] = value;
            }
        }

        return byMember;
    }
}
