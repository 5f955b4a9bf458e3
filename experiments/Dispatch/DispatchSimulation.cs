using System.Diagnostics;
using System.Globalization;
using Consortium.Dispatch;
using Consortium.Dispatch.Baselines;
using Consortium.Dispatch.Coordination;
using Consortium.Dispatch.Exact;
using Consortium.Dispatch.Fleets;
using Consortium.Dispatch.DayAhead;
using Consortium.Dispatch.Online;
using Consortium.Dispatch.Sessions;
using Consortium.Dispatch.Wear;

namespace Consortium.Experiments.Dispatch;

/// <summary>
/// <c>dispatch simulate</c>: every operator's fleet in this process, the coordinated dispatch next to the uncontrolled
/// and earliest-deadline-first baselines (and, on request, the centralized LP), measured vehicle by vehicle.
/// </summary>
public static class DispatchSimulation
{
    /// <summary>Builds the fleets and the request, dispatches, measures, and returns the report.</summary>
    public static DispatchSimulationReport Run(DispatchSimulationOptions options, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        var costs = options.Costs ?? DispatchCosts.Default;
        if (options.Reference && options.Vehicles > DispatchSimulationOptions.MaxReferenceVehicles)
        {
            throw new ArgumentException(
                $"--reference solves one LP over every vehicle; {options.Vehicles:N0} vehicles is more than the {DispatchSimulationOptions.MaxReferenceVehicles:N0} it is meant for.",
                nameof(options));
        }

        if (options.Date is not null && options.SyntheticFleets)
        {
            throw new ArgumentException("--date dispatches a calendar day of the bundled sessions; synthetic fleets have no calendar.", nameof(options));
        }

        var setup = Stopwatch.StartNew();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Building {options.Operators} fleets, {options.Vehicles:N0} vehicles in total, over {options.HorizonSteps} steps..."));
        if (options.Request is { } given && given.Target.TargetKw.Length != options.HorizonSteps)
        {
            throw new ArgumentException(
                $"The request ({given.Description}) covers {given.Target.TargetKw.Length} steps; run with --horizon {given.Target.TargetKw.Length}.", nameof(options));
        }

        var history = options.Date is { } day ? CalendarHistory.Load(options, day, output) : null;
        var (fleets, fleetSource) = history is null
            ? SimulatedFleets.Build(options.Operators, options.Vehicles, options.HorizonSteps, options.Seed, options.SyntheticFleets, output, options.Chemistries)
            : (history.Day, history.Source);
        double[] target;
        string targetSource;
        if (options.Request is { } asked)
        {
            target = [.. asked.Target.TargetKw];
            costs = asked.Target.Costs;
            targetSource = asked.Description;
        }
        else if (history is not null)
        {
            // The grid party does not know the day: it shapes its request from the consortium's forecast of it.
            (target, targetSource) = options.MakeTarget(history.Forecast);
            targetSource += $", shaped from the consortium's forecast of the day (the mean of the {options.OnlineForecastDays} same weekdays before at the federated load forecast's level), not from the day";
        }
        else
        {
            (target, targetSource) = options.MakeTarget(fleets);
        }

        // A request read from a file sets the deviation price; the wear prices stay the simulation's own.
        costs = costs with { WearPrices = (options.Costs ?? DispatchCosts.Default).WearPrices };
        output.WriteLine($"  pack chemistries {options.Chemistries ?? ChemistryMix.Default}; wear per kWh discharged: {costs.WearBook}");
        var request = new FleetRequest(options.HorizonSteps, target, fleets);
        var setupSeconds = setup.Elapsed.TotalSeconds;

        output.WriteLine("Coordinated dispatch (ADMM, operators in parallel)...");
        var lastReport = Stopwatch.StartNew();
        var progress = new SynchronousProgress<DispatchProgress>(p =>
        {
            if (p.Iteration == 1 || lastReport.Elapsed.TotalSeconds >= 1)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  iteration {p.Iteration,4}: primal {p.PrimalResidualKw,12:F3} kW  dual {p.DualResidualKw,12:F3} kW  rho {p.Rho:G3}"));
                lastReport.Restart();
            }
        });
        var admm = DispatchCoordinator.Dispatch(request, costs, DispatchOptions.Default with { RefineSeconds = options.RefineSeconds, ExactMethod = options.ExactMethod }, progress, options.ExactVehicleLimit);
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"  {admm.Iterations} ADMM iterations ({(admm.Converged ? "converged" : "not converged")}) in {admm.Coordination!.AdmmSeconds:F2} s, clearing {admm.Coordination.ClearingSeconds:F2} s{Refined(admm.Coordination)}; tracking error {admm.TrackingError:P2}, {admm.DischargedKwh:F0} kWh discharged"));

        output.WriteLine("Baselines: uncontrolled, earliest deadline first...");
        var uncontrolled = DispatchBaselines.Uncontrolled(request);
        var edf = DispatchBaselines.EarliestDeadlineFirst(request);

        var metrics = DispatchMetrics.Of(admm, costs);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  uncontrolled tracking error {uncontrolled.TrackingError:P1}, earliest deadline first {edf.TrackingError:P1}"));
        DispatchMetrics? referenceMetrics = null;
        ReferenceDispatch? referenceSolution = null;
        DispatchMetrics? burnFreeMetrics = null;
        double? gap = null;
        double? burnFreeGap = null;
        if (options.Reference)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Centralized reference: one LP over all {options.Vehicles:N0} vehicles (OR-Tools GLOP)..."));
            var reference = referenceSolution = DispatchReference.Solve(request, costs);
            var measured = reference.Measure(request);
            referenceMetrics = DispatchMetrics.Of(measured, costs);

            // Relative to the optimum, but never to less than a ten-thousandth of what delivering nothing would cost, so that
            // a request met exactly at next to no cost (an optimum of solver tolerance) does not blow the ratio up.
            var nothingCost = NothingCost(target, costs);

            gap = (metrics.Objective - referenceMetrics.Objective) / Math.Max(referenceMetrics.Objective, 1e-4 * nothingCost);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  objective {referenceMetrics.Objective:F2} in {reference.Seconds:F2} s; ADMM {metrics.Objective:F2} ({gap:P2})"));
            if (reference.SimultaneousChargeDischargeSteps > 0)
            {
                output.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"  the LP charges and discharges one vehicle at once at {reference.SimultaneousChargeDischargeSteps} vehicle-steps (no charger can): a relaxation, its own objective {reference.LpObjective:F2} a lower bound"));

                // A schedule no charger can follow is no ground truth: the LP priced so that burning never pays, measured at the true prices.
                var burnFree = DispatchReference.SolveBurnFree(request, costs);
                burnFreeMetrics = DispatchMetrics.Of(DispatchResult.Measure(request, burnFree.Schedules, 1, true, burnFree.Seconds), costs);
                burnFreeGap = (metrics.Objective - burnFreeMetrics.Objective) / Math.Max(burnFreeMetrics.Objective, 1e-4 * nothingCost);
                output.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"  the LP priced so that it never burns ({burnFree.SimultaneousChargeDischargeSteps} such steps left): objective {burnFreeMetrics.Objective:F2} at the true prices, {burnFreeMetrics.SocFloorViolations} SoC violations; ADMM {metrics.Objective:F2} ({burnFreeGap:P2})"));
            }
        }

        PriceDecompositionFigures? prices = null;
        double? gapBound = null;
        if (options.Prices)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Price decomposition: operators answer prices vehicle by vehicle, a master mixes their {2 * PriceDecompositionOptions.Default.ArrivalGroups} group answers each..."));
            var lastPrice = Stopwatch.StartNew();
            var priceProgress = new SynchronousProgress<PriceProgress>(p =>
            {
                if (p.Iteration == 1 || lastPrice.Elapsed.TotalSeconds >= 1)
                {
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  price {p.Iteration,4}: lower bound {p.LowerBound,14:F3}  master {p.UpperBound,14:F3}  {p.Columns,7} columns"));
                    lastPrice.Restart();
                }
            });
            var decomposition = PriceDecomposition.Solve(
                request,
                costs,
                PriceDecompositionOptions.Default with { RelativeGap = options.PriceGap, TimeLimit = TimeSpan.FromSeconds(options.PriceSeconds) },
                priceProgress);
            var priceMetrics = DispatchMetrics.Of(decomposition.Measure(request), costs);
            var priceGap = referenceMetrics is null ? (double?)null : (priceMetrics.Objective - referenceMetrics.Objective) / Math.Max(referenceMetrics.Objective, 1e-4 * NothingCost(target, costs));
            prices = PriceDecompositionFigures.Of(decomposition.Outcome, priceMetrics, priceMetrics.Objective, priceGap);
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"  {decomposition.Outcome.Iterations} prices ({decomposition.Outcome.Stop}) in {decomposition.Outcome.Seconds:F2} s (answers {decomposition.Outcome.PricingSeconds:F2} s, master {decomposition.Outcome.MasterSeconds:F2} s, realization {decomposition.Outcome.RealizeSeconds:F2} s); objective {priceMetrics.Objective:F2}, bounds [{decomposition.LowerBound:F2}, {decomposition.UpperBound:F2}] (gap {decomposition.Gap:P3}); tracking error {priceMetrics.TrackingError:P2}"));
        }

        var offer = options.Offer ? CheckOffer(options, history, target, output) : null;
        OnlineFigures? online = null;
        if (options.Online)
        {
            online = RunOnline(options, history, request, costs, uncontrolled, output);
        }

        PriceDecompositionFigures? exactStage = null;
        if (admm.Coordination.Pricing is { } pricing)
        {
            exactStage = PriceDecompositionFigures.Of(pricing, null, metrics.Objective, gap);
        }

        // The best proof of how far the coordinated dispatch can be from the optimum, at any size.
        var bestBound = Math.Max(exactStage?.LowerBound ?? double.NegativeInfinity, prices?.LowerBound ?? double.NegativeInfinity);
        if (double.IsFinite(bestBound))
        {
            gapBound = (metrics.Objective - bestBound) / Math.Max(Math.Abs(bestBound), 1e-4 * NothingCost(target, costs));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  the coordinated dispatch ({metrics.Objective:F2}) is at most {gapBound:P3} above the optimum (lower bound {bestBound:F2})"));
        }

        var report = new DispatchSimulationReport
        {
            Evs = options.Vehicles,
            Operators = options.Operators,
            Intervals = options.HorizonSteps,
            FleetSource = fleetSource,
            Date = options.Date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            DayForecast = history is null ? null : new DayForecastFigures
            {
                Forecast = history.Federated.Description,
                ForecastKwh = history.Federated.ForecastKwh.Sum(),
                HistoryMeanKwh = history.Federated.HistoryMeanKwh.Sum(),
                ModelHistoryKwh = history.Federated.ModelHistoryKwh.Sum(),
                ActualKwh = history.Federated.ActualKwh.Sum(),
                Levels = history.Federated.Operators.Zip(history.Federated.Levels).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal),
            },
            TargetSource = targetSource,
            Admm = metrics,
            MemoryPeakMb = PeakMemoryMb(),
            AdmmSeconds = admm.Coordination!.AdmmSeconds,
            ClearingSeconds = admm.Coordination.ClearingSeconds,
            RefineSeconds = admm.Coordination.RefineSeconds,
            Refinement = admm.Coordination.Refinement,
            SetupSeconds = setupSeconds,
            Costs = costs,
            ChemistryMix = (options.Chemistries ?? ChemistryMix.Default).ToString(),
            WearPrices = costs.WearBook.Prices.ToDictionary(p => WearPriceBook.ChemistryName(p.Key), p => p.Value),
            Reference = referenceMetrics,
            OptimalityGap = gap,
            ReferenceLpObjective = referenceSolution?.LpObjective,
            ReferenceBurnFree = burnFreeMetrics,
            OptimalityGapBurnFree = burnFreeGap,
            ReferenceSimultaneousSteps = referenceSolution?.SimultaneousChargeDischargeSteps,
            Prices = prices,
            Online = online,
            Offer = offer,
            ExactStage = exactStage,
            OptimalityGapBound = gapBound,
            Uncontrolled = DispatchMetrics.Of(uncontrolled, costs),
            EarliestDeadlineFirst = DispatchMetrics.Of(edf, costs),
            TargetKw = target,
            AggregateKw = admm.AggregateKw,
        };
        if (options.PlotPath is { } plot)
        {
            DispatchPlot.Write(plot, report, uncontrolled.AggregateKw, edf.AggregateKw);
            output.WriteLine($"Plot written to {Path.GetFullPath(plot)}");
        }

        return report;
    }

    /// <summary>Peak resident set of this process (VmHWM), in MB; the managed heap's peak where /proc is absent.</summary>
    public static double PeakMemoryMb()
    {
        const string status = "/proc/self/status";
        if (File.Exists(status))
        {
            foreach (var line in File.ReadLines(status))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    var kb = double.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                    return kb / 1024;
                }
            }
        }

        return Process.GetCurrentProcess().PeakWorkingSet64 / 1e6;
    }

    /// <summary>
    /// The day as it happens: perfect information (the same programme with every vehicle known, by prices), then model-
    /// predictive control in receding horizon with a seasonal-naive forecast (one earlier day's arrivals) and with the
    /// consortium's (the mean of several earlier days'), each replayed on the real vehicles.
    /// </summary>
    /// <summary>Each operator's offer over <see cref="DispatchSimulationOptions.OfferDays"/> other days of its draw, summed, and the request checked against it.</summary>
    private static OfferFigures CheckOffer(DispatchSimulationOptions options, CalendarHistory? history, double[] target, TextWriter output)
    {
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"Day-ahead offer: each operator's flexibility over {options.OfferDays} {(history is null ? "other days of its own draw" : "same weekdays before the day")}..."));
        var days = history is not null
            ? [.. Enumerable.Range(1, options.OfferDays).Select(history.WeeksBefore)]
            : Enumerable.Range(1, options.OfferDays)
                .Select(d => SimulatedFleets.Build(options.Operators, options.Vehicles, options.HorizonSteps, options.Seed + d, options.SyntheticFleets, TextWriter.Null, options.Chemistries).Fleets)
                .ToList();
        var offer = FlexibilityForecast.Sum([.. Enumerable.Range(0, options.Operators).Select(o => FlexibilityForecast.Of([.. days.Select(day => day[o])], options.HorizonSteps))]);
        var check = offer.Check(target);
        output.WriteLine($"  the request is {check.Describe()}");
        return new OfferFigures
        {
            Days = offer.Days,
            Confidence = check.Confidence,
            Within = check.Within,
            PowerMarginKw = check.PowerMarginKw,
            EnergyMarginKwh = check.EnergyMarginKwh,
            ShortfallSteps = check.StepsOutside,
            Shortfalls = [.. check.Shortfalls.Take(5).Select(s => s.ToString())],
            PeakChargeKwP10 = offer.Bands[0].MaxChargeKw.Max(),
            PeakDischargeKwP10 = offer.Bands[0].MaxDischargeKw.Max(),
        };
    }

    private static OnlineFigures RunOnline(DispatchSimulationOptions options, CalendarHistory? history, FleetRequest request, DispatchCosts costs, DispatchResult uncontrolled, TextWriter output)
    {
        output.WriteLine("Online: perfect information (every vehicle known in advance)...");
        var perfect = PriceDecomposition.Solve(request, costs, PriceDecompositionOptions.Default with { RelativeGap = 1e-3, TimeLimit = TimeSpan.FromSeconds(options.PriceSeconds) });
        var perfectResult = perfect.Measure(request);

        // On a calendar day the history is the same weekdays before it; otherwise other draws of the same profile.
        Fleet[] Day(int offset) => history is not null ? history.WeeksBefore(offset) : SimulatedFleets.Build(
            options.Operators, options.Vehicles, options.HorizonSteps, options.Seed + offset, options.SyntheticFleets, TextWriter.Null, options.Chemistries).Fleets;
        var earlier = history is null ? "earlier days" : "same weekdays before";

        var onlineOptions = new OnlineOptions(
            options.DepartureNoiseSteps,
            options.Seed,
            PriceDecompositionOptions.Default with { RelativeGap = 1e-3, TimeLimit = TimeSpan.FromSeconds(options.ReplanSeconds), MaxIterations = options.ReplanPrices });
        // The same bound under the re-plans' own objective: deviation priced in their tiers, which spread a deviation no
        // schedule avoids over many steps instead of leaving it where it falls.
        output.WriteLine("Online: perfect information, deviation priced in the re-plans' tiers...");
        var tiered = PriceDecomposition.Solve(
            request,
            onlineOptions.ReplanCosts(costs),
            onlineOptions.ReplanOptionsFor(request.TargetKw) with { TimeLimit = TimeSpan.FromSeconds(options.PriceSeconds), MaxIterations = PriceDecompositionOptions.Default.MaxIterations });
        var tieredResult = tiered.Measure(request);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  tracking error {perfectResult.TrackingError:P2} at the request's price per kWh, {tieredResult.TrackingError:P2} in the re-plans' tiers"));

        (DispatchResult Result, OnlineDispatch Run) Mpc(string what, IReadOnlyList<Fleet> forecast)
        {
            output.WriteLine($"Online: {what}, re-planned every step...");
            var last = Stopwatch.StartNew();
            var run = RecedingHorizon.Run(request, forecast, costs, onlineOptions, new SynchronousProgress<int>(k =>
            {
                if (last.Elapsed.TotalSeconds >= 5 || k == options.HorizonSteps)
                {
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  step {k,3} of {options.HorizonSteps}"));
                    last.Restart();
                }
            }));
            var result = DispatchResult.Measure(request, run.Schedules, options.HorizonSteps, true, run.ReplanSeconds.Sum());
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  tracking error {result.TrackingError:P2}, objective {result.Objective(costs):F2}; re-plans mean {run.ReplanSeconds.Average():F2} s, max {run.ReplanSeconds.Max():F2} s"));
            return (result, run);
        }

        var naive = Mpc($"model-predictive control, arrivals forecast by {(history is null ? "the day before" : "the same weekday a week before")} (seasonal naive)", Day(1));
        var forecast = history?.Forecast ?? ArrivalForecast.MeanOfEach(Enumerable.Range(1, options.OnlineForecastDays).Select(Day).ToArray());
        var consortium = Mpc(
            history is null ? $"the consortium, arrivals forecast by the mean of {options.OnlineForecastDays} {earlier}" : $"the consortium, arrivals forecast by the mean of {options.OnlineForecastDays} {earlier} at the federated forecast's level",
            forecast);
        (DispatchResult Result, OnlineDispatch Run)? historyMean = history is null ? null : Mpc($"the history alone, arrivals forecast by the mean of {options.OnlineForecastDays} {earlier}", history.HistoryMean);
        (DispatchResult Result, OnlineDispatch Run)? oracle = options.OracleForecast ? Mpc("an oracle: the day's own vehicles as the arrivals forecast", request.Fleets) : null;
        return new OnlineFigures
        {
            TrackingError = consortium.Result.TrackingError,
            PerfectInformationTrackingError = perfectResult.TrackingError,
            PerfectInformationTieredTrackingError = tieredResult.TrackingError,
            MpcNaiveTrackingError = naive.Result.TrackingError,
            UncontrolledTrackingError = uncontrolled.TrackingError,
            Steps = options.HorizonSteps,
            MaxReplanSeconds = consortium.Run.ReplanSeconds.Max(),
            MeanReplanSeconds = consortium.Run.ReplanSeconds.Average(),
            Objective = consortium.Result.Objective(costs),
            PerfectInformationObjective = perfect.Objective.Total,
            MpcNaiveObjective = naive.Result.Objective(costs),
            Dispatch = DispatchMetrics.Of(consortium.Result, costs),
            MpcNaive = DispatchMetrics.Of(naive.Result, costs),
            Forecast = history is null
                ? $"mean of {options.OnlineForecastDays} earlier days' vehicles of each operator (the operators' own history; other seeds of the same draw), each scaled to 1/{options.OnlineForecastDays}"
                : $"mean of the {options.OnlineForecastDays} same weekdays before the day, each operator's own sessions of those days, at the level of the consortium's federated load forecast of the day (each day scaled to level/{options.OnlineForecastDays})",
            HistoryMeanTrackingError = historyMean?.Result.TrackingError,
            OracleForecastTrackingError = oracle?.Result.TrackingError,
            NaiveForecast = history is null ? "the day before (another seed of the same draw)" : "the same weekday a week before (the operators' own sessions of that day)",
            DepartureNoiseSteps = options.DepartureNoiseSteps,
            DeviationTiers = onlineOptions.DeviationTiers,
            DeviationTierKw = onlineOptions.DeviationTierKw(request.TargetKw),
            ReplanBudgetSeconds = options.ReplanSeconds,
            ReplanPrices = options.ReplanPrices,
        };
    }

    /// <summary>What delivering nothing would cost: the floor of every relative gap, so that a request met at next to no cost does not blow the ratio up.</summary>
    private static double NothingCost(double[] target, DispatchCosts costs)
    {
        var cost = 0.0;
        foreach (var kw in target)
        {
            cost += Math.Abs(kw) * FleetRequest.StepHours * costs.DeviationPenaltyPerKwh;
        }

        return cost;
    }

    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }

    private static string Refined(CoordinatedDispatch coordination) => coordination.Pricing is { } p
        ? string.Create(CultureInfo.InvariantCulture, $", dispatch by prices {coordination.RefineSeconds:F2} s ({p.Iterations} prices, {p.Stop}; bounds [{p.LowerBound:F4}, {p.UpperBound:F4}], gap {p.Gap:P3})")
        : coordination.Refinement is { } r
        ? string.Create(CultureInfo.InvariantCulture, $", exact re-plan {coordination.RefineSeconds:F2} s ({r.Operators} operators, {r.Sweeps} sweeps, {r.AdmmIterations} ADMM iterations, objective {r.ClearedObjective:F4} -> {r.Objective:F4}{(r.BudgetReached ? ", stopped at its time budget" : "")})")
        : "";
}
