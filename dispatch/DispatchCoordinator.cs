using System.Diagnostics;

namespace Consortium.Dispatch;

/// <summary>
/// Splits a grid party's target over the operators with ADMM in its sharing form (Boyd, Parikh, Chu, Peleato and
/// Eckstein, "Distributed Optimization and Statistical Learning via the Alternating Direction Method of Multipliers",
/// 2011, §7.3): minimise Σᵢ fᵢ(xᵢ) + g(Σᵢ xᵢ), where fᵢ is operator i's wear cost plus the indicator of its fleet's hard
/// constraints and g(A) = Σₜ Δt · penalty · |Aₜ − Tₜ| is the grid party's deviation penalty (see <see cref="DispatchCosts"/>).
/// </summary>
/// <remarks>
/// <para>Two stages, both exchanging aggregates only. First ADMM: per iteration the coordinator sends each operator one
/// signal of one number per step and receives one profile of the same length, the operator's x-update over its fleet's
/// aggregate envelope (cost independent of the vehicle count); the z-update is the closed-form proximal step of the
/// absolute deviation (a soft threshold around the target); ρ adapts by residual balancing; it stops on the primal and
/// dual residuals. Where it converges on an aggregate short of the target (a target beyond the fleets' flexibility), that
/// aggregate is the plan; otherwise the target is.</para>
/// <para>Then the plan is cleared step by step (<see cref="ClearAsync"/>): each operator offers what its fleet can do at
/// the step given what it has committed so far, the coordinator splits the step's power over the offers, and each
/// operator splits its part over its vehicles. This is where every hard constraint is met, vehicle by vehicle.</para>
/// <para>A target beyond what the fleets can do is not an error: the result reports the per-step gap.</para>
/// </remarks>
public static class DispatchCoordinator
{
    /// <summary>Dispatches a request whose fleets are all in this process, and replays the schedules vehicle by vehicle.</summary>
    /// <param name="request">Target and fleets.</param>
    /// <param name="costs">Prices of the objective; <see cref="DispatchCosts.Default"/> when null.</param>
    /// <param name="options">Stopping rules; <see cref="DispatchOptions.Default"/> when null.</param>
    /// <param name="progress">Receives ADMM's residuals as it runs.</param>
    /// <param name="exactVehicleLimit">Largest fleet an operator re-plans in the exact stage (zero: none does).</param>
    public static DispatchResult Dispatch(
        FleetRequest request, DispatchCosts? costs = null, DispatchOptions? options = null, IProgress<DispatchProgress>? progress = null,
        int exactVehicleLimit = LocalFleetOperator.DefaultExactVehicleLimit)
    {
        ArgumentNullException.ThrowIfNull(request);
        costs ??= DispatchCosts.Default;
        var operators = new LocalFleetOperator[request.Fleets.Count];
        for (var i = 0; i < operators.Length; i++)
        {
            operators[i] = new LocalFleetOperator($"operator {i + 1}", request.Fleets[i], request.HorizonSteps, costs, exactVehicleLimit);
        }

        CoordinatedDispatch outcome;
        try
        {
            outcome = CoordinateAsync(operators, request.TargetKw, costs, options, progress, CancellationToken.None).GetAwaiter().GetResult();
        }
        finally
        {
            foreach (var fleetOperator in operators)
            {
                fleetOperator.Dispose();
            }
        }

        var schedules = new FleetSchedule[operators.Length];
        for (var i = 0; i < operators.Length; i++)
        {
            schedules[i] = operators[i].Schedule;
        }

        var result = DispatchResult.Measure(request, schedules, outcome.Iterations, outcome.Converged, outcome.Seconds);
        result.Coordination = outcome;
        return result;
    }

    /// <summary>Runs ADMM over the operators' envelopes, clears the plan step by step across them, and returns what they realized.</summary>
    /// <param name="operators">The operators, local or remote.</param>
    /// <param name="targetKw">The target aggregate per step, in kW.</param>
    /// <param name="costs">The prices of the objective.</param>
    /// <param name="options">Stopping rules; <see cref="DispatchOptions.Default"/> when null.</param>
    /// <param name="progress">Receives the residuals after every iteration.</param>
    /// <param name="cancellationToken">Cancels the dispatch between calls.</param>
    public static async Task<CoordinatedDispatch> CoordinateAsync(
        IReadOnlyList<IFleetOperator> operators,
        double[] targetKw,
        DispatchCosts costs,
        DispatchOptions? options,
        IProgress<DispatchProgress>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operators);
        ArgumentNullException.ThrowIfNull(targetKw);
        ArgumentNullException.ThrowIfNull(costs);
        costs.Validate();
        options ??= DispatchOptions.Default;
        options.Validate();
        if (operators.Count == 0)
        {
            throw new ArgumentException("At least one operator is needed.", nameof(operators));
        }

        var watch = Stopwatch.StartNew();
        var n = operators.Count;
        var steps = targetKw.Length;
        var profiles = NewProfiles(n, steps);
        var previous = NewProfiles(n, steps);
        var signals = NewProfiles(n, steps);
        var mean = new double[steps];
        var meanBefore = new double[steps];
        var share = new double[steps];
        var shareBefore = new double[steps];
        var dual = new double[steps];
        var threshold = FleetRequest.StepHours * costs.DeviationPenaltyPerKwh;
        var rho = options.Rho > 0 ? options.Rho : InitialRho(targetKw, n, threshold);
        var sqrtEntries = Math.Sqrt((double)n * steps);
        var meanShareKw = SumAbs(targetKw) / steps / n;
        var iterations = 0;
        var converged = false;
        double primal = double.NaN, dualResidual = double.NaN;

        while (iterations < options.MaxIterations && !converged)
        {
            cancellationToken.ThrowIfCancellationRequested();
            iterations++;
            for (var i = 0; i < n; i++)
            {
                var x = profiles[i];
                var v = signals[i];
                for (var t = 0; t < steps; t++)
                {
                    v[t] = x[t] - mean[t] + share[t] - dual[t];
                }

                Array.Copy(x, previous[i], steps);
            }

            await ForEachOperatorAsync(operators, i => operators[i].ProposeAsync(signals[i], rho, profiles[i], cancellationToken)).ConfigureAwait(false);

            Array.Copy(mean, meanBefore, steps);
            Array.Copy(share, shareBefore, steps);
            Array.Clear(mean);
            foreach (var x in profiles)
            {
                for (var t = 0; t < steps; t++)
                {
                    mean[t] += x[t] / n;
                }
            }

            var primalSquares = 0.0;
            var shareSquares = 0.0;
            var dualSquares = 0.0;
            for (var t = 0; t < steps; t++)
            {
                // z-update: argmin over the aggregate s of Δt·penalty·|s − T| + (ρ / 2n)(s − n(ū + x̄))², a soft threshold.
                var pulled = n * (dual[t] + mean[t]);
                var offset = pulled - targetKw[t];
                var width = threshold * n / rho;
                var aggregate = targetKw[t] + Math.Sign(offset) * Math.Max(0, Math.Abs(offset) - width);
                share[t] = aggregate / n;
                dual[t] += mean[t] - share[t];
                var gap = mean[t] - share[t];
                primalSquares += n * gap * gap;
                shareSquares += n * share[t] * share[t];
                dualSquares += dual[t] * dual[t];
            }

            var changeSquares = 0.0;
            var profileSquares = 0.0;
            for (var i = 0; i < n; i++)
            {
                var x = profiles[i];
                var before = previous[i];
                for (var t = 0; t < steps; t++)
                {
                    var change = x[t] - before[t] - (mean[t] - meanBefore[t]) + (share[t] - shareBefore[t]);
                    changeSquares += change * change;
                    profileSquares += x[t] * x[t];
                }
            }

            // Both residuals in kW (the dual one as the change of the profiles, s/ρ), against an absolute tolerance per entry
            // that scales with an operator's mean share of the target, plus the usual relative part.
            primal = Math.Sqrt(primalSquares);
            dualResidual = Math.Sqrt(changeSquares);
            var perEntry = options.AbsoluteToleranceKw + options.RelativeTolerance * meanShareKw;
            var primalTolerance = sqrtEntries * perEntry
                + options.RelativeTolerance * Math.Max(Math.Sqrt(profileSquares), Math.Sqrt(shareSquares));
            var dualTolerance = sqrtEntries * perEntry + options.RelativeTolerance * Math.Sqrt(n * dualSquares);
            converged = iterations > 1 && primal <= primalTolerance && dualResidual <= dualTolerance;
            progress?.Report(new DispatchProgress(iterations, primal, dualResidual, rho));

            if (options.AdaptiveRho && !converged)
            {
                var factor = primal > 10 * dualResidual ? 2.0 : dualResidual > 10 * primal ? 0.5 : 1.0;
                if (factor != 1)
                {
                    rho *= factor;
                    for (var t = 0; t < steps; t++)
                    {
                        dual[t] /= factor;
                    }
                }
            }
        }

        // The plan the clearing realizes: the target where the fleets' envelopes reach it, the operators' aggregate where a
        // converged ADMM settled clearly short of it (a target beyond the fleets' flexibility). "Clearly": by more than a
        // share of the mean target, since the envelopes only approximate the fleets.
        var plan = new double[steps];
        var meanAbsTarget = SumAbs(targetKw) / steps;
        for (var t = 0; t < steps; t++)
        {
            var proposed = n * mean[t];
            plan[t] = converged && Math.Abs(proposed - targetKw[t]) > options.PlanTolerance * meanAbsTarget ? proposed : targetKw[t];
        }

        var admmSeconds = watch.Elapsed.TotalSeconds;
        var realized = await ClearAsync(operators, plan, cancellationToken).ConfigureAwait(false);
        if (!plan.AsSpan().SequenceEqual(targetKw))
        {
            // The envelopes only approximate the fleets, so ADMM's aggregate is not sure to be the better plan: clear the
            // target itself too and keep whichever deviates less (the operators end on the setpoints of the one kept).
            var direct = await ClearAsync(operators, targetKw, cancellationToken).ConfigureAwait(false);
            if (AbsoluteDeviation(realized, targetKw) < AbsoluteDeviation(direct, targetKw))
            {
                realized = await ClearAsync(operators, plan, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                realized = direct;
                plan = targetKw;
            }
        }

        // Where the clearing could not go as low as the plan, forced charging ate the export capacity: clear again with the
        // most urgent vehicles charged ahead over the steps before, funded by more export then; keep it if it deviates less.
        var excess = new double[steps];
        var any = false;
        for (var t = 0; t < steps; t++)
        {
            var total = 0.0;
            foreach (var profile in realized)
            {
                total += profile[t];
            }

            excess[t] = Math.Max(0, total - plan[t]);
            any |= excess[t] > 1e-3 + 1e-4 * Math.Abs(plan[t]);
        }

        if (any && options.LookaheadSteps > 0)
        {
            var preCharge = new double[steps];
            for (var t = 0; t < steps; t++)
            {
                if (excess[t] <= 0)
                {
                    continue;
                }

                var from = Math.Max(0, t - options.LookaheadSteps);
                for (var s = from; s < t; s++)
                {
                    preCharge[s] += 2 * excess[t] / (t - from);
                }
            }

            var again = await ClearAheadAsync(operators, plan, preCharge, cancellationToken).ConfigureAwait(false);
            if (AbsoluteDeviation(again, targetKw) < AbsoluteDeviation(realized, targetKw) - 1e-9)
            {
                realized = again;
            }
            else
            {
                realized = await ClearAsync(operators, plan, cancellationToken).ConfigureAwait(false);
            }
        }

        var refineStart = watch.Elapsed;

        var refinement = options.RefineSweeps > 0
            ? await RefineAsync(operators, targetKw, costs, realized, options, dual, rho, cancellationToken).ConfigureAwait(false)
            : null;

        return new CoordinatedDispatch(targetKw, realized, plan, iterations, converged, primal, dualResidual, watch.Elapsed.TotalSeconds)
        {
            AdmmSeconds = admmSeconds,
            RefineSeconds = (watch.Elapsed - refineStart).TotalSeconds,
            Refinement = refinement,
        };
    }

    /// <summary>
    /// The exact stage after the clearing, for the operators whose fleets are small enough to re-plan exactly
    /// (<see cref="IFleetOperator.RefineAsync"/>): exact block coordinate descent (each operator in turn against the
    /// target minus the others' aggregate, until a sweep gains less than <see cref="DispatchOptions.RefineTolerance"/>),
    /// ADMM whose x-update is each operator's exact re-plan (the absolute deviation, not being smooth, can hold every
    /// operator where it is although a joint move would pay), ending the stage where it comes to rest; otherwise sweeps
    /// that price small deviations along a shrinking Huber-like curve and over-relaxed ADMM. Operators end on the best
    /// setpoints seen; no re-plan starts after <see cref="DispatchOptions.RefineSeconds"/>.
    /// </summary>
    private static async Task<Refinement?> RefineAsync(
        IReadOnlyList<IFleetOperator> operators, double[] targetKw, DispatchCosts costs, double[][] realized, DispatchOptions options,
        double[] admmScaledDual, double admmRho, CancellationToken cancellationToken)
    {
        var n = operators.Count;
        var steps = targetKw.Length;

        // Who takes part, and what the cleared allocation costs them: that is the first checkpoint.
        var own = new double?[n];
        await ForEachOperatorAsync(operators, async i => own[i] = await operators[i].CheckpointAsync(false, realized[i], cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
        var members = Enumerable.Range(0, n).Where(i => own[i] is not null).ToArray();
        if (members.Length == 0)
        {
            return null;
        }

        var deviationPrice = FleetRequest.StepHours * costs.DeviationPenaltyPerKwh;
        double Value() => (deviationPrice * AbsoluteDeviation(realized, targetKw)) + own.Sum(c => c ?? 0);
        var cleared = Value();
        var best = cleared;
        var tolerance = options.RefineTolerance;
        var sweeps = 0;

        async Task Checkpoint(bool restore) => await ForEachOperatorAsync(operators, async i =>
        {
            if (own[i] is not null)
            {
                own[i] = await operators[i].CheckpointAsync(restore, realized[i], cancellationToken).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);

        async Task<double> Keep()
        {
            var value = Value();
            if (value < best - (tolerance * Math.Abs(best)))
            {
                best = value;
                await Checkpoint(false).ConfigureAwait(false);
            }

            return value;
        }

        // One Gauss–Seidel sweep: each operator in turn against the target minus the others' aggregate.
        var need = new double[steps];
        async Task<double> Sweep(DeviationPricing pricing)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var i in members)
            {
                for (var t = 0; t < steps; t++)
                {
                    var others = 0.0;
                    for (var j = 0; j < n; j++)
                    {
                        others += j == i ? 0 : realized[j][t];
                    }

                    need[t] = targetKw[t] - others;
                }

                own[i] = await operators[i].RefineAsync(need, pricing, realized[i], cancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidOperationException($"{operators[i].Name} took part in the re-plan and then declined it.");
                if (OutOfTime())
                {
                    break;
                }
            }

            return await Keep().ConfigureAwait(false);
        }

        // Past the budget no new re-plan starts; at least one operator re-plans once.
        var clock = Stopwatch.StartNew();
        var budgetReached = false;
        bool OutOfTime() => budgetReached |= clock.Elapsed.TotalSeconds > options.RefineSeconds;

        async Task ExactSweeps()
        {
            var previous = double.PositiveInfinity;
            for (var k = 0; k < options.RefineSweeps && !cancellationToken.IsCancellationRequested && !(k > 0 && OutOfTime()); k++)
            {
                sweeps++;
                var value = await Sweep(DeviationPricing.Exact(costs)).ConfigureAwait(false);
                if (previous - value <= tolerance * Math.Abs(value))
                {
                    break;
                }

                previous = value;
            }
        }

        // Exact sweeps from the cleared point first: where the clearing left the request's reachable part unmet they gain
        // most, and cheaply. Then ADMM over exact re-plans from the best point so far, followed by exact sweeps. Where ADMM
        // comes to rest (no operator's profile moving) its point satisfies the optimality conditions and the stage ends;
        // otherwise smoothed sweeps and over-relaxed ADMM get their turn (over-relaxed from the start, ADMM reached the
        // optimum on every fleet measured but came to rest later, or not within the budget, where the clearing had
        // already reached it). The checkpoints keep whatever did best.
        var admmIterations = 0;
        await ExactSweeps().ConfigureAwait(false);
        if (!await AdmmAsync(relaxation: 1).ConfigureAwait(false))
        {
            await SmoothedSweepsAsync().ConfigureAwait(false);
            await AdmmAsync(options.RefineAdmmRelaxation).ConfigureAwait(false);
        }

        // The smoothed sweeps and ADMM can wander off; the operators end on the best setpoints seen (the cleared ones unless
        // a later point was better by more than the tolerance).
        if (Value() > best)
        {
            await Checkpoint(true).ConfigureAwait(false);
        }

        return new Refinement(members.Length, sweeps, cleared, Value()) { AdmmIterations = admmIterations, BudgetReached = budgetReached };

        // Smoothed sweeps from the best point so far, the Huber part shrinking each time, then exact ones.
        async Task SmoothedSweepsAsync()
        {
            if (options.RefineSmoothedSweeps == 0 || OutOfTime())
            {
                return;
            }

            await Checkpoint(true).ConfigureAwait(false);
            var smoothing = options.RefineSmoothing * SumAbs(targetKw) / steps;
            for (var k = 0; k < options.RefineSmoothedSweeps && !OutOfTime(); k++)
            {
                sweeps++;
                await Sweep(DeviationPricing.Smoothed(costs, smoothing * Math.Pow(options.RefineSmoothingDecay, k))).ConfigureAwait(false);
            }

            if (!OutOfTime())
            {
                await ExactSweeps().ConfigureAwait(false);
            }
        }

        // ADMM whose x-update is each operator's exact re-plan: it makes the joint moves that one operator at a time
        // cannot. From the best point so far, with the envelope stage's prices; then exact sweeps from the best point it
        // reached. True when it came to rest.
        async Task<bool> AdmmAsync(double relaxation)
        {
            if (options.RefineAdmmIterations == 0 || members.Length != n || OutOfTime())
            {
                return false;
            }

            await Checkpoint(true).ConfigureAwait(false);
            var threshold = deviationPrice;
            var rho = admmRho * options.RefineAdmmRhoScale;

            // The envelope stage's prices, scaled to this ρ (the scaled dual is the price over ρ); the first pieces are as
            // wide as the largest of them asks the operators to move.
            var dual = new double[steps];
            var move = 0.0;
            for (var t = 0; t < steps; t++)
            {
                dual[t] = admmScaledDual[t] * admmRho / rho;
                move = Math.Max(move, Math.Abs(dual[t]));
            }

            var mean = new double[steps];
            var share = new double[steps];
            var centres = NewProfiles(n, steps);
            MeanOf(realized, mean);
            Array.Copy(mean, share, steps);
            var sinceBest = 0;
            var still = 0;
            var iterations = 0;
            while (iterations < options.RefineAdmmIterations && sinceBest < options.RefineAdmmPatience && still < AdmmRestIterations && !OutOfTime())
            {
                iterations++;
                cancellationToken.ThrowIfCancellationRequested();
                admmIterations++;

                // Operator i's x-update minimises its cost plus (ρ/2)‖x − v‖², v = x⁰ − mean + share − dual. Around its
                // current profile x⁰ that is ρ(mean − share + dual)·(x − x⁰) + (ρ/2)‖x − x⁰‖² + a constant: the first term
                // goes over exactly, as a price per step (the same for every operator), and only the second is drawn in
                // pieces. The first pieces are sized to the last iteration's largest move, so that they are fine where
                // the moves are, and never so wide that standing still costs more than a sliver of the deviation price;
                // the pieces then grow to reach the deviation at which the quadratic's slope is twice that price, so that
                // no price can send an operator further than the quadratic would.
                var width = Math.Max(Math.Min(MinPieceKw, MinPieceKw * threshold / rho), 3 * move / AdmmPieces);
                var growth = DeviationPricing.GrowthToReach(width, 2 * threshold / rho, AdmmPieces);
                var prices = new double[steps];
                for (var t = 0; t < steps; t++)
                {
                    prices[t] = rho * (mean[t] - share[t] + dual[t]);
                }

                var pricing = DeviationPricing.Quadratic(rho, width, AdmmPieces, prices, growth);
                for (var i = 0; i < n; i++)
                {
                    Array.Copy(realized[i], centres[i], steps);
                }

                await ForEachOperatorAsync(operators, async i =>
                    own[i] = await operators[i].RefineAsync(centres[i], pricing, realized[i], cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
                move = 0;
                for (var i = 0; i < n; i++)
                {
                    for (var t = 0; t < steps; t++)
                    {
                        move = Math.Max(move, Math.Abs(realized[i][t] - centres[i][t]));
                    }
                }

                MeanOf(realized, mean);
                var primalMax = 0.0;
                for (var t = 0; t < steps; t++)
                {
                    // Over-relaxation (Boyd et al. §3.4.3): the z- and dual updates see α·mean + (1 − α)·share.
                    var relaxed = (relaxation * mean[t]) + ((1 - relaxation) * share[t]);
                    var offset = (n * (dual[t] + relaxed)) - targetKw[t];
                    share[t] = (targetKw[t] + (Math.Sign(offset) * Math.Max(0, Math.Abs(offset) - (threshold * n / rho)))) / n;
                    dual[t] += relaxed - share[t];
                    primalMax = Math.Max(primalMax, Math.Abs(mean[t] - share[t]));
                }

                still = move <= options.RefineAdmmRestKw && primalMax <= options.RefineAdmmRestKw ? still + 1 : 0;
                var before = best;
                await Keep().ConfigureAwait(false);
                sinceBest = best < before ? 0 : sinceBest + 1;
            }

            await Checkpoint(true).ConfigureAwait(false);
            if (!OutOfTime())
            {
                await ExactSweeps().ConfigureAwait(false);
            }

            return still >= AdmmRestIterations;
        }
    }

    /// <summary>Pieces of ADMM's quadratic term in the exact stage.</summary>
    private const int AdmmPieces = 24;

    /// <summary>Narrowest piece of ADMM's quadratic, kW (narrower still where ρ is so large that its slope would exceed 5·10⁻⁵ of the deviation price).</summary>
    private const double MinPieceKw = 1e-4;

    /// <summary>ADMM of the exact stage is at rest, and stops, after this many iterations in a row in which no operator's profile moved by more than <see cref="DispatchOptions.RefineAdmmRestKw"/>.</summary>
    private const int AdmmRestIterations = 20;

    private static void MeanOf(double[][] profiles, double[] mean)
    {
        Array.Clear(mean);
        foreach (var x in profiles)
        {
            for (var t = 0; t < mean.Length; t++)
            {
                mean[t] += x[t] / profiles.Length;
            }
        }
    }

    /// <summary>
    /// Realizes <paramref name="planKw"/> step by step across the operators, as one fleet would but without pooling the
    /// vehicles. At each step every operator offers, in aggregate only, what its fleet can do given what it has
    /// committed so far (<see cref="StepOffer"/>): its power interval, its deadline-forced charging, its useful charging
    /// room by urgency and its export capacity by slack. The coordinator clamps
    /// the plan to what the operators can do together and splits it: charging towards the most urgent needs of the whole
    /// consortium first, charging past need only with what is left (in proportion to each operator's spare room), export
    /// from the vehicles with the most slack first. Each operator splits its part over its
    /// vehicles and reports what they draw.
    /// </summary>
    public static Task<double[][]> ClearAsync(IReadOnlyList<IFleetOperator> operators, double[] planKw, CancellationToken cancellationToken) =>
        ClearAheadAsync(operators, planKw, null, cancellationToken);

    private static async Task<double[][]> ClearAheadAsync(IReadOnlyList<IFleetOperator> operators, double[] planKw, double[]? preChargeKw, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operators);
        ArgumentNullException.ThrowIfNull(planKw);
        var n = operators.Count;
        var steps = planKw.Length;
        var realized = NewProfiles(n, steps);
        var offers = new StepOffer[n];
        var power = new double[n];
        var stepRealized = new double[n];
        var urgency = new double[steps + 2];
        var beyondNeed = new double[n];
        await ForEachOperatorAsync(operators, i => operators[i].BeginClearingAsync(cancellationToken)).ConfigureAwait(false);
        for (var t = 0; t < steps; t++)
        {
            var step = t;
            await ForEachOperatorAsync(operators, async i => offers[i] = await operators[i].OfferAsync(step, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
            Array.Clear(urgency);
            double low = 0, basis = 0, high = 0, need = 0;
            foreach (var offer in offers)
            {
                if (offer.ExportBySlackKw is null || offer.ExportBySlackKw.Length != steps + 1)
                {
                    throw new InvalidOperationException($"An operator's offer for step {t} carries {offer.ExportBySlackKw?.Length ?? 0} export buckets, not {steps + 1}.");
                }

                if (offer.NeedByUrgencyKw is null || offer.NeedByUrgencyKw.Length != steps + 2)
                {
                    throw new InvalidOperationException($"An operator's offer for step {t} carries {offer.NeedByUrgencyKw?.Length ?? 0} urgency buckets, not {steps + 2}.");
                }

                for (var k = 0; k < urgency.Length; k++)
                {
                    urgency[k] += offer.NeedByUrgencyKw[k];
                }

                low += offer.LowKw;
                basis += offer.BaseKw;
                high += offer.HighKw;
                need += offer.NeedKw;
            }

            var u = Math.Clamp(planKw[t], low, Math.Max(low, high));
            Split(offers, u, low, basis, need, power, beyondNeed, urgency, preChargeKw?[t] ?? 0);
            await ForEachOperatorAsync(operators, async i => stepRealized[i] = await operators[i].CommitStepAsync(step, power[i], beyondNeed[i], cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
            for (var i = 0; i < n; i++)
            {
                realized[i][t] = stepRealized[i];
            }
        }

        return realized;
    }

    /// <summary>Splits the consortium's power at one step over the operators' offers.</summary>
    private static void Split(StepOffer[] offers, double u, double low, double basis, double need, double[] power, double[] beyondNeed, double[] urgency, double preChargeKw)
    {
        Array.Clear(beyondNeed);
        if (u >= basis)
        {
            var extra = u - basis;
            var towardsNeed = Math.Min(extra, need);

            // Towards needs, the most urgent vehicles of the whole consortium first: full buckets up to the one where the
            // energy runs out, which every operator gets the same fraction of.
            var left = towardsNeed;
            var lastBucket = urgency.Length;
            var fraction = 1.0;
            for (var k = 0; k < urgency.Length; k++)
            {
                if (urgency[k] >= left)
                {
                    lastBucket = k;
                    fraction = urgency[k] > 0 ? left / urgency[k] : 0;
                    break;
                }

                left -= urgency[k];
            }

            var beyond = extra - towardsNeed;
            var room = 0.0;
            foreach (var offer in offers)
            {
                room += Math.Max(0, offer.HighKw - offer.BaseKw - offer.NeedKw);
            }

            for (var i = 0; i < offers.Length; i++)
            {
                var o = offers[i];
                var part = 0.0;
                for (var k = 0; k < Math.Min(lastBucket, urgency.Length); k++)
                {
                    part += o.NeedByUrgencyKw[k];
                }

                if (lastBucket < urgency.Length)
                {
                    part += fraction * o.NeedByUrgencyKw[lastBucket];
                }

                part = Math.Min(part, o.NeedKw);
                var spare = Math.Max(0, o.HighKw - o.BaseKw - o.NeedKw);
                beyondNeed[i] = room > 0 ? beyond * spare / room : 0;
                power[i] = o.BaseKw + part + beyondNeed[i];
            }
        }
        else
        {
            // Charging ahead of deadlines while exporting (asked by a second pass): in proportion to the operators' useful
            // room, funded by that much more export, never more than the export capacity left.
            var capacity = 0.0;
            foreach (var o in offers)
            {
                foreach (var kw in o.ExportBySlackKw)
                {
                    capacity += kw;
                }
            }

            var pre = Math.Min(Math.Min(preChargeKw, need), Math.Max(0, capacity - (basis - u)));
            for (var i = 0; i < offers.Length; i++)
            {
                beyondNeed[i] = need > 0 ? pre * offers[i].NeedKw / need : 0;
            }

            // Export from the vehicles with the most slack across the consortium: whole slack buckets from the largest
            // down, the bucket where the export asked for runs out shared alike.
            var shed = basis + pre - u;
            var steps = offers[0].ExportBySlackKw.Length - 1;
            var lastBucketExported = -1;
            var fraction = 0.0;
            for (var d = steps; d >= 0; d--)
            {
                var available = 0.0;
                foreach (var o in offers)
                {
                    available += o.ExportBySlackKw[d];
                }

                if (available >= shed)
                {
                    lastBucketExported = d;
                    fraction = available > 0 ? shed / available : 0;
                    break;
                }

                shed -= available;
            }

            for (var i = 0; i < offers.Length; i++)
            {
                var o = offers[i];
                var export = 0.0;
                for (var d = steps; d > lastBucketExported && d >= 0; d--)
                {
                    export += o.ExportBySlackKw[d];
                }

                if (lastBucketExported >= 0)
                {
                    export += fraction * o.ExportBySlackKw[lastBucketExported];
                }

                // The site limit may keep an operator above its vehicles' export capacity.
                power[i] = Math.Max(o.BaseKw + beyondNeed[i] - export, o.LowKw);
            }
        }
    }

    private static double InitialRho(double[] targetKw, int operators, double threshold)
    {
        // The scaled dual settles near price / ρ; start where that is about 1 % of an operator's mean share of the target.
        var meanShare = SumAbs(targetKw) / targetKw.Length / operators;
        return meanShare > 0 ? threshold / (0.01 * meanShare) : 1;
    }

    private static async Task ForEachOperatorAsync(IReadOnlyList<IFleetOperator> operators, Func<int, ValueTask> call)
    {
        if (operators.Count == 1)
        {
            await call(0).ConfigureAwait(false);
            return;
        }

        var tasks = new Task[operators.Count];
        for (var i = 0; i < tasks.Length; i++)
        {
            var index = i;
            tasks[i] = Task.Run(async () => await call(index).ConfigureAwait(false));
        }

        await Task.WhenAll(tasks).ConfigureAwait(false);
    }

    private static double AbsoluteDeviation(double[][] profiles, double[] targetKw)
    {
        var sum = 0.0;
        for (var t = 0; t < targetKw.Length; t++)
        {
            var total = 0.0;
            foreach (var profile in profiles)
            {
                total += profile[t];
            }

            sum += Math.Abs(total - targetKw[t]);
        }

        return sum;
    }

    private static double SumAbs(double[] values)
    {
        var sum = 0.0;
        foreach (var v in values)
        {
            sum += Math.Abs(v);
        }

        return sum;
    }

    private static double[][] NewProfiles(int count, int steps)
    {
        var profiles = new double[count][];
        for (var i = 0; i < count; i++)
        {
            profiles[i] = new double[steps];
        }

        return profiles;
    }

    private static double[][] Copy(double[][] profiles)
    {
        var copy = new double[profiles.Length][];
        for (var i = 0; i < copy.Length; i++)
        {
            copy[i] = (double[])profiles[i].Clone();
        }

        return copy;
    }
}
