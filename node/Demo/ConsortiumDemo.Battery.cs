using System.Globalization;
using System.Numerics;
using System.Security.Cryptography.X509Certificates;
using Consortium.Contracts.Ledger;
using Consortium.Dispatch;
using Consortium.Dispatch.Wear;
using Consortium.Fl.Battery;
using Consortium.Fl.Contribution;
using Consortium.Fl.Models;
using Consortium.Network.Federation;
using Consortium.Node.Federation.Coordinator;
using Consortium.Node.Federation.Member;
using Consortium.Node.Home;
using Consortium.Node.Hosting;
using Consortium.Node.Import;
using Consortium.Node.Reporting;
using Consortium.Node.Store;

namespace Consortium.Node.Demo;

/// <summary>The demo's automakers: their nodes, their battery-health rounds on chain and the final model on their test cells.</summary>
public sealed partial class ConsortiumDemo
{
    /// <summary>Connects to the automakers' nodes the chain lists and records them in the report.</summary>
    private async Task<IReadOnlyList<RemoteMember>> ConnectAutomakersAsync(
        ConsortiumLedger ledger,
        X509Certificate2 certificate,
        IReadOnlyList<AutomakerPlan> plans,
        IReadOnlyList<NodeCard> cards,
        IReadOnlyList<ChildNodeProcess> processes,
        DemoReport report,
        CancellationToken cancellationToken)
    {
        if (plans.Count == 0)
        {
            return [];
        }

        var (connected, unreachable) = await ChainMembers.ConnectAsync(
            ledger.Registry, certificate, TimeSpan.FromSeconds(30), cancellationToken, FederatedTask.BatteryHealth).ConfigureAwait(false);
        if (unreachable.Count > 0)
        {
            throw new InvalidOperationException($"Automaker nodes did not answer: {string.Join("; ", unreachable.Select(u => $"{u.Name}: {u.Reason}"))}");
        }

        var members = new List<RemoteMember>();
        for (var i = 0; i < plans.Count; i++)
        {
            var member = connected.Single(m => m.Name == plans[i].Name);
            if (member.Address != cards[i].Address)
            {
                throw new InvalidOperationException($"Node '{member.Name}' answers with address {member.Address}, its home holds the key of {cards[i].Address}.");
            }

            var stake = await ledger.Registry.GetMemberAsync(member.Address).ConfigureAwait(false);
            report.Automakers.Add(new AutomakerSection
            {
                Name = member.Name,
                Address = member.Address,
                Endpoint = member.Client.Endpoint.ToString(),
                ProcessId = processes[i].ProcessId,
                Lab = plans[i].Lab,
                TrainSamples = member.Profile.TrainSamples,
                ValidationSamples = member.Profile.ValidationSamples,
                TokenBalanceBefore = await ledger.Token.BalanceOfAsync(member.Address).ConfigureAwait(false),
                Stake = stake.Stake,
            });
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"  member {member.Name,-16} {member.Address} at {member.Client.Endpoint} (founding automaker), stake {TokenAmount.Format(stake.Stake)}; {member.Profile.TrainSamples} training cycles of the {plans[i].Lab} cells"));
            members.Add(member);
        }

        return members;
    }

    /// <summary>
    /// The automakers' battery-health rounds: the same round machinery and ledger as the forecast, under task 2, from the
    /// estimator's seeded starting weights. Returns the final model.
    /// </summary>
    private async Task<ModelCheckpoint> RunBatteryRoundsAsync(
        ConsortiumLedger ledger, NodeStore store, IReadOnlyList<RemoteMember> automakers, DemoConsole story, TextWriter progress, DemoReport report, CancellationToken cancellationToken)
    {
        var architecture = BatteryModelArchitecture.Default;
        var coordinator = new RoundCoordinator(
            ledger.Rounds,
            store,
            automakers,
            new ModelCheckpoint(architecture, BatteryModel.InitialParameters(architecture, (ulong)options.Seed)),
            new CoordinatorOptions(
                options.BatteryEpochs,
                options.Seed,
                TrainTimeout: options.RoundTimeout ?? TimeSpan.FromMinutes(30),
                EvaluateTimeout: TimeSpan.FromMinutes(10),
                RoundDeadline: TimeSpan.FromHours(1),
                Quorum: Math.Min(options.Quorum, automakers.Count),
                Scoring: options.Scoring)
            {
                Task = FederatedTask.BatteryHealth,
                RewardRule = options.RewardRule,
                ServedReward = new ServedRewardOptions(Floor: options.RewardFloor),
            },
            (options.Strategy ?? new Fl.Strategies.StrategyConfiguration()).Create(),
            progress);
        for (var round = 1; round <= options.BatteryRounds; round++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            story.Phase($"Battery-health round {round} of {options.BatteryRounds}: the automakers train on their cells, scored and finalized on chain...");
            var outcome = await coordinator.RunRoundAsync(round, cancellationToken).ConfigureAwait(false);
            var section = RoundReporter.ToSection(outcome);
            report.BatteryRounds.Add(section);
            progress.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"  battery round {section.Round}: validation RMSE {section.Validation.FederatedRmse:F2} pp of state of health (training mean {section.Validation.SeasonalNaiveRmse:F2} pp), rewards {string.Join(", ", section.Rewards.Select(r => $"{automakers.First(a => a.Address == r.Key).Name} {TokenAmount.Format(r.Value)}"))}"));
        }

        if (report.BatteryRounds[^1] is { QuorumReached: true } last)
        {
            story.Phase($"Wear prices: each automaker runs battery round {(ulong)last.Round}'s model on its cells; the pooled fade is priced and published on chain...");
            var publication = await WearPricing.PublishAsync(
                ledger.Dispatch, automakers, (ulong)last.Round, coordinator.Global, WearPriceBook.DefaultReplacementCostPerKwh, ChemistryWear.DefaultEndOfLifeSoHPercent, progress, cancellationToken).ConfigureAwait(false);
            report.Wear = new WearSection
            {
                Round = (ulong)last.Round,
                ModelHash = last.GlobalModelHash,
                Assumptions = publication.Assumptions.ToJson(),
                AssumptionsHash = publication.Assumptions.Hash(),
                Prices = [.. publication.Prices.Select(p => new WearPriceEntry
                {
                    Chemistry = p.Chemistry,
                    UnitsPerKwh = p.WeiPerKwh,
                    PricePerKwh = (double)((decimal)p.WeiPerKwh / WearAssumptions.UnitsPerCurrency),
                })],
                TxHash = publication.Transaction.TxHash,
                GasUsed = publication.Transaction.GasUsed,
            };
            // Dispatch reads them back from the chain, as any coordinator would.
            _wearPrices = await WearPricing.PublishedAsync(ledger.Dispatch, DispatchCosts.Default.WearCostPerKwh).ConfigureAwait(false);
            progress.WriteLine($"  published for round {(ulong)last.Round} in {Short(publication.Transaction.TxHash)} (gas {publication.Transaction.GasUsed}), assumptions {Short(report.Wear.AssumptionsHash)}");
        }

        return coordinator.Global;
    }

    private static string Short(Hash32 hash) => hash.ToString()[..10] + "…";

    /// <summary>
    /// The final battery-health model on each automaker's test cells, read from its own store once its node has stopped:
    /// the estimator shared and fine-tuned by the automaker on its own training cells, and the shared forecaster.
    /// </summary>
    private async Task<BatteryTestSection> BatteryTestAsync(ModelCheckpoint model, IReadOnlyList<AutomakerSection> automakers, CancellationToken cancellationToken)
    {
        var test = new BatteryTestSection();
        ErrorSums? pooled = null, pooledTuned = null, pooledBaseline = null, pooledForecast = null;
        foreach (var automaker in automakers)
        {
            using var store = new NodeStore(CouncilImport.StorePath(options.DataDir, automaker.Name));
            var task = new BatteryHealthTask(store);
            // Personalized: the automaker fine-tunes the shared model on its own training cells, as it would before using it.
            var tuned = await Task.Run(() => task.Train(model, options.BatteryEpochs, (ulong)options.Seed, 0, cancellationToken).Model, cancellationToken).ConfigureAwait(false);
            var shared = task.EstimatorErrors("shared", model, EvaluationSplit.Test);
            var own = task.EstimatorErrors("fine-tuned", tuned, EvaluationSplit.Test);
            var baseline = task.EstimatorBaseline(EvaluationSplit.Test);
            var forecast = task.ForecasterErrors("forecast", model, EvaluationSplit.Test);
            test.PerAutomaker[automaker.Name] = Section(shared, own, baseline, forecast);
            pooled = pooled?.Plus(shared) ?? shared;
            pooledTuned = pooledTuned?.Plus(own) ?? own;
            pooledBaseline = pooledBaseline?.Plus(baseline) ?? baseline;
            pooledForecast = pooledForecast?.Plus(forecast) ?? forecast;
        }

        test.Pooled = Section(pooled!, pooledTuned!, pooledBaseline!, pooledForecast!);
        return test;
    }

    private static SohErrorsSection Section(ErrorSums shared, ErrorSums tuned, ErrorSums baseline, ErrorSums forecast) => new()
    {
        Mae = shared.Mae,
        Rmse = shared.Rmse,
        FineTunedMae = tuned.Mae,
        FineTunedRmse = tuned.Rmse,
        TrainingMeanRmse = baseline.Rmse,
        ForecastMae = forecast.Mae,
        Cycles = shared.Count,
    };

    private void PrintBatterySummary(DemoReport report)
    {
        if (report.BatteryRounds.Count == 0)
        {
            return;
        }

        output.WriteLine("Battery round  val RMSE fed (pp)  training mean  local-only mean  gas       model hash");
        foreach (var round in report.BatteryRounds)
        {
            var localMean = round.Validation.LocalOnlyRmse.Count == 0 ? double.NaN : round.Validation.LocalOnlyRmse.Values.Average();
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{round.Round,13}  {round.Validation.FederatedRmse,17:F2}  {round.Validation.SeasonalNaiveRmse,13:F2}  {localMean,15:F2}  {round.GasUsed,8}  {round.GlobalModelHash.ToString()[..18]}…"));
        }

        output.WriteLine();
        output.WriteLine("Automaker         lab   SoH MAE (pp)  RMSE  fine-tuned MAE  RMSE  training mean  fade forecast MAE  tokens before -> after");
        foreach (var automaker in report.Automakers)
        {
            var test = report.BatteryTest!.PerAutomaker[automaker.Name];
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{automaker.Name,-16}  {automaker.Lab,-4}  {test.Mae,12:F2}  {test.Rmse,4:F2}  {test.FineTunedMae,14:F2}  {test.FineTunedRmse,4:F2}  {test.TrainingMeanRmse,13:F2}  {test.ForecastMae,17:F2}  {TokenAmount.Format(automaker.TokenBalanceBefore)} -> {TokenAmount.Format(automaker.TokenBalanceAfter)}"));
        }

        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"All automakers          {report.BatteryTest!.Pooled.Mae,12:F2}  {report.BatteryTest.Pooled.Rmse,4:F2}  {report.BatteryTest.Pooled.FineTunedMae,14:F2}  {report.BatteryTest.Pooled.FineTunedRmse,4:F2}  {report.BatteryTest.Pooled.TrainingMeanRmse,13:F2}  {report.BatteryTest.Pooled.ForecastMae,17:F2}"));
        output.WriteLine();
    }
}
