using Consortium.Fl.Aggregation;
using Consortium.Fl.Strategies;

namespace Consortium.Fl.Tests.Strategies;

public class StrategyConfigurationTests
{
    [Fact]
    public void EachKindCreatesItsStrategyWithTheChosenRule()
    {
        var median = new AggregationRule(AggregatorKind.Median);
        Assert.IsType<FedAvg>(new StrategyConfiguration().Create());
        Assert.Equal(0.5, Assert.IsType<FedProx>(new StrategyConfiguration(StrategyKind.FedProx) { ProximalMu = 0.5 }.Create()).Mu);
        Assert.IsType<MedianAggregator>(new StrategyConfiguration(StrategyKind.FedAdam, median).Create().Aggregator);
        Assert.Equal(0.2, Assert.IsType<FedYogi>(new StrategyConfiguration(StrategyKind.FedYogi) { ServerOptimizer = new(LearningRate: 0.2) }.Create()).Options.LearningRate);
    }

    [Fact]
    public void EveryCreateGivesAStrategyOfItsOwn()
    {
        var configuration = new StrategyConfiguration(StrategyKind.FedAdam);
        Assert.NotSame(configuration.Create(), configuration.Create());
    }

    [Theory]
    [InlineData("fedavg", StrategyKind.FedAvg)]
    [InlineData("FedYogi", StrategyKind.FedYogi)]
    public void KindsAreReadByName(string name, StrategyKind kind)
    {
        Assert.Equal(kind, StrategyConfiguration.ParseKind(name));
    }

    [Theory]
    [InlineData("fedsgd")]
    [InlineData("2")]
    public void UnknownKindsAreRefused(string name)
    {
        Assert.Throws<FormatException>(() => StrategyConfiguration.ParseKind(name));
    }
}
