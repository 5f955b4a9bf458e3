using Consortium.Fl.Aggregation;
using Consortium.Fl.Strategies;

namespace Consortium.Fl.Tests.Strategies;

/// <summary>FedAvg combining with multi-Krum (f = 0, so the contract's three-update rounds are enough).</summary>
public class FedAvgWithMultiKrumTests : AggregationStrategyContract
{
    protected override AggregationStrategy CreateStrategy() => new FedAvg(new MultiKrumAggregator(assumedByzantine: 0, selected: 2));
}
