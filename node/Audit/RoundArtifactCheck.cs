using Consortium.Contracts.Ledger;
using Consortium.Node.Reporting;
using Consortium.Node.Store;

namespace Consortium.Node.Audit;

/// <summary>
/// Decides whether what the node holds about a round reproduces what the chain recorded for it, for the dashboard: the
/// same checks <see cref="RoundAudit"/> and <see cref="RoundRecomputation"/> run, on what the report states (a report may
/// state a round's validation figures alone) and on what the store holds.
/// </summary>
internal static class RoundArtifactCheck
{
    /// <summary>
    /// <see langword="false"/> when the report names other hashes, scores, rewards or exclusions than the chain, or a stored
    /// artifact's bytes do not hash to the hash it is stored under; <see langword="true"/> when the store holds the round's
    /// opened model (and its finalized model, once there is one) and they hash to the chain's hashes; otherwise
    /// <see langword="null"/>: nothing to compare.
    /// </summary>
    /// <param name="round">The round as the chain's events record it.</param>
    /// <param name="reported">The report's section for the round, if any.</param>
    /// <param name="store">The coordinator's store, if any.</param>
    public static bool? Compare(RoundHistory round, RoundSection? reported, NodeStore? store)
    {
        if (reported is not null && !ReportAgrees(round, reported))
        {
            return false;
        }

        if (store is null)
        {
            return null;
        }

        var models = new AuditOutcome();
        foreach (var model in ModelHashes(round))
        {
            RoundRecomputation.LoadArtifact(store, model, "model", "model", models);
        }

        // The coordinator also keeps the updates it accepted; those it holds must hash to what the members committed.
        var updates = new AuditOutcome();
        foreach (var commit in round.Commits)
        {
            RoundRecomputation.LoadArtifact(store, commit.UpdateHash, "update", "update", updates);
        }

        return models.HasMismatch || updates.HasMismatch ? false : models.NotVerified.Count == 0 ? true : null;
    }

    private static IEnumerable<Hash32> ModelHashes(RoundHistory round)
    {
        yield return round.Opened.GlobalModelHash;
        if (round.Finalized is { } finalized)
        {
            yield return finalized.NewModelHash;
        }
    }

    /// <summary>Runs the round audit's checks on the claims the report makes about the round.</summary>
    private static bool ReportAgrees(RoundHistory round, RoundSection reported)
    {
        var outcome = new AuditOutcome();
        if (!reported.OpenedModelHash.IsZero)
        {
            RoundAudit.CheckOpening(reported, round, outcome);
        }

        RoundAudit.CheckUpdates(reported, round, outcome);
        if (round.Finalized is not null)
        {
            if (!reported.GlobalModelHash.IsZero)
            {
                RoundAudit.CheckFinalization(reported, round, outcome);
            }

            // A report that states no scores for the round claims nothing to check against the root.
            if (reported.Scores.Count > 0 && RoundAudit.ReadTable(reported, outcome) is { } table)
            {
                RoundAudit.CheckScoreTable(reported, table, round, outcome);
                RoundAudit.CheckClaims(reported, table, round, outcome);
            }
        }

        return !outcome.HasMismatch;
    }
}
