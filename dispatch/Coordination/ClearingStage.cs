using Consortium.Dispatch.Exact;

namespace Consortium.Dispatch.Coordination;

/// <summary>
/// The second stage of a coordinated dispatch: realizes a plan step by step across the operators, as one fleet would
/// but without pooling the vehicles. This is where every hard constraint is met, vehicle by vehicle.
/// </summary>
/// <remarks>
/// At each step every operator offers, in aggregate only, what its fleet can do given what it has committed so far
/// (<see cref="StepOffer"/>): its power interval, its deadline-forced charging, its useful charging room by urgency and
/// its export capacity by slack. The coordinator clamps the plan to what the operators can do together and splits it:
/// charging towards the most urgent needs of the whole consortium first, charging past need only with what is left (in
/// proportion to each operator's spare room), export from the vehicles with the most slack first. Each operator splits
/// its part over its vehicles and reports what they draw.
/// </remarks>
internal sealed class ClearingStage
{
    private readonly IReadOnlyList<IFleetOperator> _operators;
    private readonly CancellationToken _cancellationToken;
    private readonly int _steps;
    private readonly StepOffer[] _offers;
    private readonly double[] _power;
    private readonly double[] _beyondNeed;
    private readonly double[] _stepRealized;
    private readonly double[] _urgency;

    /// <summary>Prepares the clearings of one dispatch over <paramref name="steps"/> steps.</summary>
    public ClearingStage(IReadOnlyList<IFleetOperator> operators, int steps, CancellationToken cancellationToken)
    {
        _operators = operators;
        _steps = steps;
        _cancellationToken = cancellationToken;
        _offers = new StepOffer[operators.Count];
        _power = new double[operators.Count];
        _beyondNeed = new double[operators.Count];
        _stepRealized = new double[operators.Count];
        _urgency = new double[steps + 2];
    }

    /// <summary>
    /// Clears the envelope stage's plan, or the target itself where that deviates less, then once more with urgent
    /// vehicles charged ahead where forced charging ate the export the plan asked for. The operators end on the setpoints
    /// of the clearing returned.
    /// </summary>
    /// <returns>Each operator's realized profile, and the plan that clearing followed.</returns>
    public async Task<(double[][] RealizedKw, double[] PlanKw)> RealizeAsync(double[] targetKw, double[] planKw, DispatchOptions options)
    {
        var (realized, plan) = await ClearPlanOrTargetAsync(targetKw, planKw).ConfigureAwait(false);
        if (options.LookaheadSteps > 0 && ExcessOverPlan(realized, plan) is { } excess)
        {
            realized = await ClearWithPreChargeAsync(targetKw, plan, realized, PreCharge(excess, options.LookaheadSteps)).ConfigureAwait(false);
        }

        return (realized, plan);
    }

    /// <summary>
    /// Clears <paramref name="planKw"/>; where it is not the target, the envelopes only approximate the fleets, so ADMM's
    /// aggregate is not sure to be the better plan: clears the target itself too and keeps whichever deviates less.
    /// </summary>
    private async Task<(double[][] RealizedKw, double[] PlanKw)> ClearPlanOrTargetAsync(double[] targetKw, double[] planKw)
    {
        var realized = await ClearAsync(planKw).ConfigureAwait(false);
        if (planKw.AsSpan().SequenceEqual(targetKw))
        {
            return (realized, planKw);
        }

        var direct = await ClearAsync(targetKw).ConfigureAwait(false);
        if (Profiles.AbsoluteDeviation(realized, targetKw) < Profiles.AbsoluteDeviation(direct, targetKw))
        {
            // Clear the plan again, so that the operators end on its setpoints.
            return (await ClearAsync(planKw).ConfigureAwait(false), planKw);
        }

        return (direct, targetKw);
    }

    /// <summary>
    /// Where the clearing could not go as low as the plan, forced charging ate the export capacity: how much the operators
    /// drew above the plan at each step, or null when no step is clearly above it.
    /// </summary>
    private static double[]? ExcessOverPlan(double[][] realized, double[] plan)
    {
        var excess = new double[plan.Length];
        var any = false;
        for (var t = 0; t < plan.Length; t++)
        {
            var total = 0.0;
            foreach (var profile in realized)
            {
                total += profile[t];
            }

            excess[t] = Math.Max(0, total - plan[t]);
            any |= excess[t] > 1e-3 + 1e-4 * Math.Abs(plan[t]);
        }

        return any ? excess : null;
    }

    /// <summary>Charging ahead of each step with excess: twice the excess, spread over the <paramref name="lookaheadSteps"/> steps before it.</summary>
    private static double[] PreCharge(double[] excess, int lookaheadSteps)
    {
        var preCharge = new double[excess.Length];
        for (var t = 0; t < excess.Length; t++)
        {
            if (excess[t] <= 0)
            {
                continue;
            }

            var from = Math.Max(0, t - lookaheadSteps);
            for (var s = from; s < t; s++)
            {
                preCharge[s] += 2 * excess[t] / (t - from);
            }
        }

        return preCharge;
    }

    /// <summary>
    /// Clears the plan again with the most urgent vehicles charged ahead, funded by more export then; keeps it if it
    /// deviates less, and otherwise clears the plan once more so that the operators end on the setpoints kept.
    /// </summary>
    private async Task<double[][]> ClearWithPreChargeAsync(double[] targetKw, double[] plan, double[][] realized, double[] preCharge)
    {
        var again = await ClearAsync(plan, preCharge).ConfigureAwait(false);
        if (Profiles.AbsoluteDeviation(again, targetKw) < Profiles.AbsoluteDeviation(realized, targetKw) - 1e-9)
        {
            return again;
        }

        return await ClearAsync(plan).ConfigureAwait(false);
    }

    /// <summary>One clearing of <paramref name="planKw"/>, step by step; returns each operator's realized profile.</summary>
    /// <param name="planKw">The consortium's power per step, kW.</param>
    /// <param name="preChargeKw">Per step, how much to charge urgent vehicles ahead while exporting; null for none.</param>
    public async Task<double[][]> ClearAsync(double[] planKw, double[]? preChargeKw = null)
    {
        var n = _operators.Count;
        var realized = Profiles.New(n, _steps);
        await OperatorCalls.ForEachAsync(_operators, i => _operators[i].BeginClearingAsync(_cancellationToken)).ConfigureAwait(false);
        for (var t = 0; t < _steps; t++)
        {
            var step = t;
            await OperatorCalls.ForEachAsync(_operators, async i => _offers[i] = await _operators[i].OfferAsync(step, _cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
            var total = SumOffers(t);
            var u = Math.Clamp(planKw[t], total.Low, Math.Max(total.Low, total.High));
            if (u >= total.Base)
            {
                SplitDraw(u, total);
            }
            else
            {
                SplitExport(u, total, preChargeKw?[t] ?? 0);
            }

            await OperatorCalls.ForEachAsync(_operators, async i => _stepRealized[i] = await _operators[i].CommitStepAsync(step, _power[i], _beyondNeed[i], _cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
            for (var i = 0; i < n; i++)
            {
                realized[i][t] = _stepRealized[i];
            }
        }

        return realized;
    }

    /// <summary>The operators' offers at step <paramref name="t"/> added up, the needs by urgency into the urgency buckets.</summary>
    private OfferTotal SumOffers(int t)
    {
        Array.Clear(_urgency);
        double low = 0, basis = 0, high = 0, need = 0;
        foreach (var offer in _offers)
        {
            if (offer.ExportBySlackKw is null || offer.ExportBySlackKw.Length != _steps + 1)
            {
                throw new InvalidOperationException($"An operator's offer for step {t} carries {offer.ExportBySlackKw?.Length ?? 0} export buckets, not {_steps + 1}.");
            }

            if (offer.NeedByUrgencyKw is null || offer.NeedByUrgencyKw.Length != _steps + 2)
            {
                throw new InvalidOperationException($"An operator's offer for step {t} carries {offer.NeedByUrgencyKw?.Length ?? 0} urgency buckets, not {_steps + 2}.");
            }

            for (var k = 0; k < _urgency.Length; k++)
            {
                _urgency[k] += offer.NeedByUrgencyKw[k];
            }

            low += offer.LowKw;
            basis += offer.BaseKw;
            high += offer.HighKw;
            need += offer.NeedKw;
        }

        return new OfferTotal(low, basis, high, need);
    }

    /// <summary>
    /// Splits <paramref name="u"/> at or above the operators' base: towards needs, the most urgent vehicles of the whole
    /// consortium first; past needs only with what is left, in proportion to each operator's spare room.
    /// </summary>
    private void SplitDraw(double u, OfferTotal total)
    {
        Array.Clear(_beyondNeed);
        var extra = u - total.Base;
        var towardsNeed = Math.Min(extra, total.Need);
        var (lastBucket, fraction) = UrgencyCut(towardsNeed);
        var beyond = extra - towardsNeed;
        var room = 0.0;
        foreach (var offer in _offers)
        {
            room += Math.Max(0, offer.HighKw - offer.BaseKw - offer.NeedKw);
        }

        for (var i = 0; i < _offers.Length; i++)
        {
            var o = _offers[i];
            var part = 0.0;
            for (var k = 0; k < Math.Min(lastBucket, _urgency.Length); k++)
            {
                part += o.NeedByUrgencyKw[k];
            }

            if (lastBucket < _urgency.Length)
            {
                part += fraction * o.NeedByUrgencyKw[lastBucket];
            }

            part = Math.Min(part, o.NeedKw);
            var spare = Math.Max(0, o.HighKw - o.BaseKw - o.NeedKw);
            _beyondNeed[i] = room > 0 ? beyond * spare / room : 0;
            _power[i] = o.BaseKw + part + _beyondNeed[i];
        }
    }

    /// <summary>
    /// Towards needs of <paramref name="towardsNeed"/> kW: full urgency buckets up to the one where the energy runs out,
    /// which every operator gets the same fraction of (the bucket past the last and a fraction of one when all are full).
    /// </summary>
    private (int LastBucket, double Fraction) UrgencyCut(double towardsNeed)
    {
        var left = towardsNeed;
        for (var k = 0; k < _urgency.Length; k++)
        {
            if (_urgency[k] >= left)
            {
                return (k, _urgency[k] > 0 ? left / _urgency[k] : 0);
            }

            left -= _urgency[k];
        }

        return (_urgency.Length, 1.0);
    }

    /// <summary>
    /// Splits <paramref name="u"/> below the operators' base: export from the vehicles with the most slack across the
    /// consortium, and, when a second clearing asks for it, urgent vehicles charged ahead of their deadlines funded by that
    /// much more export.
    /// </summary>
    private void SplitExport(double u, OfferTotal total, double preChargeKw)
    {
        Array.Clear(_beyondNeed);

        // Charging ahead in proportion to the operators' useful room, never more than the export capacity left.
        var capacity = 0.0;
        foreach (var o in _offers)
        {
            foreach (var kw in o.ExportBySlackKw)
            {
                capacity += kw;
            }
        }

        var pre = Math.Min(Math.Min(preChargeKw, total.Need), Math.Max(0, capacity - (total.Base - u)));
        for (var i = 0; i < _offers.Length; i++)
        {
            _beyondNeed[i] = total.Need > 0 ? pre * _offers[i].NeedKw / total.Need : 0;
        }

        var (lastBucketExported, fraction) = SlackCut(total.Base + pre - u);
        var steps = _offers[0].ExportBySlackKw.Length - 1;
        for (var i = 0; i < _offers.Length; i++)
        {
            var o = _offers[i];
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
            _power[i] = Math.Max(o.BaseKw + _beyondNeed[i] - export, o.LowKw);
        }
    }

    /// <summary>
    /// Export of <paramref name="shed"/> kW: whole slack buckets from the largest slack down, the bucket where it runs out
    /// shared alike (-1 and no fraction when all buckets together fall short).
    /// </summary>
    private (int LastBucket, double Fraction) SlackCut(double shed)
    {
        var steps = _offers[0].ExportBySlackKw.Length - 1;
        for (var d = steps; d >= 0; d--)
        {
            var available = 0.0;
            foreach (var o in _offers)
            {
                available += o.ExportBySlackKw[d];
            }

            if (available >= shed)
            {
                return (d, available > 0 ? shed / available : 0);
            }

            shed -= available;
        }

        return (-1, 0.0);
    }

    /// <summary>The operators' offers at one step, added up, kW.</summary>
    private readonly record struct OfferTotal(double Low, double Base, double High, double Need);
}
