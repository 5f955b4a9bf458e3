using Consortium.Node.Federation.Coordinator;
using Consortium.Node.Reporting;

namespace Consortium.Node.Demo;

/// <summary>
/// Writes a round's <see cref="RoundOutcome"/> into the report's <see cref="RoundSection"/>: addresses and hashes as
/// they are, scores as real numbers, rewards in base units, gas summed per payer. The report's shape is what
/// auditors and scripts read; the coordinator knows nothing of it.
/// </summary>
public static class RoundReporter
{
    /// <summary>The report's record of <paramref name="outcome"/>.</summary>
    public static RoundSection ToSection(RoundOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var section = new RoundSection
        {
            Round = checked((long)outcome.RoundId),
            OpenedModelHash = outcome.OpenedModelHash,
            GlobalModelHash = outcome.GlobalModelHash,
            Sampled = [.. outcome.Sampled],
            QuorumReached = outcome.QuorumReached,
            Scoring = outcome.Scoring,
            ScoringEvaluations = outcome.ScoringEvaluations,
            // A round below quorum commits to no reward tree; the report leaves its root null rather than zero.
            RewardRoot = outcome.QuorumReached ? outcome.RewardRoot : null,
            Seconds = outcome.Timings.Total.TotalSeconds,
            Task = outcome.Task,
            SecureAggregation = outcome.Secure,
            DroppedAfterInput = outcome.DroppedAfterInput.Count > 0 ? [.. outcome.DroppedAfterInput] : null,
            DistributedDp = outcome.SumPrivacy is { } dp
                ? new SumPrivacySection
                {
                    NoiseMultiplier = dp.NoiseMultiplier,
                    ClipNorm = dp.ClipNorm,
                    MinMembers = dp.MinimumMembers,
                    Inputs = dp.Inputs,
                    RoundEpsilon = dp.RoundEpsilon,
                    Epsilon = dp.Epsilon,
                    Delta = dp.Delta,
                }
                : null,
        };

        foreach (var transaction in outcome.CoordinatorTransactions)
        {
            section.TxHashes.Add(transaction.TxHash);
            section.GasUsed += checked((long)transaction.GasUsed);
            section.Gas.Coordinator += checked((long)transaction.GasUsed);
        }

        foreach (var exclusion in outcome.Exclusions)
        {
            section.Excluded[exclusion.Member] = $"{exclusion.Reason}: {exclusion.Detail}";
        }

        foreach (var update in outcome.Updates)
        {
            var member = update.Member;
            section.Gas.Members[member] = update.CommitGasUsed;
            section.UpdateHashes[member] = update.UpdateHash;
            section.CommitTxHashes[member] = update.CommitTxHash;
            section.Validation.LocalOnlyRmse[member] = update.LocalOnlyValidationRmse;
        }

        foreach (var score in outcome.Scores)
        {
            section.Scores[score.Member] = score.ScoreValue;
            section.Rewards[score.Member] = score.Reward;
        }

        if (outcome.Served is { } served)
        {
            section.Served = [];
            for (var i = 0; i < served.Count; i++)
            {
                var figures = new ServedSection { Verdict = served[i].Verdict.ToString(), Served = served[i].Served };
                for (var j = 0; j < served.Count; j++)
                {
                    figures.ByValidator[outcome.Updates[j].Member] = served[i].ByValidator[j];
                }

                section.Served[outcome.Updates[i].Member] = figures;
            }
        }

        if (outcome.Validation is { } validation)
        {
            section.Validation.FederatedRmse = validation.Federated.Rmse;
            section.Validation.FederatedMae = validation.Federated.Mae;
            section.Validation.FederatedNrmse = validation.Federated.Nrmse;
            section.Validation.SeasonalNaiveRmse = validation.SeasonalNaive.Rmse;
        }

        foreach (var claim in outcome.Claims)
        {
            var member = claim.Member;
            if (claim.Receipt is { } receipt)
            {
                section.ClaimTxHashes[member] = receipt.TxHash;
                section.Gas.Members[member] = section.Gas.Members.GetValueOrDefault(member) + receipt.GasUsed;
            }
            else
            {
                section.UnclaimedRewards[member] = claim.Failure ?? "not claimed";
            }
        }

        return section;
    }
}
