using Consortium.Fl.Aggregation;
using Consortium.Fl.Strategies;

namespace Consortium.Fl.Tests.Strategies;

/// <summary>A server optimizer over a robust rule with a norm bound: the contract holds for the composition too.</summary>
public class FedAdamWithTrimmedMeanTests : AggregationStrategyContract
{
    protected override AggregationStrategy CreateStrategy() => new FedAdam(aggregator: new TrimmedMeanAggregator(0.2, normBound: 1000));

    protected override bool AdoptsTheCombinedUpdate => false;
}
