using Consortium.Dispatch.Fleets;

namespace Consortium.Dispatch.Exact;

/// <summary>
/// An operator's side of the price decomposition (<see cref="PriceDecomposition"/>), over its own vehicles only: given a
/// price per kW at each step it answers every vehicle with its best schedule (<see cref="VehicleResponse"/>) and returns,
/// per group of vehicles, the group's aggregate profile and own cost (wear and shortfall): the columns the coordinator
/// mixes. At the end it realizes the mix the coordinator chose, vehicle by vehicle. Nothing about a single vehicle leaves it.
/// </summary>
/// <remarks>
/// Vehicles are grouped by whether they can discharge and by the hour they arrive (<see cref="GroupOf"/>): vehicles of one
/// group answer prices alike, and the finer the groups the more freely the coordinator can mix their answers, at the price of
/// more columns. Answers are deterministic functions of the prices, so a column is remembered by the prices that made it and
/// realized by answering them again.
/// </remarks>
internal sealed class FleetPricer
{
    private readonly Fleet _fleet;
    private readonly int _steps;
    private readonly double[] _wear;
    private readonly double _shortfall;
    private readonly int[] _order;
    private readonly int[] _groupStart;

    /// <summary>Groups the fleet's vehicles; <paramref name="arrivalGroups"/> arrival-time bands, each split by V2G.</summary>
    public FleetPricer(Fleet fleet, int steps, DispatchCosts costs, int arrivalGroups)
    {
        _fleet = fleet;
        _steps = steps;
        _shortfall = costs.ShortfallPenaltyPerKwh;
        _wear = new double[fleet.Count];
        var groups = 2 * arrivalGroups;
        var counts = new int[groups + 1];
        var group = new int[fleet.Count];
        for (var i = 0; i < fleet.Count; i++)
        {
            _wear[i] = costs.WearPriceOf(fleet.Chemistry[i]);
            group[i] = GroupOf(fleet, i, steps, arrivalGroups);
            counts[group[i] + 1]++;
        }

        // Counting sort: the vehicles of group g are _order[_groupStart[g] .. _groupStart[g + 1]).
        for (var g = 0; g < groups; g++)
        {
            counts[g + 1] += counts[g];
        }

        _groupStart = (int[])counts.Clone();
        _order = new int[fleet.Count];
        for (var i = 0; i < fleet.Count; i++)
        {
            _order[counts[group[i]]++] = i;
        }

        Groups = groups;
    }

    /// <summary>Number of groups, empty ones included.</summary>
    public int Groups { get; }

    /// <summary>The fleet priced.</summary>
    public Fleet Fleet => _fleet;

    /// <summary>
    /// The own cost of group <paramref name="group"/> left idle: the shortfall of every vehicle's need from its arrival
    /// energy. The idle answer keeps every limit, so the coordinator's first mix is feasible.
    /// </summary>
    public double IdleCost(int group)
    {
        var cost = 0.0;
        for (var k = _groupStart[group]; k < _groupStart[group + 1]; k++)
        {
            var i = _order[k];
            var start = Math.Clamp(_fleet.ArrivalEnergyKwh(i), _fleet.FloorEnergyKwh(i), _fleet.CapacityKwh[i]);
            cost += _shortfall * Math.Max(0, _fleet.RequiredEnergyKwh(i) - start);
        }

        return cost;
    }

    /// <summary>Vehicles in group <paramref name="group"/>.</summary>
    public int GroupSize(int group) => _groupStart[group + 1] - _groupStart[group];

    /// <summary>The group of vehicle <paramref name="i"/>: its arrival band, and V2G or not.</summary>
    public static int GroupOf(Fleet fleet, int i, int steps, int arrivalGroups) =>
        (Math.Min(arrivalGroups - 1, fleet.Arrival[i] * arrivalGroups / steps) * 2) + (fleet.MaxDischargeKw[i] > 0 ? 1 : 0);

    /// <summary>
    /// Answers every vehicle to <paramref name="priceKw"/>: writes each group's aggregate (kW per step) into
    /// <paramref name="aggregateKw"/>[group] and own cost into <paramref name="ownCost"/>[group], and returns the sum over
    /// vehicles of the priced cost each minimised (the operator's part of the Lagrangian bound).
    /// </summary>
    public double Price(double[] priceKw, double[][] aggregateKw, double[] ownCost)
    {
        // Each group's priced total apart, summed in group order: the same prices give the same bound to the last bit,
        // whichever thread answered which group.
        var pricedPerGroup = new double[Groups];
        Parallel.For(
            0,
            Groups,
            new ParallelOptions(),
            () => (Response: new VehicleResponse(), Power: new float[_steps]),
            (g, loop, local) =>
            {
                var aggregate = aggregateKw[g];
                Array.Clear(aggregate);
                var own = 0.0;
                var groupPriced = 0.0;
                for (var k = _groupStart[g]; k < _groupStart[g + 1]; k++)
                {
                    var i = _order[k];
                    own += local.Response.Solve(_fleet, i, priceKw, _wear[i], _shortfall, local.Power, out var vehiclePriced);
                    groupPriced += vehiclePriced;
                    for (var t = _fleet.Arrival[i]; t < _fleet.Departure[i]; t++)
                    {
                        aggregate[t] += local.Power[t];
                        local.Power[t] = 0;
                    }
                }

                ownCost[g] = own;
                pricedPerGroup[g] = groupPriced;
                return local;
            },
            _ => { });
        var priced = 0.0;
        foreach (var groupPriced in pricedPerGroup)
        {
            priced += groupPriced;
        }

        return priced;
    }

    /// <summary>
    /// Per group, the aggregate (g · steps + t) and own cost of <paramref name="schedule"/>'s setpoints: the column
    /// "as the vehicles are now" that pricing can start from.
    /// </summary>
    public void Describe(FleetSchedule schedule, double[] groupAggregateKw, double[] groupOwnCost)
    {
        const double dt = FleetRequest.StepHours;
        Array.Clear(groupAggregateKw);
        Array.Clear(groupOwnCost);
        for (var g = 0; g < Groups; g++)
        {
            for (var k = _groupStart[g]; k < _groupStart[g + 1]; k++)
            {
                var i = _order[k];
                var energy = _fleet.ArrivalEnergyKwh(i);
                var discharged = 0.0;
                for (var t = _fleet.Arrival[i]; t < _fleet.Departure[i]; t++)
                {
                    double p = schedule.PowerKw(t, i);
                    groupAggregateKw[(g * _steps) + t] += p;
                    energy += p >= 0 ? p * _fleet.ChargeEfficiency[i] * dt : p / _fleet.DischargeEfficiency[i] * dt;
                    discharged += Math.Max(0, -p) * dt;
                }

                groupOwnCost[g] += (_wear[i] * discharged) + (_shortfall * Math.Max(0, _fleet.RequiredEnergyKwh(i) - energy));
            }
        }
    }

    /// <summary>
    /// Writes into <paramref name="schedule"/> each vehicle's mix of its group's columns: Σₖ weightₖ · answer(pricesₖ),
    /// <paramref name="mix"/>[group] listing (column, weight) pairs whose weights sum to one, column n being the answer to
    /// <paramref name="prices"/>[n], <see cref="PriceWeight.Idle"/> no power and
    /// <see cref="PriceWeight.Current"/> the setpoints of <paramref name="current"/>.
    /// </summary>
    public void Realize(IReadOnlyList<(int Column, double Weight)>[] mix, IReadOnlyList<double[]> prices, FleetSchedule? current, FleetSchedule schedule)
    {
        Parallel.For(
            0,
            Groups,
            () => (Response: new VehicleResponse(), Power: new float[_steps], Sum: new double[_steps]),
            (g, loop, local) =>
            {
                for (var k = _groupStart[g]; k < _groupStart[g + 1]; k++)
                {
                    var i = _order[k];
                    var first = _fleet.Arrival[i];
                    var last = _fleet.Departure[i];
                    Array.Clear(local.Sum, first, last - first);
                    foreach (var (column, weight) in mix[g])
                    {
                        if (column == PriceWeight.Idle)
                        {
                            continue;
                        }

                        if (column == PriceWeight.Current)
                        {
                            for (var t = first; t < last; t++)
                            {
                                local.Sum[t] += weight * current!.PowerKw(t, i);
                            }

                            continue;
                        }

                        local.Response.Solve(_fleet, i, prices[column], _wear[i], _shortfall, local.Power, out _);
                        for (var t = first; t < last; t++)
                        {
                            local.Sum[t] += weight * local.Power[t];
                        }
                    }

                    // A mix of answers that charge and discharge at the same step keeps more energy than their
                    // average (net power replays through the smaller loss), so replay it and trim what would overfill.
                    var floor = _fleet.FloorEnergyKwh(i);
                    var capacity = _fleet.CapacityKwh[i];
                    var gain = FleetRequest.StepHours * _fleet.ChargeEfficiency[i];
                    var loss = FleetRequest.StepHours / _fleet.DischargeEfficiency[i];
                    var energy = _fleet.ArrivalEnergyKwh(i);
                    for (var t = 0; t < _steps; t++)
                    {
                        if (t < first || t >= last)
                        {
                            schedule.Step(t)[i] = 0;
                            continue;
                        }

                        var power = Math.Clamp(local.Sum[t], -_fleet.MaxDischargeKw[i], _fleet.MaxChargeKw[i]);
                        if (power > 0)
                        {
                            power = Math.Min(power, Math.Max(0, (capacity - energy) / gain));
                        }
                        else if (power < 0)
                        {
                            power = Math.Max(power, -Math.Max(0, (energy - floor) / loss));
                        }

                        // Vehicles write disjoint cells of the schedule, so groups can run in parallel.
                        var stored = (float)power;
                        schedule.Step(t)[i] = stored;
                        energy += stored >= 0 ? stored * gain : stored * loss;
                    }
                }

                return local;
            },
            _ => { });
    }
}
