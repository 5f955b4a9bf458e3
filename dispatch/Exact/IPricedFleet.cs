namespace Consortium.Dispatch.Exact;

/// <summary>
/// One operator's side of the dispatch by prices (<see cref="PriceStage"/>): it answers a price per kW at each step with
/// the best schedule of every one of its vehicles, and reports only per group of vehicles the aggregate and own cost
/// (wear and shortfall). Groups are the vehicles' arrival bands, each split by whether they can discharge; the answers to
/// the n-th prices are the operator's column n of each group. At the end it realizes the mix the coordinator chose.
/// </summary>
public interface IPricedFleet
{
    /// <summary>Who answers, for messages.</summary>
    string Name { get; }

    /// <summary>
    /// Starts pricing: the operator groups its vehicles into <paramref name="arrivalGroups"/> arrival bands, each split by
    /// V2G, and forgets earlier prices. Null when it does not take part (it then keeps its setpoints).
    /// </summary>
    ValueTask<PricingBasis?> BeginPricingAsync(int arrivalGroups, CancellationToken cancellationToken);

    /// <summary>
    /// Answers <paramref name="priceKw"/> (per kW of net charging at each step, Δt included): writes group g's aggregate at
    /// step t into <paramref name="groupAggregateKw"/>[g · steps + t] and its own cost into <paramref name="groupOwnCost"/>[g],
    /// and returns the sum over its vehicles of the priced cost each minimised (own cost plus the prices paid).
    /// </summary>
    ValueTask<double> PriceAsync(ReadOnlyMemory<double> priceKw, Memory<double> groupAggregateKw, Memory<double> groupOwnCost, CancellationToken cancellationToken);

    /// <summary>
    /// Sets every vehicle to the mix of its answers that <paramref name="mix"/> gives its group (weights per group summing
    /// to one; <see cref="PriceWeight.Idle"/> and <see cref="PriceWeight.Current"/> for the idle and the pre-pricing
    /// setpoints), writes the fleet's aggregate into <paramref name="aggregateKw"/> and returns its own cost.
    /// </summary>
    /// <exception cref="ArgumentException">The mix names a group or column that does not exist, or its weights are not a mix.</exception>
    ValueTask<double> RealizePricesAsync(IReadOnlyList<PriceWeight> mix, Memory<double> aggregateKw, CancellationToken cancellationToken);
}

/// <summary>What an operator tells the coordinator when pricing starts.</summary>
/// <param name="SiteLimitKw">The operator's site limit (infinity for none).</param>
/// <param name="IdleCost">Per group, the own cost of leaving it idle (the shortfall of its needs); the group count is its length.</param>
/// <param name="CurrentAggregateKw">Per group and step (g · steps + t), the aggregate of its setpoints before pricing (the cleared ones), or null when it has none.</param>
/// <param name="CurrentOwnCost">Per group, the own cost of those setpoints, or null.</param>
public sealed record PricingBasis(double SiteLimitKw, double[] IdleCost, double[]? CurrentAggregateKw = null, double[]? CurrentOwnCost = null)
{
    /// <summary>Groups the operator answers for.</summary>
    public int Groups => IdleCost.Length;

    /// <summary>Throws when the basis does not fit <paramref name="steps"/> steps and <paramref name="arrivalGroups"/> bands, naming what is wrong.</summary>
    public void Validate(string who, int steps, int arrivalGroups)
    {
        if (IdleCost.Length != 2 * arrivalGroups)
        {
            throw new InvalidDataException($"{who} priced {IdleCost.Length} groups, not the {2 * arrivalGroups} asked for.");
        }

        if (!(SiteLimitKw > 0) || double.IsNaN(SiteLimitKw))
        {
            throw new InvalidDataException($"{who} gave a site limit of {SiteLimitKw} kW.");
        }

        if ((CurrentAggregateKw is null) != (CurrentOwnCost is null)
            || (CurrentAggregateKw is not null && CurrentAggregateKw.Length != IdleCost.Length * steps)
            || (CurrentOwnCost is not null && CurrentOwnCost.Length != IdleCost.Length))
        {
            throw new InvalidDataException($"{who} gave current setpoints that do not cover its {IdleCost.Length} groups over {steps} steps.");
        }

        foreach (var value in IdleCost.Concat(CurrentAggregateKw ?? []).Concat(CurrentOwnCost ?? []))
        {
            if (!double.IsFinite(value))
            {
                throw new InvalidDataException($"{who} gave a cost or aggregate of {value}.");
            }
        }
    }
}

/// <summary>The weight of one column of one group in the coordinator's mix.</summary>
/// <param name="Group">The group.</param>
/// <param name="Column">The answer to the operator's <c>Column</c>-th prices, or <see cref="Idle"/>, or <see cref="Current"/>.</param>
/// <param name="Weight">Its weight, in [0, 1].</param>
public readonly record struct PriceWeight(int Group, int Column, double Weight)
{
    /// <summary>The column of a group left idle.</summary>
    public const int Idle = -1;

    /// <summary>The column of a group's setpoints before pricing.</summary>
    public const int Current = -2;
}
