using System.Diagnostics;
using Consortium.Dispatch.Fleets;

namespace Consortium.Dispatch.Exact;

/// <summary>
/// The dispatch by prices (Dantzig–Wolfe column generation) over operators that only answer prices
/// (<see cref="IPricedFleet"/>): the coordinator posts a price per kW at each step, every operator answers every one of its
/// vehicles exactly and returns per group of vehicles the aggregate and own cost, and a master programme
/// (<see cref="ColumnMaster"/>) mixes the answers so far into the cheapest dispatch and sets the next prices from its duals.
/// Every price gives a Lagrangian lower bound on the dispatch's linear programme, every master solve an upper bound; it
/// stops when they meet within <see cref="PriceDecompositionOptions.RelativeGap"/>, at its time or iteration limit, and
/// then has each operator realize the master's mix.
/// </summary>
/// <remarks>
/// <para>
/// Lower bound at balance duals y (|yₜ| ≤ Δt·penalty, or the steepest tier's price) and site duals σ: Σₜ yₜTₜ − Σₒₜ |σₒₜ|Lₒ + Σᵢ minᵢ [own costᵢ +
/// Σₜ pₒₜ·(cᵢₜ − dᵢₜ)] with pₒₜ = −(yₜ + σₒₜ). Prices are smoothed toward the duals of the best bound so far (Wentges),
/// which damps the oscillation of plain column generation; when a smoothed price yields no column the master can use, the
/// next price is the master's own, and when the master's own price yields none its mix is optimal.
/// </para>
/// <para>
/// Each group starts with its idle column (which keeps the master feasible under any site limit) and, where the operator
/// has setpoints already (the cleared ones), with those: the master's first mix is then no worse than them, and each later
/// one no worse than the last.
/// </para>
/// </remarks>
internal static class PriceStage
{
    public static async Task<PriceOutcome> RunAsync(
        IReadOnlyList<IPricedFleet> fleets,
        double[] targetKw,
        DispatchCosts costs,
        PriceDecompositionOptions options,
        IProgress<PriceProgress>? progress,
        CancellationToken cancellationToken,
        double[]? startPriceKw = null)
    {
        var watch = Stopwatch.StartNew();
        var steps = targetKw.Length;
        var n = fleets.Count;
        var penaltyKw = FleetRequest.StepHours * costs.DeviationPenaltyPerKwh;
        var arrivalGroups = Math.Min(options.ArrivalGroups, steps);

        // Who takes part, with what groups, limits and starting columns.
        var bases = new PricingBasis?[n];
        await OperatorCalls.ForEachAsync(fleets, async o =>
        {
            var basis = await fleets[o].BeginPricingAsync(arrivalGroups, cancellationToken).ConfigureAwait(false);
            basis?.Validate(fleets[o].Name, steps, arrivalGroups);
            bases[o] = basis;
        }).ConfigureAwait(false);
        var members = Enumerable.Range(0, n).Where(o => bases[o] is not null).ToArray();
        var m = members.Length;
        var groups = members.Select(o => bases[o]!.Groups).ToArray();
        using var master = new ColumnMaster(targetKw, costs, members.Select(o => bases[o]!.SiteLimitKw).ToArray(), groups, options.DeviationTiers, options.DeviationTierKw);
        var zero = new double[steps];
        for (var k = 0; k < m; k++)
        {
            var basis = bases[members[k]]!;
            for (var g = 0; g < groups[k]; g++)
            {
                master.Add(k, g, zero, basis.IdleCost[g], PriceWeight.Idle);
                if (basis.CurrentAggregateKw is { } current)
                {
                    master.Add(k, g, current.AsSpan(g * steps, steps).ToArray(), basis.CurrentOwnCost![g], PriceWeight.Current);
                }
            }
        }

        var aggregate = new double[m][];
        var own = new double[m][];
        var priced = new double[m];
        for (var k = 0; k < m; k++)
        {
            aggregate[k] = new double[groups[k] * steps];
            own[k] = new double[groups[k]];
        }

        var masterBalance = new double[steps];
        var masterSite = Jagged(m, steps);
        var masterConvexity = groups.Select(g => new double[g]).ToArray();
        var bestBalance = new double[steps];
        var bestSite = Jagged(m, steps);
        var pointBalance = new double[steps];
        var pointSite = Jagged(m, steps);
        var prices = Jagged(m, steps);
        var lowerBound = double.NegativeInfinity;
        var pricingSeconds = 0.0;
        var masterSeconds = 0.0;
        var iterations = 0;
        var smoothing = 0.0;
        var stop = PriceStop.IterationLimit;

        var masterStart = watch.Elapsed;
        master.Solve();
        masterSeconds += (watch.Elapsed - masterStart).TotalSeconds;
        var upperBound = master.Objective;
        master.Duals(masterBalance, masterSite, masterConvexity);

        // A start price (the envelope ADMM's, per kW of net charging) is the first point priced: its bound is valid like
        // any other and, near the optimum's prices, it saves the iterations the master's first duals would take to get there.
        var fromStart = startPriceKw is not null;

        while (iterations < options.MaxIterations)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                stop = PriceStop.Cancelled;
                break;
            }

            if (options.TimeLimit is { } limit && watch.Elapsed >= limit)
            {
                stop = PriceStop.TimeLimit;
                break;
            }

            for (var t = 0; t < steps; t++)
            {
                pointBalance[t] = fromStart
                    ? Math.Clamp(-startPriceKw![t], -penaltyKw, penaltyKw)
                    : (smoothing * bestBalance[t]) + ((1 - smoothing) * masterBalance[t]);
            }

            for (var k = 0; k < m; k++)
            {
                for (var t = 0; t < steps; t++)
                {
                    pointSite[k][t] = fromStart ? 0 : (smoothing * bestSite[k][t]) + ((1 - smoothing) * masterSite[k][t]);
                    prices[k][t] = -(pointBalance[t] + pointSite[k][t]);
                }
            }

            var atMasterDuals = !fromStart && smoothing == 0;
            fromStart = false;

            // Every operator answers its own price, all at once.
            var pricingStart = watch.Elapsed;
            await OperatorCalls.ForEachAsync(members, async k =>
                priced[k] = await fleets[members[k]].PriceAsync(prices[k], aggregate[k], own[k], cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
            pricingSeconds += (watch.Elapsed - pricingStart).TotalSeconds;

            var bound = master.BoundConstant(pointBalance, pointSite);
            var added = 0;
            for (var k = 0; k < m; k++)
            {
                CheckAnswer(fleets[members[k]].Name, aggregate[k], own[k], priced[k], prices[k], steps);
                bound += priced[k];
                for (var g = 0; g < groups[k]; g++)
                {
                    // Reduced cost against the master's own duals: what the column would save the master now.
                    var reduced = own[k][g] - masterConvexity[k][g];
                    var offset = g * steps;
                    for (var t = 0; t < steps; t++)
                    {
                        reduced -= (masterBalance[t] + masterSite[k][t]) * aggregate[k][offset + t];
                    }

                    if (reduced < -options.ColumnTolerance * Math.Max(1, Math.Abs(own[k][g])))
                    {
                        master.Add(k, g, aggregate[k].AsSpan(offset, steps).ToArray(), own[k][g], iterations);
                        added++;
                    }
                }
            }

            if (bound > lowerBound)
            {
                lowerBound = bound;
                Array.Copy(pointBalance, bestBalance, steps);
                for (var k = 0; k < m; k++)
                {
                    Array.Copy(pointSite[k], bestSite[k], steps);
                }
            }

            iterations++;
            if (added == 0)
            {
                progress?.Report(new PriceProgress(iterations, lowerBound, upperBound, master.Columns));
                if (atMasterDuals)
                {
                    // Nothing prices out at the master's own duals: its mix is the programme's optimum.
                    stop = PriceStop.Optimal;
                    break;
                }

                // A mispricing: the smoothed point found nothing the master can use; price at its duals next.
                smoothing = 0;
                continue;
            }

            masterStart = watch.Elapsed;
            master.Solve();
            masterSeconds += (watch.Elapsed - masterStart).TotalSeconds;
            var improvement = upperBound - master.Objective;
            upperBound = master.Objective;
            master.Duals(masterBalance, masterSite, masterConvexity);

            // Once the master barely moves, the smoothed bound only creeps toward it by halves: price at the master's
            // own duals, whose bound meets the master's value as soon as its mix is optimal.
            smoothing = improvement < options.RelativeGap * Math.Max(1, Math.Abs(upperBound)) ? 0 : options.Smoothing;
            progress?.Report(new PriceProgress(iterations, lowerBound, upperBound, master.Columns));
            if (upperBound - lowerBound <= options.RelativeGap * Math.Max(1, Math.Abs(upperBound)))
            {
                stop = PriceStop.Gap;
                break;
            }
        }

        // Every operator realizes the master's mix, vehicle by vehicle.
        var realizeStart = watch.Elapsed;
        var mix = master.Mix();
        var realized = new double[n][];
        var ownCost = new double?[n];
        await OperatorCalls.ForEachAsync(members, async k =>
        {
            var weights = new List<PriceWeight>();
            for (var g = 0; g < groups[k]; g++)
            {
                weights.AddRange(mix[k][g].Select(w => new PriceWeight(g, w.Column, w.Weight)));
            }

            realized[members[k]] = new double[steps];
            ownCost[members[k]] = await fleets[members[k]].RealizePricesAsync(weights, realized[members[k]], cancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false);

        return new PriceOutcome(
            realized, ownCost, upperBound, lowerBound, iterations, master.Columns, stop,
            watch.Elapsed.TotalSeconds, pricingSeconds, masterSeconds, (watch.Elapsed - realizeStart).TotalSeconds);
    }

    /// <summary>An answer whose numbers cannot be an answer (not finite, or a priced total that its own groups contradict) is refused, naming the operator.</summary>
    private static void CheckAnswer(string who, double[] aggregate, double[] own, double priced, double[] price, int steps)
    {
        var total = 0.0;
        for (var g = 0; g < own.Length; g++)
        {
            if (!double.IsFinite(own[g]) || own[g] < -1e-9)
            {
                throw new InvalidDataException($"{who} answered a price with an own cost of {own[g]} for group {g}.");
            }

            total += own[g];
            for (var t = 0; t < steps; t++)
            {
                var kw = aggregate[(g * steps) + t];
                if (!double.IsFinite(kw))
                {
                    throw new InvalidDataException($"{who} answered a price with an aggregate of {kw} kW for group {g} at step {t}.");
                }

                total += price[t] * kw;
            }
        }

        // The priced total is what its groups' answers cost at the price, but for float storage and replayed burning.
        if (!double.IsFinite(priced) || priced > total + (1e-3 * Math.Max(1, Math.Abs(total))))
        {
            throw new InvalidDataException($"{who} claimed a priced cost of {priced}, above the {total} its own answers cost at the price.");
        }
    }

    private static double[][] Jagged(int rows, int columns)
    {
        var array = new double[rows][];
        for (var r = 0; r < rows; r++)
        {
            array[r] = new double[columns];
        }

        return array;
    }
}
