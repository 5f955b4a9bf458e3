using Consortium.Fl.Contribution;
using Consortium.Fl.Strategies;

namespace Consortium.Fl.Tests.Contribution;

/// <summary>
/// The served rule on a model small enough to follow by hand: each member's "data" is a target vector, its validation
/// loss the squared distance of a model to that target times its load scale, and an honest member's update moves the
/// round's starting model toward its own target.
/// </summary>
public sealed class ServedRewardRuleTests
{
    private const int Dimensions = 12;
    private static readonly float[] Zero = new float[Dimensions];
    private static readonly float[] Common = [.. Enumerable.Range(0, Dimensions).Select(i => 1f + (i % 4))];
    private static readonly float[] Different = [.. Enumerable.Range(0, Dimensions).Select(i => i < 4 ? 1f + (i % 4) : -1f + (i % 3))];

    [Fact]
    public async Task AnHonestMemberWhoseDataDiffersIsServedThoughThePooledLossCallsItHarmful()
    {
        var round = DifferentMemberRound();

        var pooled = await ShapleyContribution.ComputeAsync(
            [.. round.Updates.Select(u => u.MemberId)],
            (coalitions, _) => Task.FromResult<IReadOnlyList<double>>([.. coalitions.Select(c => Enumerable.Range(0, 3).Sum(j => round.Loss(j, round.Model(c))))]));
        var (_, served) = await ServeAsync(round);

        Assert.True(pooled.Values[2] < 0, $"pooled value of the different member {pooled.Values[2]}");
        Assert.All(served, s => Assert.Equal(ServedVerdict.Served, s.Verdict));
        Assert.True(served[2].Served > 0 && served[2].ChainScore > 0, $"served score of the different member {served[2].Served}");
        Assert.True(served[2].OwnValue > 0);
        Assert.True(served[2].OthersMedian < 0, "its update does raise the others' loss, which the checks tolerate below the harm threshold");
    }

    [Fact]
    public async Task AFreeRiderSendingTheStartingModelBackGetsNeitherFloorNorShareEvenWhenItLiesAboutItsOwnLoss()
    {
        var round = HonestRound(3).With(new MemberUpdate("free-rider", (float[])Zero.Clone(), 100), Common, 1);

        var (_, honestReport) = await ServeAsync(round);
        var (_, lying) = await ServeAsync(round, liar: 3);

        foreach (var served in new[] { honestReport, lying })
        {
            Assert.Equal(ServedVerdict.FreeRider, served[3].Verdict);
            Assert.False(served[3].Paid);
            Assert.True(served[3].ChainScore <= 0);
            Assert.All(served.Take(3), s => Assert.True(s.Paid, $"{s.MemberId} {s.Verdict}"));
        }

        Assert.True(lying[3].Served > 0, "its lie does credit it in its own game; the change-norm check is what stops it");
    }

    [Fact]
    public async Task APoisonerGetsNeitherFloorNorShareEvenWhenItLiesAboutItsOwnLoss()
    {
        var round = HonestRound(3).With(new MemberUpdate("poisoner", [.. Common.Select(t => -3 * t)], 100), Common, 1);

        var (_, lying) = await ServeAsync(round, liar: 3);

        Assert.Equal(ServedVerdict.Poisoner, lying[3].Verdict);
        Assert.False(lying[3].Paid);
        Assert.True(lying[3].ChainScore < 0, "its on-chain score shows the harm the others measured");
        Assert.All(lying.Take(3), s => Assert.Equal(ServedVerdict.Served, s.Verdict));
    }

    [Fact]
    public async Task ALyingValidatorCannotMakeAnHonestMemberAPoisonerOnItsOwn()
    {
        var round = HonestRound(4);

        // Member 0 claims that every coalition with member 1 in it is a disaster on its data.
        var values = await ServedContribution.ComputeAsync(
            ScoringMethod.Shapley,
            [.. round.Updates.Select(u => u.MemberId)],
            (coalitions, ct) => Task.FromResult<IReadOnlyList<IReadOnlyList<double>>>([.. coalitions.Select(c => (IReadOnlyList<double>)[.. Enumerable.Range(0, 4).Select(j =>
                j == 0 && ((c >> 1) & 1) == 1 ? 1e6 : round.Loss(j, round.Model(c)))])]),
            new ShapleyOptions(),
            CancellationToken.None);
        var served = ServedRewardRule.Judge(values, ServedRewardRule.ChangeNorms(round.Start, round.Updates), new ServedRewardOptions());

        Assert.True(values.Relative[0][1] < -new ServedRewardOptions().HarmThreshold);
        Assert.All(served, s => Assert.Equal(ServedVerdict.Served, s.Verdict));
    }

    [Fact]
    public async Task AValidatorLyingAboutItsOwnLossGainsAtMostTheMedianImprovementOverTheMemberCount()
    {
        var round = HonestRound(4);

        var (values, honest) = await ServeAsync(round);
        var (_, lying) = await ServeAsync(round, liar: 0);

        var bound = Math.Max(0, Median(values.Improvement)) / round.Updates.Count;
        Assert.True(lying[0].Served > honest[0].Served, "the lie pays something");
        Assert.True(lying[0].Served - honest[0].Served <= bound + 1e-12, $"gain {lying[0].Served - honest[0].Served}, bound {bound}");
        for (var i = 1; i < round.Updates.Count; i++)
        {
            Assert.True(honest[i].Served - lying[i].Served <= bound + 1e-12, $"member {i} lost more than the liar's row");
        }
    }

    [Fact]
    public async Task EachValidatorsExactValuesAddUpToWhatTheRoundDidForIt()
    {
        var (values, _) = await ServeAsync(DifferentMemberRound());

        Assert.True(values.Exact);
        Assert.Equal(8, values.Evaluations);
        for (var j = 0; j < 3; j++)
        {
            Assert.Equal(values.Improvement[j], values.Relative[j].Sum(), 9);
        }
    }

    [Fact]
    public async Task LeaveOneOutValuesAreEachValidatorsLossWithoutTheMemberLessItsLossWithAll()
    {
        var round = DifferentMemberRound();
        var values = await ServedContribution.ComputeAsync(
            ScoringMethod.LeaveOneOut, [.. round.Updates.Select(u => u.MemberId)], round.Losses(liar: null), new ShapleyOptions(), CancellationToken.None);

        for (var j = 0; j < 3; j++)
        {
            var start = round.Loss(j, round.Start);
            for (var i = 0; i < 3; i++)
            {
                var without = round.Loss(j, round.Model(0b111UL & ~(1UL << i)));
                Assert.Equal((without - round.Loss(j, round.Model(0b111))) / start, values.Relative[j][i], 9);
            }
        }

        Assert.Equal(5, values.Evaluations);
    }

    [Fact]
    public async Task SampledValuesEvaluateEachCoalitionOnceForAllValidators()
    {
        var round = HonestRound(8);
        var asked = new List<ulong>();

        var values = await ServedContribution.ComputeAsync(
            ScoringMethod.Shapley,
            [.. round.Updates.Select(u => u.MemberId)],
            (coalitions, ct) =>
            {
                asked.AddRange(coalitions);
                return round.Losses(liar: null)(coalitions, ct);
            },
            new ShapleyOptions(ExactUpTo: 4, Permutations: 16, Seed: 5),
            CancellationToken.None);

        Assert.False(values.Exact);
        Assert.Equal(asked.Count, asked.Distinct().Count());
        Assert.Equal(asked.Count, values.Evaluations);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(9)]
    public async Task OnRandomRoundsScoresAreNotNegativeAddUpToAtMostTheCapAndOnlyPaidMembersScoreAboveZero(int seed)
    {
        var random = new Random(seed);
        for (var trial = 0; trial < 20; trial++)
        {
            var n = random.Next(1, 7);
            var round = new Round(Zero, [], [], []);
            for (var i = 0; i < n; i++)
            {
                var target = Enumerable.Range(0, Dimensions).Select(_ => (float)(random.NextDouble() * 4 - 1)).ToArray();
                float[] parameters = random.Next(5) switch
                {
                    0 => (float[])Zero.Clone(),
                    1 => [.. target.Select(t => -3 * t)],
                    _ => [.. target.Select(t => t * (float)(0.2 + random.NextDouble()))],
                };
                round = round.With(new MemberUpdate($"m{i}", parameters, random.Next(10, 500)), target, 0.1 + random.NextDouble() * 20);
            }

            int? liar = n > 1 && random.Next(3) == 0 ? random.Next(n) : null;
            var (values, served) = await ServeAsync(round, liar);

            var cap = Math.Max(0, Median(values.Improvement));
            Assert.All(served, s => Assert.True(s.Served >= 0));
            Assert.True(served.Sum(s => s.Served) <= cap + 1e-9, $"scores add up to {served.Sum(s => s.Served)}, cap {cap}");
            Assert.All(served, s => Assert.True(s.Paid ? s.ChainScore == ContributionScore.ToFixed(s.Served) : s.ChainScore <= 0, $"{s.MemberId} {s.Verdict} {s.ChainScore}"));
            Assert.All(served.Where((_, i) => round.Updates[i].Parameters.All(p => p == 0)), s => Assert.Equal(ServedVerdict.FreeRider, s.Verdict));
        }
    }

    [Fact]
    public void OptionsOutOfRangeAreRefusedByName()
    {
        Assert.Equal("Floor", Assert.Throws<ArgumentOutOfRangeException>(() => new ServedRewardOptions(Floor: 1.5).Validate()).ParamName);
        Assert.Equal("HarmThreshold", Assert.Throws<ArgumentOutOfRangeException>(() => new ServedRewardOptions(HarmThreshold: 0).Validate()).ParamName);
        Assert.Equal("StillRatio", Assert.Throws<ArgumentOutOfRangeException>(() => new ServedRewardOptions(StillRatio: 1).Validate()).ParamName);
    }

    [Fact]
    public async Task AValidatorReportingANegativeLossIsRefused()
    {
        var round = HonestRound(2);

        await Assert.ThrowsAsync<InvalidOperationException>(() => ServedContribution.ComputeAsync(
            ScoringMethod.Shapley,
            [.. round.Updates.Select(u => u.MemberId)],
            (coalitions, _) => Task.FromResult<IReadOnlyList<IReadOnlyList<double>>>([.. coalitions.Select(_ => (IReadOnlyList<double>)[1.0, -1.0])]),
            new ShapleyOptions(),
            CancellationToken.None));
    }

    /// <summary>
    /// A later round: the starting model halfway to the common pattern; two members with that pattern and ten times the
    /// load move half (and 0.4) of the rest of the way, one with a small, different pattern a fifth of the way to its own.
    /// </summary>
    private static Round DifferentMemberRound()
    {
        float[] start = [.. Common.Select(c => 0.5f * c)];
        return new Round(start, [Common, Common, Different], [10, 10, 1], [
            new MemberUpdate("dundee-a", Toward(start, Common, 0.5f), 100),
            new MemberUpdate("dundee-b", Toward(start, Common, 0.4f), 100),
            new MemberUpdate("perth", Toward(start, Different, 0.2f), 100),
        ]);
    }

    /// <summary>Members with the same data, each moving from zero most of the way to it.</summary>
    private static Round HonestRound(int count) => new(
        Zero,
        [.. Enumerable.Repeat(Common, count)],
        [.. Enumerable.Repeat(1.0, count)],
        [.. Enumerable.Range(0, count).Select(i => new MemberUpdate($"m{i}", Toward(Zero, Common, 0.7f + 0.05f * i), 100 + 10 * i))]);

    private static float[] Toward(float[] from, float[] target, float share) => [.. from.Zip(target, (f, t) => f + share * (t - f))];

    private static async Task<(ServedValues Values, IReadOnlyList<ServedScore> Scores)> ServeAsync(Round round, int? liar = null)
    {
        var values = await ServedContribution.ComputeAsync(
            ScoringMethod.Shapley, [.. round.Updates.Select(u => u.MemberId)], round.Losses(liar), new ShapleyOptions(), CancellationToken.None);
        return (values, ServedRewardRule.Judge(values, ServedRewardRule.ChangeNorms(round.Start, round.Updates), new ServedRewardOptions()));
    }

    private static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>A round: its starting model, each member's target and load scale, and each member's update.</summary>
    private sealed record Round(float[] Start, List<float[]> Targets, List<double> Scales, List<MemberUpdate> Updates)
    {
        public Round With(MemberUpdate update, float[] target, double scale) => new(Start, [.. Targets, target], [.. Scales, scale], [.. Updates, update]);

        public float[] Model(ulong coalition) => CoalitionModels.Combine(new FedAvg().Aggregator, Start, Updates, CoalitionModels.Members(coalition));

        public double Loss(int validator, float[] model)
        {
            double sum = 0;
            for (var i = 0; i < model.Length; i++)
            {
                var d = model[i] - Targets[validator][i];
                sum += d * d;
            }

            return Scales[validator] * sum;
        }

        /// <summary>Every validator's loss of each coalition; a liar claims zero loss with its own update in and its starting loss without.</summary>
        public Func<IReadOnlyList<ulong>, CancellationToken, Task<IReadOnlyList<IReadOnlyList<double>>>> Losses(int? liar) =>
            (coalitions, _) => Task.FromResult<IReadOnlyList<IReadOnlyList<double>>>([.. coalitions.Select(c =>
            {
                var model = Model(c);
                return (IReadOnlyList<double>)[.. Enumerable.Range(0, Targets.Count).Select(j =>
                    j == liar ? ((c >> j) & 1) == 1 ? 0 : Loss(j, Start) : Loss(j, model))];
            })]);
    }
}
