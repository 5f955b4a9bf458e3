using Consortium.Fl.Aggregation;
using Consortium.Fl.Contribution;
using Consortium.Fl.Strategies;

namespace Consortium.Fl.Tests.Contribution;

/// <summary>
/// Scoring by coalitions, as the coordinator does it when members rebuild the candidates: the same scores as scoring
/// the models the strategy previews, for a strategy without server state, and coalition models that depend only on the
/// starting model, the updates and the rule.
/// </summary>
public sealed class CoalitionScoringTests
{
    private const int Dimensions = 12;
    private static readonly float[] Target = [.. Enumerable.Range(0, Dimensions).Select(i => 1f + (i % 4))];
    private static readonly float[] Global = new float[Dimensions];

    [Theory]
    [InlineData(ScoringMethod.Shapley, 4)]
    [InlineData(ScoringMethod.Shapley, 8)]
    [InlineData(ScoringMethod.LeaveOneOut, 1)]
    [InlineData(ScoringMethod.LeaveOneOut, 5)]
    public async Task CoalitionsRebuiltFromTheUpdatesScoreAsTheStrategysModels(ScoringMethod method, int members)
    {
        var updates = Updates(members);
        var rule = new FedAvg().Aggregator;
        var seed = Hash32.Parse("0x" + new string('1', 64));

        var byModels = await ContributionScoring.ScoreAsync(
            method, new FedAvg(), Global, updates, (models, _) => Task.FromResult<IReadOnlyList<double>>([.. models.Select(Loss)]), new ShapleyOptions(), seed, 3, CancellationToken.None);
        var byCoalitions = await ContributionScoring.ScoreCoalitionsAsync(
            method,
            [.. updates.Select(u => u.MemberId)],
            (coalitions, _) => Task.FromResult<IReadOnlyList<double>>([.. coalitions.Select(c => Loss(CoalitionModels.Combine(rule, Global, updates, CoalitionModels.Members(c))))]),
            new ShapleyOptions(),
            seed,
            3,
            CancellationToken.None);

        Assert.Equal(byModels.Label, byCoalitions.Label);
        Assert.Equal(byModels.Scores, byCoalitions.Scores);
        // With one member, "all but it" is the starting model: evaluated once by coalition, twice by model.
        Assert.Equal(byModels.Evaluations - (members == 1 ? 1 : 0), byCoalitions.Evaluations);
    }

    [Fact]
    public void TheEmptyCoalitionIsTheStartingModelAndAMemberAppearsOnce()
    {
        var updates = Updates(3);
        var rule = new MeanAggregator();

        Assert.Equal(Global, CoalitionModels.Combine(rule, Global, updates, []));
        Assert.Equal([0, 2, 5], CoalitionModels.Members(0b100101));
        Assert.Contains("appears twice", Assert.Throws<ArgumentException>(() => CoalitionModels.Combine(rule, Global, updates, [1, 1])).Message);
        Assert.Contains("not one of the round's 3 updates", Assert.Throws<ArgumentException>(() => CoalitionModels.Combine(rule, Global, updates, [3])).Message);
    }

    [Theory]
    [InlineData("mean")]
    [InlineData("median,norm=2.5")]
    [InlineData("trimmed-mean:0.2")]
    [InlineData("multi-krum:1:2,norm=4")]
    public void AnAggregatorsRuleRebuildsTheSameAggregator(string text)
    {
        var aggregator = AggregationRule.Parse(text).CreateAggregator();

        var rebuilt = AggregationRule.Parse(aggregator.Rule.ToString()).CreateAggregator();

        Assert.Equal(text, aggregator.Rule.ToString());
        Assert.Equal(aggregator.ToString(), rebuilt.ToString());
    }

    private static List<MemberUpdate> Updates(int count) =>
        [.. Enumerable.Range(0, count).Select(i => new MemberUpdate($"m{i}", [.. Target.Select((t, d) => t * (0.3f + (0.1f * i)) + (d % (i + 2) * 0.05f))], 50 + (10 * i)))];

    private static double Loss(float[] parameters) => parameters.Zip(Target).Sum(p => (p.First - p.Second) * (p.First - p.Second));
}
