using Consortium.Fl.Strategies;
using Consortium.Fl.Training;

namespace Consortium.Fl.Tests.Strategies;

public class FedProxTests : AggregationStrategyContract
{
    protected override AggregationStrategy CreateStrategy() => new FedProx(0.1);

    [Fact]
    public void MembersAreAskedToTrainWithTheProximalTerm()
    {
        var configured = new FedProx(0.25).ConfigureTraining(1, LocalTrainingOptions.Default);
        Assert.Equal(0.25, configured.ProximalMu);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    public void MuMustBePositive(double mu)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new FedProx(mu));
    }
}
