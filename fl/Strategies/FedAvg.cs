using Consortium.Fl.Aggregation;

namespace Consortium.Fl.Strategies;

/// <summary>
/// Federated averaging: the next global model is the mean of the members' models weighted by their
/// training sample counts (McMahan, Moore, Ramage, Hampson and Agüera y Arcas, "Communication-Efficient
/// Learning of Deep Networks from Decentralized Data", AISTATS 2017). With a robust
/// <see cref="AggregationStrategy.Aggregator"/>, the mean gives way to that rule.
/// </summary>
/// <param name="aggregator">How updates are combined; the weighted mean by default.</param>
public class FedAvg(UpdateAggregator? aggregator = null) : AggregationStrategy(aggregator)
{
    /// <inheritdoc />
    public override string Name => "FedAvg";

    /// <inheritdoc />
    protected override void AggregateInto(ReadOnlySpan<float> global, IReadOnlyList<MemberUpdate> updates, Span<float> destination) =>
        CombineUpdates(global, updates, destination);
}
