using System.Globalization;
using Consortium.Contracts.Ledger;
using Consortium.Node.Federation.Coordinator;
using Consortium.Node.Reporting;

namespace Consortium.Node.Audit;

/// <summary>
/// Checks the report's wear prices against the chain and against their own assumptions: the prices were published on
/// chain for the battery-health round the report names, with that round's finalized model hash and the hash of the
/// report's assumptions text; every published price is the one the assumptions give (each chemistry's pooled fade times
/// the stated replacement cost over the life to end of life), and the report lists exactly the published prices. With a
/// dispatch event it checks that the event was opened on those prices (its wear round on chain).
/// </summary>
internal sealed class WearAudit(ConsortiumLedger ledger, AuditOutcome outcome)
{
    private const string Subject = "wear prices";

    /// <summary>Runs every check of <paramref name="wear"/>; <paramref name="dispatch"/> is the event that should have used them.</summary>
    public async Task CheckAsync(WearSection wear, DispatchSection? dispatch)
    {
        var round = await ledger.Rounds.GetRoundAsync(wear.Round).ConfigureAwait(false);
        if (round.Task != FederatedTask.BatteryHealth || round.Status != RoundStatus.Finalized)
        {
            outcome.Mismatch(Subject, $"round {wear.Round} is a {round.Status} round of task {round.Task} on chain, not a finalized battery-health round");
        }

        if (round.NewModelHash != wear.ModelHash)
        {
            outcome.Mismatch(Subject, $"the report says round {wear.Round}'s model is {wear.ModelHash}, the chain finalized it with {round.NewModelHash}");
        }

        var published = await ledger.Dispatch.GetWearPricesPublishedEventsAsync(wear.Round).ConfigureAwait(false);
        if (published.Count != 1)
        {
            outcome.Mismatch(Subject, $"the chain holds {published.Count} publications of wear prices for round {wear.Round}, not one");
            return;
        }

        var onChain = published[0];
        if (onChain.TxHash != wear.TxHash)
        {
            outcome.Mismatch(Subject, $"the report says they were published in {wear.TxHash}, the chain's publication is {onChain.TxHash}");
        }

        if (onChain.ModelHash != round.NewModelHash)
        {
            outcome.Mismatch(Subject, $"published with model {onChain.ModelHash}, round {wear.Round} finalized {round.NewModelHash}");
        }

        var assumptionsHash = Keccak.Hash(System.Text.Encoding.UTF8.GetBytes(wear.Assumptions));
        if (onChain.AssumptionsHash != assumptionsHash || wear.AssumptionsHash != assumptionsHash)
        {
            outcome.Mismatch(Subject, $"the report's assumptions hash to {assumptionsHash}; the report says {wear.AssumptionsHash}, the chain {onChain.AssumptionsHash}");
        }

        CheckPrices(wear, onChain);
        if (dispatch is not null)
        {
            var state = await ledger.Dispatch.GetDispatchAsync(dispatch.EventId).ConfigureAwait(false);
            if (state.WearRound != wear.Round)
            {
                outcome.Mismatch($"dispatch event {dispatch.EventId} wear", $"opened on the wear prices of round {state.WearRound}, not on those of round {wear.Round} the report published");
            }
        }
    }

    /// <summary>The published prices are the report's, and both are what the assumptions give.</summary>
    private void CheckPrices(WearSection wear, WearPricesPublishedEvent onChain)
    {
        IReadOnlyList<WearPrice> recomputed;
        try
        {
            var assumptions = WearAssumptions.Parse(wear.Assumptions);
            if (assumptions.Round != wear.Round || assumptions.ModelHash != wear.ModelHash.ToString())
            {
                outcome.Mismatch(Subject, $"the assumptions name round {assumptions.Round} and model {assumptions.ModelHash}, the prices round {wear.Round} and model {wear.ModelHash}");
            }

            recomputed = assumptions.Prices();
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            outcome.Mismatch(Subject, $"the report's assumptions give no prices: {e.Message}");
            return;
        }

        static string Show(IEnumerable<(string Chemistry, System.Numerics.BigInteger Units)> prices) =>
            string.Join(", ", prices.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Chemistry} {p.Units}")));
        var chain = Show(onChain.Prices.Select(p => (p.Chemistry, p.WeiPerKwh)));
        var fromAssumptions = Show(recomputed.Select(p => (p.Chemistry, p.WeiPerKwh)));
        var reported = Show(wear.Prices.Select(p => (p.Chemistry, p.UnitsPerKwh)));
        if (chain != fromAssumptions)
        {
            outcome.Mismatch(Subject, $"the chain holds {chain}; the assumptions give {fromAssumptions}");
        }

        if (reported != chain)
        {
            outcome.Mismatch(Subject, $"the report lists {reported}; the chain holds {chain}");
        }
    }
}
