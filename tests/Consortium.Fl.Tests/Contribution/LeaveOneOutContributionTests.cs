using Consortium.Fl.Aggregation;
using Consortium.Fl.Contribution;
using Consortium.Fl.Strategies;

namespace Consortium.Fl.Tests.Contribution;

public class LeaveOneOutContributionTests
{
    private static readonly float[] Target = [1f, -2f, 3f];

    private static double DistanceToTarget(float[] parameters) => ParameterAggregation.L2Distance(parameters, Target);

    [Fact]
    public void MemberMovingTheModelTowardsTheTargetScoresPositiveAndOneMovingItAwayNegative()
    {
        MemberUpdate[] updates =
        [
            new("helpful", (float[])Target.Clone(), 100),
            new("also-helpful", [0.9f, -1.8f, 2.7f], 100),
            new("harmful", [-5f, 6f, -7f], 100),
        ];

        var scores = LeaveOneOutContribution.Score(new FedAvg(), new float[3], updates, DistanceToTarget);

        Assert.Equal(["helpful", "also-helpful", "harmful"], scores.Members.Select(m => m.MemberId));
        Assert.True(scores.Members[0].Score > 0);
        Assert.True(scores.Members[1].Score > 0);
        Assert.True(scores.Members[2].Score < 0);
        Assert.True(scores.Members[0].Score > scores.Members[1].Score);
        Assert.Equal(scores.Members[2].LossWithout - scores.LossWithAll, scores.Members[2].Score, 12);
    }

    [Fact]
    public void LossIsAskedForTheFullAggregateFirstThenEachModelWithoutOneMember()
    {
        MemberUpdate[] updates = [new("a", [2f], 1), new("b", [4f], 1), new("c", [9f], 2)];
        var asked = new List<float>();

        LeaveOneOutContribution.Score(new FedAvg(), [0f], updates, p =>
        {
            asked.Add(p[0]);
            return 0;
        });

        Assert.Equal([6f, 7.333333f, 6.6666665f, 3f], asked, new Close());
    }

    [Fact]
    public void SoleMemberIsScoredAgainstThePreviousGlobalModel()
    {
        var scores = LeaveOneOutContribution.Score(new FedAvg(), [10f, 10f, 10f], [new MemberUpdate("only", (float[])Target.Clone(), 5)], DistanceToTarget);

        Assert.Equal(0, scores.LossWithAll, 12);
        Assert.Equal(DistanceToTarget([10f, 10f, 10f]), scores.Members[0].Score, 6);
    }

    [Fact]
    public async Task AsynchronousScoringMatchesSynchronousScoring()
    {
        MemberUpdate[] updates = [new("a", [1f, 1f, 1f], 3), new("b", [0f, -2f, 2f], 1)];
        var expected = LeaveOneOutContribution.Score(new FedAvg(), new float[3], updates, DistanceToTarget);

        var actual = await LeaveOneOutContribution.ScoreAsync(
            new FedAvg(), new float[3], updates, async (p, ct) =>
            {
                await Task.Yield();
                return DistanceToTarget(p);
            });

        Assert.Equal(expected.LossWithAll, actual.LossWithAll);
        Assert.Equal(expected.Members, actual.Members);
    }

    [Fact]
    public void NonFiniteLossIsReportedForTheCandidateItBelongsTo()
    {
        MemberUpdate[] updates = [new("a", [1f], 1), new("b", [2f], 1)];
        var error = Assert.Throws<InvalidOperationException>(() =>
            LeaveOneOutContribution.Score(new FedAvg(), [0f], updates, p => p[0] == 2f ? double.NaN : 1));
        Assert.Contains("without a", error.Message);
    }

    [Fact]
    public void ScoringLeavesAServerOptimizersStateWhereItWas()
    {
        var strategy = new FedAdam();
        MemberUpdate[] updates = [new("a", [1f, 1f, 1f], 3), new("b", [0f, -2f, 2f], 1)];

        var scores = LeaveOneOutContribution.Score(strategy, new float[3], updates, DistanceToTarget);

        Assert.Equal(0, strategy.RoundsCompleted);
        Assert.Equal(DistanceToTarget(new FedAdam().Aggregate(new float[3], updates)), scores.LossWithAll, 12);
    }

    [Fact]
    public void RoundWithoutUpdatesCannotBeScored()
    {
        Assert.Throws<ArgumentException>(() => LeaveOneOutContribution.Score(new FedAvg(), [0f], [], _ => 0));
    }

    private sealed class Close : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => MathF.Abs(x - y) < 1e-5f;

        public int GetHashCode(float obj) => 0;
    }
}
