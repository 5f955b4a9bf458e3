namespace Consortium.Dispatch.Fleets;

/// <summary>
/// A step-by-step walk over one fleet's vehicles that keeps each battery's energy: at each step it works out, per
/// vehicle, the interval of power that keeps the rest of the stay feasible (<see cref="Bounds"/>), and it stores the
/// setpoints chosen within them (<see cref="Apply"/>). The clearing (<see cref="Coordination.FleetSubproblem"/>) and the baselines
/// decide the setpoints; the walk makes every hard constraint hold by construction.
/// </summary>
/// <remarks>
/// A vehicle must charge at least what its remaining steps at full power could not make up, may not overfill its
/// battery, and (V2G only, and only when not forced to charge) may discharge no further than its state-of-charge floor
/// and no further than its remaining steps could restore. Vehicles are kept in memory in slack order (latest full-power
/// start first), so every pass is sequential; <see cref="Publish"/> writes the setpoints back in the fleet's own order.
/// Everything is preallocated; a step allocates nothing and costs O(vehicles).
/// </remarks>
internal sealed class FleetWalk
{
    private readonly int[] _order;
    private readonly FleetSchedule _local;

    /// <summary>Prepares the walk over the horizon, the vehicles put in slack order.</summary>
    public FleetWalk(Fleet fleet, int horizonSteps)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        Steps = horizonSteps;
        Schedule = new FleetSchedule(fleet, horizonSteps);

        // Vehicles least slack first; keeping them in that order in memory makes every pass sequential.
        _order = SortedByLatestStart(fleet);
        Fleet = Permuted(fleet, _order);
        _local = new FleetSchedule(Fleet, horizonSteps);
        EnergyKwh = new double[Fleet.Count];
        LowKw = new double[Fleet.Count];
        HighKw = new double[Fleet.Count];
        ExportBySlackKw = new double[horizonSteps + 1];
        ExportBucket = new int[Fleet.Count];
    }

    /// <summary>The fleet, its vehicles in slack order: vehicle i of the walk is vehicle <c>order[i]</c> of the fleet given.</summary>
    public Fleet Fleet { get; }

    /// <summary>Steps of the horizon.</summary>
    public int Steps { get; }

    /// <summary>The setpoints of the latest walk, in the fleet's own order (written by <see cref="Publish"/>).</summary>
    public FleetSchedule Schedule { get; }

    /// <summary>Each vehicle's battery energy now, kWh.</summary>
    public double[] EnergyKwh { get; }

    /// <summary>Each vehicle's least power at the step last bounded, kW (negative: it may export).</summary>
    public double[] LowKw { get; }

    /// <summary>Each vehicle's most power at the step last bounded, kW.</summary>
    public double[] HighKw { get; }

    /// <summary>What the V2G vehicles can export at the step last bounded, by slack in whole steps (0 to <see cref="Steps"/>), kW.</summary>
    public double[] ExportBySlackKw { get; }

    /// <summary>Each exporting vehicle's slack bucket at the step last bounded.</summary>
    public int[] ExportBucket { get; }

    /// <summary>The walk's setpoints at step <paramref name="t"/>, in slack order.</summary>
    public Span<float> Step(int t) => _local.Step(t);

    /// <summary>Every vehicle back to its arrival energy.</summary>
    public void Reset()
    {
        for (var i = 0; i < Fleet.Count; i++)
        {
            EnergyKwh[i] = Fleet.ArrivalEnergyKwh(i);
        }
    }

    /// <summary>
    /// Fills the feasible power interval of every vehicle for step <paramref name="t"/>; absent vehicles get [0, 0].
    /// <paramref name="sumBase"/> is the aggregate with nobody discharging and only forced charging.
    /// </summary>
    public void Bounds(int t, out double sumLow, out double sumBase, out double sumHigh)
    {
        var f = Fleet;
        const double dt = FleetRequest.StepHours;
        sumLow = 0;
        sumBase = 0;
        sumHigh = 0;
        Array.Clear(ExportBySlackKw);
        for (var i = 0; i < f.Count; i++)
        {
            if (t < f.Arrival[i] || t >= f.Departure[i])
            {
                LowKw[i] = 0;
                HighKw[i] = 0;
                continue;
            }

            var energy = EnergyKwh[i];
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

            LowKw[i] = low;
            if (low < 0)
            {
                // Slack in steps: how long the vehicle could still wait before charging flat out to its need.
                var slackSteps = f.Departure[i] - t - (Math.Max(0, remaining) / (maxCharge * etaC * dt));
                var bucket = Math.Clamp((int)Math.Floor(slackSteps), 0, Steps);
                ExportBucket[i] = bucket;
                ExportBySlackKw[bucket] -= low;
            }

            HighKw[i] = high;
            sumLow += low;
            sumBase += Math.Max(low, 0);
            sumHigh += high;
        }
    }

    /// <summary>The fleet's power nearest <paramref name="wanted"/> within the vehicles' summed interval and the site limit.</summary>
    public double ClampToSite(double wanted, double sumLow, double sumHigh)
    {
        var site = Fleet.SiteLimitKw;
        var upper = Math.Min(sumHigh, site);
        var lower = Math.Max(sumLow, -site);
        return lower > upper ? upper : Math.Clamp(wanted, lower, upper);
    }

    /// <summary>The site limit is below the forced charging even with all V2G discharging: forced charging is scaled down.</summary>
    public double SplitBelowForced(Span<float> step, double u, double sumLow, double sumBase)
    {
        var negative = sumLow - sumBase;
        var scale = sumBase > 0 ? Math.Max(0, (u - negative) / sumBase) : 0;
        var aggregate = 0.0;
        for (var i = 0; i < Fleet.Count; i++)
        {
            var low = LowKw[i];
            aggregate += Apply(i, low < 0 ? low : low * scale, step);
        }

        return aggregate;
    }

    /// <summary>Stores the setpoint (as the float the schedule keeps) and moves the battery energy by it; returns the setpoint stored.</summary>
    public double Apply(int i, double powerKw, Span<float> step)
    {
        var stored = (float)powerKw;
        step[i] = stored;
        var p = (double)stored;
        EnergyKwh[i] += p >= 0
            ? p * Fleet.ChargeEfficiency[i] * FleetRequest.StepHours
            : p / Fleet.DischargeEfficiency[i] * FleetRequest.StepHours;
        return p;
    }

    /// <summary>Copies the walk's setpoints, kept in slack order, into <see cref="Schedule"/> in the fleet's own order.</summary>
    public void Publish()
    {
        for (var t = 0; t < Steps; t++)
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
            Pick(fleet.ChargeEfficiency, order), Pick(fleet.DischargeEfficiency, order), fleet.SiteLimitKw, Pick(fleet.Chemistry, order));
    }

    /// <summary>Vehicles ordered by the last step they could start charging at full power and still meet their need.</summary>
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
