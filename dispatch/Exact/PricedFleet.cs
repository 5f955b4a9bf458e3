using Consortium.Dispatch.Fleets;

namespace Consortium.Dispatch.Exact;

/// <summary>
/// An operator's state through one dispatch by prices (<see cref="IPricedFleet"/>): its vehicles grouped, every price it
/// answered (column n is its answer to the n-th), and its setpoints from before pricing, so that it can realize any mix of
/// them. <c>LocalFleetOperator</c> and the in-process <see cref="PriceDecomposition"/> both keep one.
/// </summary>
internal sealed class PricedFleet
{
    /// <summary>Most prices one pricing answers before it refuses more (bounds what a coordinator can make it store).</summary>
    public const int MaxColumns = 10_000;

    private readonly Fleet _fleet;
    private readonly int _steps;
    private readonly DispatchCosts _costs;
    private readonly FleetPricer _pricer;
    private readonly List<double[]> _prices = [];
    private readonly FleetSchedule? _current;
    private double[]? _groupAggregate;
    private double[]? _groupOwn;

    /// <summary>Groups <paramref name="fleet"/>'s vehicles; <paramref name="current"/>, when given, is copied as the pre-pricing setpoints.</summary>
    public PricedFleet(Fleet fleet, int steps, DispatchCosts costs, int arrivalGroups, FleetSchedule? current)
    {
        _fleet = fleet;
        _steps = steps;
        _costs = costs;
        _pricer = new FleetPricer(fleet, steps, costs, arrivalGroups);
        if (current is not null)
        {
            _current = new FleetSchedule(fleet, steps);
            for (var t = 0; t < steps; t++)
            {
                current.Step(t).CopyTo(_current.Step(t));
            }
        }
    }

    /// <summary>Groups answered for.</summary>
    public int Groups => _pricer.Groups;

    /// <summary>What the coordinator needs to start: site limit, idle costs, and the pre-pricing column when there is one.</summary>
    public PricingBasis Basis()
    {
        var idle = new double[Groups];
        for (var g = 0; g < Groups; g++)
        {
            idle[g] = _pricer.IdleCost(g);
        }

        if (_current is null)
        {
            return new PricingBasis(_fleet.SiteLimitKw, idle);
        }

        var aggregate = new double[Groups * _steps];
        var own = new double[Groups];
        _pricer.Describe(_current, aggregate, own);
        return new PricingBasis(_fleet.SiteLimitKw, idle, aggregate, own);
    }

    /// <summary>Answers one price (see <see cref="IPricedFleet.PriceAsync"/>).</summary>
    /// <exception cref="ArgumentException">The price does not cover the horizon, is not finite, or the outputs are the wrong size.</exception>
    /// <exception cref="InvalidOperationException">More than <see cref="MaxColumns"/> prices.</exception>
    public double Price(ReadOnlySpan<double> priceKw, Span<double> groupAggregateKw, Span<double> groupOwnCost)
    {
        if (priceKw.Length != _steps || groupAggregateKw.Length != Groups * _steps || groupOwnCost.Length != Groups)
        {
            throw new ArgumentException($"A price covers {_steps} steps and its answer {Groups} groups × {_steps} steps; got {priceKw.Length} prices for {groupAggregateKw.Length} aggregates and {groupOwnCost.Length} costs.");
        }

        for (var t = 0; t < priceKw.Length; t++)
        {
            if (!double.IsFinite(priceKw[t]))
            {
                throw new ArgumentException($"The price at step {t} is {priceKw[t]}; prices must be finite.");
            }
        }

        if (_prices.Count >= MaxColumns)
        {
            throw new InvalidOperationException($"This pricing has answered {MaxColumns} prices already; start again to price more.");
        }

        var price = priceKw.ToArray();
        _prices.Add(price);
        _groupAggregate ??= new double[Groups * _steps];
        _groupOwn ??= new double[Groups];
        var rows = new double[Groups][];
        for (var g = 0; g < Groups; g++)
        {
            rows[g] = new double[_steps];
        }

        var priced = _pricer.Price(price, rows, _groupOwn);
        for (var g = 0; g < Groups; g++)
        {
            rows[g].CopyTo(groupAggregateKw.Slice(g * _steps, _steps));
        }

        _groupOwn.CopyTo(groupOwnCost);
        return priced;
    }

    /// <summary>Realizes a mix into <paramref name="schedule"/> and returns its own cost (see <see cref="IPricedFleet.RealizePricesAsync"/>).</summary>
    /// <exception cref="ArgumentException">A group or column that does not exist, a weight outside [0, 1], or a group whose weights do not sum to one.</exception>
    public double Realize(IReadOnlyList<PriceWeight> mix, FleetSchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(mix);
        var byGroup = new List<(int, double)>[Groups];
        var sums = new double[Groups];
        for (var g = 0; g < Groups; g++)
        {
            byGroup[g] = [];
        }

        foreach (var (group, column, weight) in mix)
        {
            if (group < 0 || group >= Groups)
            {
                throw new ArgumentException($"The mix names group {group}; there are {Groups}.", nameof(mix));
            }

            if (column < PriceWeight.Current || column >= _prices.Count || (column == PriceWeight.Current && _current is null))
            {
                throw new ArgumentException($"The mix names column {column} of group {group}; {_prices.Count} prices were answered{(_current is null ? " and there are no setpoints from before" : "")}.", nameof(mix));
            }

            if (!(weight >= 0 && weight <= 1 + 1e-9))
            {
                throw new ArgumentException($"The mix gives column {column} of group {group} a weight of {weight}; weights lie in [0, 1].", nameof(mix));
            }

            byGroup[group].Add((column, weight));
            sums[group] += weight;
        }

        for (var g = 0; g < Groups; g++)
        {
            if (_pricer.GroupSize(g) == 0)
            {
                continue;
            }

            if (Math.Abs(sums[g] - 1) > 1e-6)
            {
                throw new ArgumentException($"The weights of group {g} sum to {sums[g]}, not one.", nameof(mix));
            }

            for (var k = 0; k < byGroup[g].Count; k++)
            {
                byGroup[g][k] = (byGroup[g][k].Item1, byGroup[g][k].Item2 / sums[g]);
            }
        }

        _pricer.Realize(byGroup, _prices, _current, schedule);
        var own = DispatchObjective.Evaluate(new FleetRequest(_steps, new double[_steps], [_fleet]), [schedule], _costs);
        return own.WearCost + own.ShortfallCost;
    }
}
