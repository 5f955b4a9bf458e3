using System.Diagnostics;
using Consortium.Dispatch.Exact;
using Consortium.Dispatch.Fleets;

namespace Consortium.Dispatch.Online;

/// <summary>
/// Dispatch as it happens: every 15-minute step the consortium re-plans the rest of the day with the vehicles plugged in
/// now (each known only from its arrival, with the departure its driver stated and the energy it needs) plus the arrivals
/// a forecast expects, and commits only the step at hand (model-predictive control). The re-plan is the dispatch by prices
/// (<see cref="PriceDecomposition"/>) over that residual day; the committed setpoints are replayed on the real vehicles.
/// </summary>
public static class RecedingHorizon
{
    /// <summary>
    /// Runs the day of <paramref name="truth"/> step by step, every operator in this process. <paramref name="forecast"/>
    /// gives, per operator, the vehicles it expects (only those arriving after the current step are used, as
    /// pseudo-vehicles), or null for none.
    /// </summary>
    /// <exception cref="ArgumentException">The forecast does not give one fleet per operator, or an option is out of range.</exception>
    public static OnlineDispatch Run(FleetRequest truth, IReadOnlyList<Fleet>? forecast, DispatchCosts costs, OnlineOptions options, IProgress<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(costs);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (forecast is not null && forecast.Count != truth.Fleets.Count)
        {
            throw new ArgumentException($"The forecast gives {forecast.Count} fleets for {truth.Fleets.Count} operators.", nameof(forecast));
        }

        var steps = truth.HorizonSteps;
        var random = new Random(options.Seed);
        var replanCosts = options.ReplanCosts(costs);
        var operators = truth.Fleets
            .Select((fleet, o) => new LocalOnlineOperator($"operator {o + 1}", new OnlineFleet(fleet, forecast?[o], steps, options, random), steps, replanCosts))
            .ToArray();
        var run = RunAsync(operators, truth.TargetKw, costs, options, progress, CancellationToken.None).GetAwaiter().GetResult();
        return new OnlineDispatch([.. operators.Select(o => o.Fleet.Schedule)], run.ReplanSeconds);
    }

    /// <summary>
    /// The coordinator's side of the day: at every step each operator begins it, the consortium re-plans the rest of the
    /// day by prices (<see cref="PriceStage"/>, at <see cref="OnlineOptions.ReplanCosts"/> with the deviation tiers),
    /// and each operator commits the step. Operators answer only aggregates, in this process or over the network.
    /// </summary>
    /// <param name="operators">The operators, each holding its own day.</param>
    /// <param name="targetKw">The request, one value per step.</param>
    /// <param name="costs">The objective's prices (the re-plans raise the shortfall's).</param>
    /// <param name="options">Tiers and the re-plan's gap and budget.</param>
    /// <param name="progress">Told after every step.</param>
    /// <param name="cancellationToken">Stops between steps.</param>
    /// <param name="recovery">Asked, when a step fails, whether to take it up again (after an operator came back, say);
    /// without one a failure ends the run. A step failed before any operator committed it is begun again everywhere;
    /// one failed while committing is committed again by the operators that had not.</param>
    public static async Task<OnlineRun> RunAsync(
        IReadOnlyList<IOnlineOperator> operators,
        IReadOnlyList<double> targetKw,
        DispatchCosts costs,
        OnlineOptions options,
        IProgress<int>? progress,
        CancellationToken cancellationToken,
        IStepRecovery? recovery = null)
    {
        ArgumentNullException.ThrowIfNull(operators);
        ArgumentNullException.ThrowIfNull(targetKw);
        ArgumentNullException.ThrowIfNull(costs);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var steps = targetKw.Count;
        var replan = options.ReplanOptionsFor(targetKw);
        var replanCosts = options.ReplanCosts(costs);
        var committed = new double[steps];
        var operatorKw = operators.Select(_ => new double[steps]).ToArray();
        var replanSeconds = new List<double>(steps);
        var watch = new Stopwatch();
        for (var k = 0; k < steps; k++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var step = k;
            var delivered = new double?[operators.Count];
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    if (Array.TrueForAll(delivered, d => d is null))
                    {
                        watch.Restart();
                        await OperatorCalls.ForEachAsync(operators, o => operators[o].BeginStepAsync(step, cancellationToken)).ConfigureAwait(false);
                        await PriceStage.RunAsync(operators, [.. targetKw.Skip(k)], replanCosts, replan, null, cancellationToken).ConfigureAwait(false);
                        if (replanSeconds.Count == k)
                        {
                            replanSeconds.Add(watch.Elapsed.TotalSeconds);
                        }
                        else
                        {
                            replanSeconds[k] += watch.Elapsed.TotalSeconds;
                        }
                    }

                    await OperatorCalls.ForEachAsync(operators, async o =>
                    {
                        if (delivered[o] is null)
                        {
                            delivered[o] = await operators[o].CommitPlannedStepAsync(step, cancellationToken).ConfigureAwait(false);
                        }
                    }).ConfigureAwait(false);
                    break;
                }
                catch (Exception e) when (e is not OperationCanceledException && recovery is not null)
                {
                    // Taken up again, once recovered: begun anew where nobody committed, committed again by those that had not.
                    var uncommitted = Array.FindAll(Enumerable.Range(0, operators.Count).ToArray(), o => delivered[o] is null);
                    if (!await recovery.RecoverAsync(e, step, attempt, uncommitted, cancellationToken).ConfigureAwait(false))
                    {
                        throw;
                    }
                }
            }

            for (var o = 0; o < delivered.Length; o++)
            {
                operatorKw[o][k] = delivered[o]!.Value;
                committed[k] += delivered[o]!.Value;
            }

            progress?.Report(k + 1);
        }

        return new OnlineRun(committed, operatorKw, replanSeconds);
    }
}

/// <summary>How <see cref="RecedingHorizon"/> runs.</summary>
/// <param name="DepartureNoiseSteps">Standard deviation of the error on each driver's stated departure, in 15-minute steps.</param>
/// <param name="Seed">Seed of those errors.</param>
/// <param name="Prices">The re-plan's options; a 0.1 % gap and a 5 s budget per step when null.</param>
/// <param name="DepartureMarginSteps">How many steps before the stated departure the planner aims to have a vehicle
/// done; the noise's standard deviation, rounded, when null.</param>
/// <param name="DeviationTiers">Tiers of the re-plan's deviation price (<see cref="PriceDecompositionOptions.DeviationTiers"/>):
/// a re-plan that foresees a deviation it cannot avoid spreads it over the steps left instead of leaving it all to the
/// last one, where a linear price is indifferent between the two and the real day then piles it up.</param>
/// <param name="DeviationTierShare">Width of each tier as a share of the request's mean power.</param>
public sealed record OnlineOptions(
    double DepartureNoiseSteps = 2,
    int Seed = 1,
    PriceDecompositionOptions? Prices = null,
    int? DepartureMarginSteps = null,
    int DeviationTiers = 8,
    double DeviationTierShare = 0.005)
{
    /// <summary>The margin in use.</summary>
    public int Margin => DepartureMarginSteps ?? (int)Math.Round(DepartureNoiseSteps);

    /// <summary>Throws when an option is out of range, naming it.</summary>
    public void Validate()
    {
        if (!(DepartureNoiseSteps >= 0 && DepartureNoiseSteps <= 96))
        {
            throw new ArgumentException($"The departure noise must lie between 0 and 96 steps, not {DepartureNoiseSteps}.", nameof(DepartureNoiseSteps));
        }

        if (DepartureMarginSteps is < 0 or > 96)
        {
            throw new ArgumentException($"The departure margin must lie between 0 and 96 steps, not {DepartureMarginSteps}.", nameof(DepartureMarginSteps));
        }

        if (!(DeviationTierShare > 0 && DeviationTierShare <= 1))
        {
            throw new ArgumentException($"The deviation tier's share of the mean request must lie in (0, 1], not {DeviationTierShare}.", nameof(DeviationTierShare));
        }

        // The tiers' count is the re-plan's option: checked with the rest of them (the width is the request's to give).
        (ReplanOptions with { DeviationTiers = DeviationTiers, DeviationTierKw = 1 }).Validate();
    }

    /// <summary>The width of each deviation tier for a request of <paramref name="targetKw"/>, kW.</summary>
    public double DeviationTierKw(IReadOnlyList<double> targetKw)
    {
        ArgumentNullException.ThrowIfNull(targetKw);
        var mean = targetKw.Count == 0 ? 0 : targetKw.Average(Math.Abs);
        return Math.Max(1e-3, DeviationTierShare * mean);
    }

    /// <summary>
    /// The prices a re-plan plans with: <paramref name="costs"/>, with a kWh a driver misses priced at least twice the
    /// steepest deviation tier, so that a re-plan never prefers sending a vehicle away short to deviating from the
    /// request. What was committed is measured at <paramref name="costs"/> themselves.
    /// </summary>
    public DispatchCosts ReplanCosts(DispatchCosts costs)
    {
        ArgumentNullException.ThrowIfNull(costs);
        var steepest = ((2 * DeviationTiers) - 1) * costs.DeviationPenaltyPerKwh;
        return costs with { ShortfallPenaltyPerKwh = Math.Max(costs.ShortfallPenaltyPerKwh, 2 * steepest) };
    }

    /// <summary>The re-plan's options for a request of <paramref name="targetKw"/>: <see cref="ReplanOptions"/> with the deviation tiers.</summary>
    public PriceDecompositionOptions ReplanOptionsFor(IReadOnlyList<double> targetKw) =>
        ReplanOptions with { DeviationTiers = DeviationTiers, DeviationTierKw = DeviationTierKw(targetKw) };

    /// <summary>The re-plan's options.</summary>
    public PriceDecompositionOptions ReplanOptions => Prices ?? PriceDecompositionOptions.Default with { RelativeGap = 1e-3, TimeLimit = TimeSpan.FromSeconds(5) };
}

/// <summary>What the coordinator saw of a day in receding horizon.</summary>
/// <param name="CommittedKw">The consortium's committed aggregate at each step, kW (the sum of the operators' answers).</param>
/// <param name="OperatorKw">Each operator's committed aggregate at each step, kW, in the order of the operators.</param>
/// <param name="ReplanSeconds">Wall clock of each step's re-plan.</param>
public sealed record OnlineRun(IReadOnlyList<double> CommittedKw, IReadOnlyList<double[]> OperatorKw, IReadOnlyList<double> ReplanSeconds);

/// <summary>What a day in receding horizon committed.</summary>
/// <param name="Schedules">One schedule per operator over the real vehicles: each step as it was committed.</param>
/// <param name="ReplanSeconds">Wall clock of each step's re-plan.</param>
public sealed record OnlineDispatch(IReadOnlyList<FleetSchedule> Schedules, IReadOnlyList<double> ReplanSeconds);
