using System.Numerics;
using Consortium.Contracts;
using Consortium.Contracts.Ledger;
using Consortium.Node.Reporting;

namespace Consortium.Node.Audit;

/// <summary>
/// Checks a report's rounds against the round ledger: the opening and finalized model hashes in the <c>RoundOpened</c> and
/// <c>RoundFinalized</c> events, every update hash against its member's commit, the score table (scores, rewards,
/// exclusions) against what the round was finalized with, every leaf's Merkle proof, every <c>RewardClaimed</c> event, that
/// the round paid no more than the governance pool it was opened with, that every exclusion's slash was taken as the slash
/// rates say, and that a malicious update was slashed only through an accusation naming the member's commitment, after its
/// challenge window and not reversed. A commit on chain the report does not account for, and
/// a slash that cannot be checked, are listed as not verified. The checks that need only the round's events are static,
/// so the dashboard's <see cref="RoundArtifactCheck"/> runs the same ones.
/// </summary>
internal sealed class RoundAudit(ConsortiumLedger ledger, AuditOutcome outcome)
{
    private const int BasisPoints = 10_000;

    private RoundSlashRates? _rates;
    private StakeHistory? _stakes;

    /// <summary>Runs every check of one reported round.</summary>
    public async Task CheckAsync(RoundSection round)
    {
        if (await ReadHistoryAsync(round).ConfigureAwait(false) is not { } history)
        {
            return;
        }

        CheckOpening(round, history, outcome);
        CheckUpdates(round, history, outcome);
        CheckUnreportedCommits(round, history, outcome);
        if (!CheckFinalization(round, history, outcome))
        {
            return;
        }

        CheckQuorum(round, history, outcome);
        if (ReadTable(round, outcome) is { } table)
        {
            CheckScoreTable(round, table, history, outcome);
            CheckLeaves(round, table, history, outcome);
            CheckClaims(round, table, history, outcome);
        }

        await CheckRewardBoundAsync(round, history).ConfigureAwait(false);
        await CheckExclusionSlashesAsync(round, history).ConfigureAwait(false);
    }

    /// <summary>
    /// What the round paid stays within the pool governance set for it: the claims add up to what the ledger holds as
    /// claimed, which is at most the declared pool, which is at most the round's reward cap (the pool per round when it
    /// was opened).
    /// </summary>
    public async Task CheckRewardBoundAsync(RoundSection round, RoundHistory history)
    {
        if (history.Finalized is null)
        {
            return;
        }

        var state = await ledger.Rounds.GetRoundAsync(history.Opened.RoundId).ConfigureAwait(false);
        var paid = history.Claims.Aggregate(BigInteger.Zero, (sum, claim) => sum + claim.Reward);
        if (paid != state.RewardClaimed || paid > state.RewardPool || state.RewardPool > state.RewardCap)
        {
            outcome.Mismatch(
                $"{Subject(round)} reward bound",
                $"claims paid {paid}, the ledger holds {state.RewardClaimed} claimed of a pool of {state.RewardPool} under a cap of {state.RewardCap}");
        }
    }

    /// <summary>The subject every finding about <paramref name="round"/> starts with.</summary>
    public static string Subject(RoundSection round) => $"round {round.Round}";

    /// <summary>The model the round was opened on is the one the report names.</summary>
    public static void CheckOpening(RoundSection round, RoundHistory history, AuditOutcome outcome)
    {
        if (round.OpenedModelHash != history.Opened.GlobalModelHash)
        {
            outcome.Mismatch($"{Subject(round)} opening model", $"the report says {round.OpenedModelHash}, RoundOpened says {history.Opened.GlobalModelHash}");
        }

        if (round.Task != history.Opened.Task)
        {
            outcome.Mismatch($"{Subject(round)} task", $"the report says {round.Task}, RoundOpened says {history.Opened.Task}");
        }

        if (round.SecureAggregation != history.Opened.SecureAggregation)
        {
            outcome.Mismatch(
                $"{Subject(round)} mode",
                $"the report says {(round.SecureAggregation ? "secure" : "plain")}, RoundOpened says {(history.Opened.SecureAggregation ? "secure" : "plain")}");
        }
    }

    /// <summary>Every update the report used is the one its member committed.</summary>
    public static void CheckUpdates(RoundSection round, RoundHistory history, AuditOutcome outcome)
    {
        foreach (var (member, hash) in round.UpdateHashes)
        {
            var subject = $"{Subject(round)} update of {member}";
            var commit = history.Commits.FirstOrDefault(c => c.Member == member);
            if (commit is null)
            {
                outcome.Mismatch(subject, $"the report says {hash}, the chain holds no commit of it");
            }
            else if (hash != commit.UpdateHash)
            {
                outcome.Mismatch(subject, $"the report says {hash}, the chain holds {commit.UpdateHash}");
            }
        }
    }

    /// <summary>Every commit on chain is one the report either used or excluded; one it does neither with is not verified.</summary>
    public static void CheckUnreportedCommits(RoundSection round, RoundHistory history, AuditOutcome outcome)
    {
        var accounted = round.UpdateHashes.Keys.Concat(round.Excluded.Keys).ToHashSet();
        foreach (var commit in history.Commits.Where(c => !accounted.Contains(c.Member)))
        {
            outcome.Unverified(
                $"{Subject(round)} update of {commit.Member}",
                $"the chain holds its commit {commit.UpdateHash}, but the report neither uses nor excludes it, so what became of it is not stated");
        }
    }

    /// <summary>
    /// The round was finalized, with the new model and the reward root the report names; <see langword="false"/> when it
    /// was not finalized.
    /// </summary>
    public static bool CheckFinalization(RoundSection round, RoundHistory history, AuditOutcome outcome)
    {
        if (history.Finalized is not { } finalized)
        {
            outcome.Mismatch(Subject(round), "the chain has no RoundFinalized event for it");
            return false;
        }

        if (round.GlobalModelHash != finalized.NewModelHash)
        {
            outcome.Mismatch($"{Subject(round)} new model", $"the report says {round.GlobalModelHash}, RoundFinalized says {finalized.NewModelHash}");
        }

        if (round.RewardRoot is { } root && root != finalized.RewardRoot)
        {
            outcome.Mismatch($"{Subject(round)} reward root", $"the report says {root}, RoundFinalized says {finalized.RewardRoot}");
        }

        return true;
    }

    /// <summary>A round the report says missed its quorum was closed with its model unchanged.</summary>
    public static void CheckQuorum(RoundSection round, RoundHistory history, AuditOutcome outcome)
    {
        if (!round.QuorumReached && history.Finalized is { } finalized && finalized.NewModelHash != history.Opened.GlobalModelHash)
        {
            outcome.Mismatch(
                $"{Subject(round)} new model",
                $"the report says the round did not reach its quorum, which leaves the model unchanged, but the chain finalized it with {finalized.NewModelHash} after opening it on {history.Opened.GlobalModelHash}");
        }
    }

    /// <summary>The report's score table of the round, or <see langword="null"/> (with a mismatch) when the report's figures do not form one.</summary>
    public static RoundScoreTable? ReadTable(RoundSection round, AuditOutcome outcome)
    {
        try
        {
            return ReportedTable(round);
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            outcome.Mismatch($"{Subject(round)} score table", e.Message);
            return null;
        }
    }

    /// <summary>The report's scores, rewards and exclusions are exactly the table the round was finalized with.</summary>
    public static void CheckScoreTable(RoundSection round, RoundScoreTable table, RoundHistory history, AuditOutcome outcome)
    {
        var finalized = history.Finalized ?? throw new ArgumentException("The round was not finalized.", nameof(history));
        var subject = $"{Subject(round)} score table";
        if (table.RewardRoot != finalized.RewardRoot || table.RewardPool != finalized.RewardPool)
        {
            outcome.Mismatch(subject, $"the report's scores, rewards and exclusions give reward root {table.RewardRoot} (pool {table.RewardPool}), the chain finalized {finalized.RewardRoot} (pool {finalized.RewardPool})");
        }
        else if (table.ScoreTableHash != finalized.ScoreTableHash || table.Scores.Count != finalized.ScoredMembers
            || table.Exclusions.Count != finalized.ExcludedMembers || !table.Exclusions.SequenceEqual(history.Exclusions))
        {
            outcome.Mismatch(
                subject,
                $"the report's {table.Scores.Count} scores hash to {table.ScoreTableHash} and it excludes {Describe(table.Exclusions)}; the chain finalized {finalized.ScoredMembers} scores hashing to {finalized.ScoreTableHash} and excluded {Describe(history.Exclusions)}");
        }
    }

    /// <summary>Every leaf of the report's table proves against the reward root on chain.</summary>
    public static void CheckLeaves(RoundSection round, RoundScoreTable table, RoundHistory history, AuditOutcome outcome)
    {
        var root = history.Finalized?.RewardRoot ?? throw new ArgumentException("The round was not finalized.", nameof(history));
        foreach (var score in table.Scores)
        {
            if (!RewardMerkleTree.Verify(root, RewardMerkleTree.LeafHash(table.RoundId, score), table.GetProof(score.Member)))
            {
                outcome.Mismatch($"{Subject(round)} leaf of {score.Member}", "its Merkle proof does not reach the reward root on chain");
            }
        }
    }

    /// <summary>Every <c>RewardClaimed</c> event paid the score and reward the report gives its member.</summary>
    public static void CheckClaims(RoundSection round, RoundScoreTable table, RoundHistory history, AuditOutcome outcome)
    {
        foreach (var claim in history.Claims)
        {
            var reported = table.Scores.FirstOrDefault(s => s.Member == claim.Member);
            if (reported is null || reported.Score != claim.Score || reported.Reward != claim.Reward)
            {
                outcome.Mismatch($"{Subject(round)} claim of {claim.Member}", $"claimed score {claim.Score} and reward {claim.Reward}, the report says {reported?.Score} and {reported?.Reward}");
            }
        }
    }

    /// <summary>
    /// Every exclusion on chain cost its member the share of its stake the slash rates give its reason (none for a missed
    /// deadline), taken by the round ledger for this round. A slash not yet enforced, or one whose stake before cannot be
    /// rebuilt from the registry's events, is not verified. (A slash missing or of another amount once enforced would be
    /// the ledger breaking its own rule.)
    /// </summary>
    public async Task CheckExclusionSlashesAsync(RoundSection round, RoundHistory history)
    {
        if (history.Exclusions.Count == 0)
        {
            return;
        }

        var roundId = history.Opened.RoundId;
        var state = await ledger.Rounds.GetRoundAsync(roundId).ConfigureAwait(false);
        _rates ??= await ledger.Rounds.GetSlashRatesAsync().ConfigureAwait(false);
        _stakes ??= await StakeHistory.ReadAsync(ledger.Registry).ConfigureAwait(false);
        foreach (var exclusion in history.Exclusions)
        {
            var subject = $"{Subject(round)} exclusion of {exclusion.Member}";
            if (exclusion.Reason == ExclusionReason.Malicious)
            {
                await CheckAccusationAsync(subject, roundId, exclusion.Member).ConfigureAwait(false);
                continue;
            }

            var bps = exclusion.Reason == ExclusionReason.MissedDeadline ? 0 : _rates.NonDeliveryBps;
            if (bps == 0)
            {
                // No slash is due (a missed deadline, or a rate of zero).
                continue;
            }

            if (!state.ExclusionsEnforced)
            {
                outcome.Unverified(subject, $"the round's exclusions were not enforced on chain, so its {exclusion.Reason} slash of {bps} basis points was never taken");
                continue;
            }

            var slashes = _stakes.SlashesOf(exclusion.Member).Where(s => s.Ledger == ledger.Addresses.Rounds && s.Reference == roundId).ToList();
            if (slashes is not [var slash] || slash.Reason != (int)exclusion.Reason)
            {
                outcome.Mismatch(subject, $"the round's exclusions were enforced, but the registry records {slashes.Count} slash(es) of it by the round ledger for round {roundId} ({string.Join(", ", slashes.Select(s => $"reason {s.Reason}: {s.Amount}"))}), not one for {exclusion.Reason}");
                continue;
            }

            var stakeBefore = await _stakes.StakeBeforeAsync(slash).ConfigureAwait(false);
            if (stakeBefore.Stake is not { } before)
            {
                outcome.Unverified($"{subject} slash", $"{stakeBefore.Reason}, so the {slash.Amount} it lost cannot be checked against {bps} basis points of it");
                continue;
            }

            var expected = BigInteger.Min(before * bps / BasisPoints, before);
            if (slash.Amount != expected)
            {
                outcome.Mismatch($"{subject} slash", $"{bps} basis points of the {before} it held is {expected}, the registry took {slash.Amount}");
            }
        }
    }

    /// <summary>
    /// A member excluded as malicious is slashed only through an accusation: one that names the update hash the member
    /// committed, settled after its challenge window; upheld it took the malicious share of the stake, reversed or lapsed
    /// nothing. An accusation not yet settled, or none at all, leaves no slash due and is reported as not verified.
    /// </summary>
    private async Task CheckAccusationAsync(string subject, ulong roundId, ChainAddress member)
    {
        var accusation = await ledger.Rounds.GetAccusationAsync(roundId, member).ConfigureAwait(false);
        var slashes = _stakes!.SlashesOf(member).Where(s => s.Ledger == ledger.Addresses.Rounds && s.Reference == roundId).ToList();
        if (accusation.Status == AccusationStatus.None)
        {
            if (slashes.Count != 0)
            {
                outcome.Mismatch(subject, $"the registry records {slashes.Count} slash(es) by the round ledger for round {roundId} without an accusation");
            }
            else
            {
                outcome.Unverified(subject, "the coordinator never accused it with evidence, so no malicious-update slash is due");
            }

            return;
        }

        var commitment = await ledger.Rounds.GetCommitmentAsync(roundId, member).ConfigureAwait(false);
        if (accusation.UpdateHash != commitment.UpdateHash)
        {
            outcome.Mismatch(subject, $"the accusation names update {accusation.UpdateHash}, the member committed {commitment.UpdateHash}");
        }

        if (accusation.Status is AccusationStatus.Pending or AccusationStatus.Disputed)
        {
            outcome.Unverified(subject, $"its accusation is {accusation.Status} (challenge window until {accusation.ChallengeEndsAt:u}); no slash is taken yet");
            return;
        }

        var settled = (await ledger.Rounds.GetAccusationSettledEventsAsync(roundId).ConfigureAwait(false)).Where(e => e.Member == member).ToList();
        var accused = (await ledger.Rounds.GetMemberAccusedEventsAsync(roundId).ConfigureAwait(false)).Where(e => e.Member == member).ToList();
        if (settled is not [var settlement] || accused is not [var accusal] || accusal.BlockNumber >= settlement.BlockNumber)
        {
            outcome.Mismatch(subject, $"the accusation is {accusation.Status}, but the ledger records {accused.Count} accusation(s) and {settled.Count} settlement(s) of it, not one accusation before one settlement");
            return;
        }

        if (accusation.Status != AccusationStatus.Upheld)
        {
            if (slashes.Count != 0)
            {
                outcome.Mismatch(subject, $"its accusation was {accusation.Status}, yet the registry records a slash of {slashes[0].Amount}");
            }

            return;
        }

        if (slashes is not [var slash] || slash.TxHash != settlement.TxHash || slash.Amount != settlement.Slashed || slash.Reason != (int)ExclusionReason.Malicious)
        {
            outcome.Mismatch(subject, $"its accusation was upheld for {settlement.Slashed}, but the registry records {string.Join(", ", slashes.Select(s => $"{s.Amount} (reason {s.Reason}) in {s.TxHash}"))}");
            return;
        }

        var stakeBefore = await _stakes.StakeBeforeAsync(slash).ConfigureAwait(false);
        if (stakeBefore.Stake is not { } before)
        {
            outcome.Unverified($"{subject} slash", $"{stakeBefore.Reason}, so the {slash.Amount} it lost cannot be checked against {_rates!.MaliciousBps} basis points of it");
            return;
        }

        var expected = BigInteger.Min(before * _rates!.MaliciousBps / BasisPoints, before);
        if (slash.Amount != expected)
        {
            outcome.Mismatch($"{subject} slash", $"{_rates.MaliciousBps} basis points of the {before} it held is {expected}, the registry took {slash.Amount}");
        }
    }

    /// <summary>The round's events, or <see langword="null"/> (with a mismatch) when the chain never opened it.</summary>
    private async Task<RoundHistory?> ReadHistoryAsync(RoundSection round)
    {
        if (round.Round > 0)
        {
            try
            {
                return await ledger.Rounds.GetRoundHistoryAsync((ulong)round.Round).ConfigureAwait(false);
            }
            catch (LedgerException)
            {
                // Never opened: reported below.
            }
        }

        outcome.Mismatch(Subject(round), "the chain has no such round");
        return null;
    }

    /// <summary>The table the report's scores, rewards and exclusions make.</summary>
    /// <exception cref="FormatException">A score has no reward, or an exclusion gives no reason the ledger knows.</exception>
    /// <exception cref="ArgumentException">A score is not finite, or the table is not one the ledger takes.</exception>
    public static RoundScoreTable ReportedTable(RoundSection round)
    {
        ArgumentNullException.ThrowIfNull(round);
        var scores = round.Scores.Select(kv => new MemberScore(
            kv.Key,
            ContributionScore.ToFixed(kv.Value),
            round.Rewards.TryGetValue(kv.Key, out var reward)
                ? reward
                : throw new FormatException($"the report gives {kv.Key} a score but no reward"))).ToList();
        var exclusions = round.Excluded.Select(kv => new MemberExclusion(kv.Key, ParseReason(kv.Value))).ToList();
        return RoundScoreTable.Create((ulong)round.Round, scores, exclusions);
    }

    private static ExclusionReason ParseReason(string text)
    {
        var head = text.Split(':', 2)[0].Trim();
        return Enum.TryParse<ExclusionReason>(head, out var reason) && reason != ExclusionReason.None && Enum.IsDefined(reason)
            ? reason
            : throw new FormatException($"exclusion reason '{head}' is not one the ledger knows");
    }

    private static string Describe(IReadOnlyList<MemberExclusion> exclusions) =>
        exclusions.Count == 0 ? "nobody" : string.Join(", ", exclusions.Select(e => $"{e.Member} ({e.Reason})"));
}
