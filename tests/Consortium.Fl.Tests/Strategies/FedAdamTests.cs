using Consortium.Fl.Strategies;

namespace Consortium.Fl.Tests.Strategies;

public class FedAdamTests : AggregationStrategyContract
{
    protected override AggregationStrategy CreateStrategy() => new FedAdam();

    protected override bool AdoptsTheCombinedUpdate => false;

    [Fact]
    public void FirstStepFollowsTheAdamUpdateOfThePaperFromZeroMomentAndTauSquared()
    {
        var options = new ServerOptimizerOptions(LearningRate: 0.1, Beta1: 0.9, Beta2: 0.99, Tau: 1e-3);
        var next = new FedAdam(options).Aggregate([1f], [new MemberUpdate("a", [1.5f], 1)]);

        var m = 0.1 * 0.5;
        var v = (0.99 * 1e-6) + (0.01 * 0.25);
        Assert.Equal(1 + (0.1 * m / (Math.Sqrt(v) + 1e-3)), next[0], 5);
    }

    [Fact]
    public void MomentsMoveOnOnlyWhenARoundEnds()
    {
        var strategy = new FedAdam();
        strategy.Preview([0f], [new MemberUpdate("a", [1f], 1)]);
        Assert.Equal(0, strategy.RoundsCompleted);

        strategy.Aggregate([0f], [new MemberUpdate("a", [1f], 1)]);
        strategy.Aggregate([0f], [new MemberUpdate("a", [-2f], 1)]);

        Assert.Equal(2, strategy.RoundsCompleted);
        var m1 = 0.1;
        var v1 = (0.99 * 1e-6) + 0.01;
        Assert.Equal((0.9 * m1) + (0.1 * -2), strategy.FirstMoment[0], 5);
        Assert.Equal((0.99 * v1) + (0.01 * 4), strategy.SecondMoment[0], 5);
    }

    [Fact]
    public void RepeatedRoundsReachTheMembersCommonOptimum()
    {
        float[] target = [0.3f, -0.2f, 0.05f, 0.4f];
        var strategy = new FedAdam();
        var global = new float[4];
        for (var round = 0; round < 150; round++)
        {
            // Each member's local training moves halfway to the optimum.
            var local = global.Zip(target, (g, t) => g + (0.5f * (t - g))).ToArray();
            global = strategy.Aggregate(global, [new MemberUpdate("a", local, 1), new MemberUpdate("b", (float[])local.Clone(), 2)]);
        }

        for (var j = 0; j < target.Length; j++)
        {
            Assert.Equal(target[j], global[j], 2);
        }
    }

    [Fact]
    public void StateBelongsToOneModelAndCanBeReset()
    {
        var strategy = new FedAdam();
        strategy.Aggregate([0f, 0f], [new MemberUpdate("a", [1f, 1f], 1)]);

        Assert.True(strategy.KeepsServerState);
        Assert.Throws<InvalidOperationException>(() => strategy.Aggregate([0f], [new MemberUpdate("a", [1f], 1)]));

        strategy.ResetState();
        Assert.Equal(0, strategy.RoundsCompleted);
        Assert.Equal(new FedAdam().Aggregate([0f], [new MemberUpdate("a", [1f], 1)]), strategy.Aggregate([0f], [new MemberUpdate("a", [1f], 1)]));
    }

    [Theory]
    [InlineData(0.0, 0.9, 0.99, 1e-3)]
    [InlineData(0.1, 1.0, 0.99, 1e-3)]
    [InlineData(0.1, 0.9, -0.1, 1e-3)]
    [InlineData(0.1, 0.9, 0.99, 0.0)]
    public void HyperparametersOutOfRangeAreRefused(double eta, double beta1, double beta2, double tau)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new FedAdam(new ServerOptimizerOptions(eta, beta1, beta2, tau)));
    }
}
