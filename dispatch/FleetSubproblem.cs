namespace Consortium.Dispatch;

/// <summary>
/// One operator's part of the dispatch, over its own vehicles: its envelope for the ADMM x-update
/// (<see cref="Propose"/>), and the step-by-step walk of the clearing (<see cref="Offer"/>, <see cref="Commit"/>) that
/// turns the fleet's power at each step into setpoints respecting every hard constraint by construction.
/// </summary>
/// <remarks>
/// <para>The walk keeps each vehicle's battery energy. At each step it works out, per vehicle, the interval of power that
/// keeps the rest of the stay feasible: a vehicle must charge at least what its remaining steps at full power could not
/// make up, may not overfill its battery, and (V2G only, and only when not forced to charge) may discharge no further than
/// its state-of-charge floor and no further than its remaining steps could restore. Charging above the forced level goes
/// to the vehicles with the least slack first, charging past need only as far as the coordinator asks; discharge comes
/// from the vehicles with the most slack first.</para>
/// <para>Vehicles are kept in memory in slack order, so every pass is sequential. Everything is preallocated in the
/// constructor; a step allocates nothing and costs O(vehicles).</para>
/// <para>Also the uncontrolled and earliest-deadline-first baselines, which walk the same intervals.</para>
/// </remarks>
public sealed class FleetSubproblem
{
    private readonly Fleet _fleet;
    private readonly int _steps;
    private readonly double[] _energyKwh;
    private readonly double[] _lowKw;
    private readonly double[] _highKw;
    private readonly FleetEnvelope _envelope;
    private readonly double[] _shifted;
    private readonly double[] _exportBySlack;
    private readonly int[] _exportBucket;
    private readonly int[] _keyBucket;
    private readonly double[] _needByKey;
    private double _stepLow;
    private double _stepBase;
    private double _stepHigh;
    private int[]? _byDeparture;
    private const double RoundTrip = 0.93 * 0.93;
    private readonly int[] _byLatestStart;
    private double _extraChargeKw;
    private readonly int[] _order;
    private readonly FleetSchedule _local;

    /// <summary>Prepares the buffers for one fleet over the horizon.</summary>
    public FleetSubproblem(Fleet fleet, int horizonSteps)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        _steps = horizonSteps;
        Schedule = new FleetSchedule(fleet, horizonSteps);

        // The walk visits vehicles least slack first; keeping them in that order in memory makes every pass sequential.
        _order = SortedByLatestStart(fleet);
        fleet = Permuted(fleet, _order);
        _fleet = fleet;
        _local = new FleetSchedule(fleet, horizonSteps);
        _byLatestStart = new int[fleet.Count];
        _keyBucket = new int[fleet.Count];
        _needByKey = new double[horizonSteps + 2];
        for (var k = 0; k < _byLatestStart.Length; k++)
        {
            _byLatestStart[k] = k;
            _keyBucket[k] = KeyBucket(fleet, k, horizonSteps);
        }
        _energyKwh = new double[fleet.Count];
        _lowKw = new double[fleet.Count];
        _highKw = new double[fleet.Count];
        _envelope = new FleetEnvelope(fleet, horizonSteps);
        _shifted = new double[horizonSteps];
        _exportBySlack = new double[horizonSteps + 1];
        _exportBucket = new int[fleet.Count];
    }

    /// <summary>The setpoints of the latest clearing (or baseline).</summary>
    public FleetSchedule Schedule { get; }

    /// <summary>Starts a step-by-step clearing (<see cref="Offer"/>, then <see cref="Commit"/>, for each step in order).</summary>
    public void BeginClearing()
    {
        Reset();
    }

    /// <summary>
    /// What the fleet can do at step <paramref name="t"/> given the setpoints committed so far: its power interval (site
    /// limit applied), the power with nobody discharging and only forced charging, how much more its vehicles still need
    /// now, and the grid energy its vehicles here and still to come need before each departure step. The offer's
    /// array is this subproblem's buffer, valid until the next call.
    /// </summary>
    public StepOffer Offer(int t)
    {
        Bounds(t, out _stepLow, out _stepBase, out _stepHigh);
        Array.Clear(_needByKey);
        var needKw = 0.0;
        for (var i = 0; i < _fleet.Count; i++)
        {
            var high = _highKw[i];
            if (high <= 0)
            {
                continue;
            }

            var floor = Math.Max(_lowKw[i], 0);
            var missingKw = (_fleet.RequiredEnergyKwh(i) - _energyKwh[i]) / (_fleet.ChargeEfficiency[i] * FleetRequest.StepHours);
            var useful = Math.Clamp(missingKw - floor, 0, high - floor);
            needKw += useful;
            _needByKey[_keyBucket[i]] += useful;
        }

        var site = _fleet.SiteLimitKw;
        var high2 = Math.Min(_stepHigh, site);
        var low2 = Math.Min(Math.Max(_stepLow, -site), high2);
        var basis = Math.Clamp(_stepBase, low2, high2);
        return new StepOffer(low2, basis, high2, Math.Min(needKw, high2 - basis), _needByKey, _exportBySlack);
    }

    /// <summary>Splits <paramref name="powerKw"/> over the vehicles at step <paramref name="t"/> (after <see cref="Offer"/>) and returns what they really draw.</summary>
    /// <param name="t">The step just offered.</param>
    /// <param name="powerKw">The fleet's power at this step, in kW.</param>
    /// <param name="extraChargeKw">When the fleet draws: how much of <paramref name="powerKw"/> may charge past the vehicles'
    /// needs. When it exports: how much to charge the most urgent vehicles ahead of their deadlines, exporting that much
    /// more from the vehicles with slack. In kW.</param>
    public double Commit(int t, double powerKw, double extraChargeKw)
    {
        _extraChargeKw = Math.Max(0, extraChargeKw);
        var u = ClampToSite(powerKw, _stepLow, _stepHigh);
        var realized = SplitForTracking(t, u, _stepLow, _stepBase);
        if (t == _steps - 1)
        {
            Publish();
        }

        return realized;
    }

    /// <summary>
    /// The ADMM x-update on the fleet's envelope only: the profile within the fleet's aggregate power and energy bounds
    /// closest to <paramref name="signalKw"/> once the wear cost has been taken off discharging. Costs O(steps), not
    /// O(vehicles · steps): the vehicles are only visited by the clearing (<see cref="Offer"/>, <see cref="Commit"/>).
    /// </summary>
    public void Propose(ReadOnlySpan<double> signalKw, double rho, double wearCostPerKwh, Span<double> aggregateKw)
    {
        var wearShiftKw = wearCostPerKwh * FleetRequest.StepHours / rho;
        for (var t = 0; t < _steps; t++)
        {
            var v = signalKw[t];
            _shifted[t] = v >= 0 ? v : Math.Min(0, v + wearShiftKw);
        }

        _envelope.Project(_shifted, aggregateKw);
    }

    /// <summary>
    /// Follows <paramref name="signalKw"/> as closely as the constraints allow, giving extra charging to the
    /// vehicles that leave first and asking discharge of those that leave last (the earliest-deadline-first baseline).
    /// </summary>
    public void FollowEarliestDeadlineFirst(ReadOnlySpan<double> signalKw, Span<double> aggregateKw)
    {
        _byDeparture ??= SortedByDeparture(_fleet);
        Reset();
        for (var t = 0; t < _steps; t++)
        {
            Bounds(t, out var sumLow, out var sumBase, out var sumHigh);
            var u = ClampToSite(signalKw[t], sumLow, sumHigh);
            aggregateKw[t] = SplitByDeadline(t, u, sumLow, sumBase, _byDeparture);
        }

        Publish();
    }

    /// <summary>
    /// The uncontrolled baseline: every vehicle charges at full power from arrival until its energy is delivered;
    /// when the site limit binds, all charging vehicles are scaled down alike.
    /// </summary>
    public void ChargeUncontrolled(Span<double> aggregateKw)
    {
        Reset();
        var f = _fleet;
        for (var t = 0; t < _steps; t++)
        {
            var total = 0.0;
            for (var i = 0; i < f.Count; i++)
            {
                var p = 0.0;
                if (f.Arrival[i] <= t && t < f.Departure[i])
                {
                    var missing = f.RequiredEnergyKwh(i) - _energyKwh[i];
                    p = missing > 0 ? Math.Min(f.MaxChargeKw[i], missing / (f.ChargeEfficiency[i] * FleetRequest.StepHours)) : 0;
                }

                _highKw[i] = p;
                total += p;
            }

            var scale = total > f.SiteLimitKw ? f.SiteLimitKw / total : 1;
            var step = _local.Step(t);
            var aggregate = 0.0;
            for (var i = 0; i < f.Count; i++)
            {
                aggregate += Apply(i, _highKw[i] * scale, step);
            }

            aggregateKw[t] = aggregate;
        }

        Publish();
    }

    /// <summary>Copies the walk's setpoints, kept in slack order, into <see cref="Schedule"/> in the fleet's own order.</summary>
    private void Publish()
    {
        for (var t = 0; t < _steps; t++)
        {
            var from = _local.Step(t);
            var to = Schedule.Step(t);
            for (var k = 0; k < from.Length; k++)
            {
                to[_order[k]] = from[k];
            }
        }
    }

    private static Fleet Permuted(Fleet fleet, int[] order)
    {
        static T[] Pick<T>(T[] values, int[] order)
        {
            var picked = new T[order.Length];
            for (var k = 0; k < order.Length; k++)
            {
                picked[k] = values[order[k]];
            }

            return picked;
        }

        return new Fleet(
            Pick(fleet.Arrival, order), Pick(fleet.Departure, order), Pick(fleet.EnergyNeededKwh, order), Pick(fleet.CapacityKwh, order),
            Pick(fleet.ArrivalSoc, order), Pick(fleet.MaxChargeKw, order), Pick(fleet.MaxDischargeKw, order),
            Pick(fleet.ChargeEfficiency, order), Pick(fleet.DischargeEfficiency, order), fleet.SiteLimitKw);
    }

    private void Reset()
    {
        for (var i = 0; i < _fleet.Count; i++)
        {
            _energyKwh[i] = _fleet.ArrivalEnergyKwh(i);
        }
    }

    /// <summary>
    /// Fills the feasible power interval of every vehicle for step <paramref name="t"/>; absent vehicles get [0, 0].
    /// <paramref name="sumBase"/> is the aggregate with nobody discharging and only forced charging.
    /// </summary>
    private void Bounds(int t, out double sumLow, out double sumBase, out double sumHigh)
    {
        var f = _fleet;
        const double dt = FleetRequest.StepHours;
        sumLow = 0;
        sumBase = 0;
        sumHigh = 0;
        Array.Clear(_exportBySlack);
        for (var i = 0; i < f.Count; i++)
        {
            if (t < f.Arrival[i] || t >= f.Departure[i])
            {
                _lowKw[i] = 0;
                _highKw[i] = 0;
                continue;
            }

            var energy = _energyKwh[i];
            var etaC = f.ChargeEfficiency[i];
            var maxCharge = f.MaxChargeKw[i];
            var stepsAfter = f.Departure[i] - t - 1;
            var remaining = f.RequiredEnergyKwh(i) - energy;
            // What the vehicle can still take after this step; never more than the site allows, which matters when a
            // vehicle's charger alone is above its operator's limit.
            var laterKwh = stepsAfter * Math.Min(maxCharge, f.SiteLimitKw) * etaC * dt;
            var high = Math.Min(maxCharge, Math.Max(0, (f.CapacityKwh[i] - energy) / (etaC * dt)));
            var forced = remaining - laterKwh;
            double low;
            if (forced > 0)
            {
                low = Math.Min(high, forced / (etaC * dt));
            }
            else if (f.MaxDischargeKw[i] > 0)
            {
                var removable = Math.Min(-forced, energy - f.FloorEnergyKwh(i));
                low = -Math.Min(f.MaxDischargeKw[i], Math.Max(0, removable) * f.DischargeEfficiency[i] / dt);
            }
            else
            {
                low = 0;
            }

            _lowKw[i] = low;
            if (low < 0)
            {
                // Slack in steps: how long the vehicle could still wait before charging flat out to its need.
                var slackSteps = f.Departure[i] - t - (Math.Max(0, remaining) / (maxCharge * etaC * dt));
                var bucket = Math.Clamp((int)Math.Floor(slackSteps), 0, _steps);
                _exportBucket[i] = bucket;
                _exportBySlack[bucket] -= low;
            }

            _highKw[i] = high;
            sumLow += low;
            sumBase += Math.Max(low, 0);
            sumHigh += high;
        }
    }

    private double ClampToSite(double wanted, double sumLow, double sumHigh)
    {
        var site = _fleet.SiteLimitKw;
        var upper = Math.Min(sumHigh, site);
        var lower = Math.Max(sumLow, -site);
        return lower > upper ? upper : Math.Clamp(wanted, lower, upper);
    }

    private double SplitForTracking(int t, double u, double sumLow, double sumBase)
    {
        var step = _local.Step(t);
        var aggregate = 0.0;
        if (u < sumLow)
        {
            return SplitBelowForced(step, u, sumLow, sumBase);
        }

        if (u >= sumBase)
        {
            // First towards what each vehicle still needs, least slack first; only then beyond it,
            // since energy past a vehicle's need does nothing for the others' deadlines.
            var extra = u - sumBase;
            foreach (var i in _byLatestStart)
            {
                var floor = Math.Max(_lowKw[i], 0);
                var missingKw = (_fleet.RequiredEnergyKwh(i) - _energyKwh[i]) / (_fleet.ChargeEfficiency[i] * FleetRequest.StepHours);
                var add = Math.Clamp(Math.Min(extra, missingKw - floor), 0, _highKw[i] - floor);
                extra -= add;
                _highKw[i] -= floor + add;
                _lowKw[i] = floor + add;
            }

            extra = Math.Min(extra, _extraChargeKw);
            foreach (var i in _byLatestStart)
            {
                var add = Math.Min(extra, _highKw[i]);
                extra -= add;
                aggregate += Apply(i, _lowKw[i] + add, step);
            }
        }
        else
        {
            // Export from the vehicles with the most slack first (those that could wait longest before charging flat out
            // to their need), so that what they give is put back without forcing charging during the export; vehicles
            // with the same slack share alike, in proportion to what each can give.
            var preCharge = Math.Max(0, _extraChargeKw);
            if (preCharge > 0)
            {
                // Asked to charge the most urgent vehicles ahead of their deadlines while exporting that much more from
                // the vehicles with slack, so that a later step of the export is not eaten up by forced charging.
                var exportable = 0.0;
                foreach (var kw in _exportBySlack)
                {
                    exportable += kw;
                }

                preCharge = Math.Min(preCharge, Math.Max(0, exportable - (sumBase - u)));
                foreach (var i in _byLatestStart)
                {
                    if (preCharge <= 0)
                    {
                        break;
                    }

                    var low = _lowKw[i];
                    if (low < 0 || _highKw[i] <= 0)
                    {
                        continue;
                    }

                    var missingKw = (_fleet.RequiredEnergyKwh(i) - _energyKwh[i]) / (_fleet.ChargeEfficiency[i] * FleetRequest.StepHours);
                    var add = Math.Clamp(Math.Min(preCharge, missingKw - low), 0, _highKw[i] - low);
                    _lowKw[i] = low + add;
                    preCharge -= add;
                    sumBase += add;
                }
            }

            var shed = sumBase - u;
            var lastBucketExported = -1;
            var fraction = 0.0;
            for (var d = _steps; d >= 0; d--)
            {
                var available = _exportBySlack[d];
                if (available >= shed)
                {
                    lastBucketExported = d;
                    fraction = available > 0 ? shed / available : 0;
                    break;
                }

                shed -= available;
            }

            for (var i = 0; i < _fleet.Count; i++)
            {
                var low = _lowKw[i];
                if (low >= 0)
                {
                    aggregate += Apply(i, low, step);
                    continue;
                }

                var bucket = _exportBucket[i];
                var share = bucket > lastBucketExported ? 1 : bucket == lastBucketExported ? fraction : 0;
                aggregate += Apply(i, share * low, step);
            }
        }

        return aggregate;
    }

    private double SplitByDeadline(int t, double u, double sumLow, double sumBase, int[] byDeparture)
    {
        var step = _local.Step(t);
        if (u < sumLow)
        {
            return SplitBelowForced(step, u, sumLow, sumBase);
        }

        var aggregate = 0.0;
        if (u >= sumBase)
        {
            var extra = u - sumBase;
            foreach (var i in byDeparture)
            {
                var floor = Math.Max(_lowKw[i], 0);
                var add = Math.Min(extra, _highKw[i] - floor);
                extra -= add;
                aggregate += Apply(i, floor + add, step);
            }
        }
        else
        {
            var shed = sumBase - u;
            for (var k = byDeparture.Length - 1; k >= 0; k--)
            {
                var i = byDeparture[k];
                var low = _lowKw[i];
                var p = low;
                if (low < 0)
                {
                    var take = Math.Min(shed, -low);
                    shed -= take;
                    p = -take;
                }

                aggregate += Apply(i, p, step);
            }
        }

        return aggregate;
    }

    /// <summary>The site limit is below the forced charging even with all V2G discharging: forced charging is scaled down.</summary>
    private double SplitBelowForced(Span<float> step, double u, double sumLow, double sumBase)
    {
        var negative = sumLow - sumBase;
        var scale = sumBase > 0 ? Math.Max(0, (u - negative) / sumBase) : 0;
        var aggregate = 0.0;
        for (var i = 0; i < _fleet.Count; i++)
        {
            var low = _lowKw[i];
            aggregate += Apply(i, low < 0 ? low : low * scale, step);
        }

        return aggregate;
    }

    /// <summary>Stores the setpoint (as the float the schedule keeps) and moves the battery energy by it.</summary>
    private double Apply(int i, double powerKw, Span<float> step)
    {
        var stored = (float)powerKw;
        step[i] = stored;
        var p = (double)stored;
        _energyKwh[i] += p >= 0
            ? p * _fleet.ChargeEfficiency[i] * FleetRequest.StepHours
            : p / _fleet.DischargeEfficiency[i] * FleetRequest.StepHours;
        return p;
    }

    private static int[] SortedByDeparture(Fleet fleet)
    {
        var order = new int[fleet.Count];
        var keys = new int[fleet.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
            keys[i] = fleet.Departure[i];
        }

        Array.Sort(keys, order);
        return order;
    }

    /// <summary>Vehicles ordered by the last step they could start charging at full power and still meet their need.</summary>
    /// <summary>The bucket of a vehicle's latest full-power start step: 0 for before step 0, then one per step.</summary>
    private static int KeyBucket(Fleet fleet, int i, int steps)
    {
        var fullPowerSteps = fleet.MaxChargeKw[i] > 0
            ? (fleet.RequiredEnergyKwh(i) - fleet.ArrivalEnergyKwh(i)) / (fleet.MaxChargeKw[i] * fleet.ChargeEfficiency[i] * FleetRequest.StepHours)
            : 0;
        return Math.Clamp((int)Math.Floor(fleet.Departure[i] - fullPowerSteps) + 1, 0, steps + 1);
    }

    private static int[] SortedByLatestStart(Fleet fleet)
    {
        var order = new int[fleet.Count];
        var keys = new double[fleet.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
            var fullPowerSteps = fleet.MaxChargeKw[i] > 0
                ? (fleet.RequiredEnergyKwh(i) - fleet.ArrivalEnergyKwh(i)) / (fleet.MaxChargeKw[i] * fleet.ChargeEfficiency[i] * FleetRequest.StepHours)
                : 0;
            keys[i] = fleet.Departure[i] - fullPowerSteps;
        }

        Array.Sort(keys, order);
        return order;
    }
}
