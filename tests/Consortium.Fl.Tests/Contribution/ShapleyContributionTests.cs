using Consortium.Fl.Contribution;
using Consortium.Fl.Strategies;

namespace Consortium.Fl.Tests.Contribution;

public sealed class ShapleyContributionTests
{
    private const int Dimensions = 16;
    private static readonly float[] Target = Enumerable.Range(0, Dimensions).Select(i => 1f + (i % 5)).ToArray();
    private static readonly float[] Global = new float[Dimensions];

    [Fact]
    public async Task ExactValuesAddUpToTheWholeRoundsImprovement()
    {
        var updates = Honest(4);

        var shapley = await ComputeAsync(updates, new ShapleyOptions(ExactUpTo: 6));

        Assert.True(shapley.Exact);
        Assert.Equal(16, shapley.Evaluations);
        Assert.Equal(shapley.GlobalLoss - shapley.GrandCoalitionLoss, shapley.Values.Sum(), 6);
    }

    [Fact]
    public async Task IdenticalUpdatesGetEqualValues()
    {
        var update = Shifted(0.1f);
        MemberUpdate[] updates = [new("a", update, 100), new("b", update, 100), new("c", Shifted(-0.3f), 100)];

        var shapley = await ComputeAsync(updates, new ShapleyOptions());

        Assert.Equal(shapley.Values[0], shapley.Values[1], 9);
    }

    [Fact]
    public async Task FreeRiderSendingTheGlobalModelBackScoresNothingPositive()
    {
        var updates = Honest(3).Append(new MemberUpdate("free-rider", (float[])Global.Clone(), 100)).ToList();

        var shapley = await ComputeAsync(updates, new ShapleyOptions());

        Assert.All(shapley.Values.Take(3), v => Assert.True(v > 0));
        Assert.True(shapley.Values[3] <= 0, $"free rider {shapley.Values[3]}");
    }

    [Fact]
    public async Task PoisonerScoresBelowZero()
    {
        var updates = Honest(3).Append(new MemberUpdate("poisoner", Target.Select(t => -3 * t).ToArray(), 100)).ToList();

        var shapley = await ComputeAsync(updates, new ShapleyOptions());

        Assert.True(shapley.Values[3] < 0, $"poisoner {shapley.Values[3]}");
        Assert.True(shapley.Values[3] < shapley.Values.Take(3).Min());
    }

    [Fact]
    public async Task SampledValuesApproachTheExactOnesAndAreCheaper()
    {
        var updates = Honest(7).ToList();
        updates[6] = new MemberUpdate("poisoner", Target.Select(t => -2 * t).ToArray(), 100);

        var exact = await ComputeAsync(updates, new ShapleyOptions(ExactUpTo: 7));
        var sampled = await ComputeAsync(updates, new ShapleyOptions(ExactUpTo: 3, Permutations: 140, TruncationTolerance: 0.001, Seed: 3));

        Assert.False(sampled.Exact);
        Assert.True(sampled.Evaluations < exact.Evaluations);
        var scale = exact.Values.Max(Math.Abs);
        for (var i = 0; i < updates.Count; i++)
        {
            Assert.True(Math.Abs(sampled.Values[i] - exact.Values[i]) < 0.1 * scale, $"member {i}: sampled {sampled.Values[i]}, exact {exact.Values[i]}");
        }

        Assert.True(sampled.Values[6] < 0);
    }

    [Fact]
    public async Task SameSeedGivesTheSameValuesAndAnotherSeedOtherSamples()
    {
        // Updates far apart, and no truncation, so the order of the sampled permutations matters.
        var updates = Enumerable.Range(0, 9).Select(i => new MemberUpdate($"m{i}", Shifted(0.7f * (i - 4)), 50 + 40 * i)).ToList();
        var options = new ShapleyOptions(ExactUpTo: 4, Permutations: 9, TruncationTolerance: 0, Seed: 11);

        var first = await ComputeAsync(updates, options);
        var again = await ComputeAsync(updates, options);
        var other = await ComputeAsync(updates, options with { Seed = 12 });

        Assert.Equal(first.Values, again.Values);
        Assert.NotEqual(first.Values, other.Values);
    }

    [Fact]
    public async Task NonFiniteLossIsRefused()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() => ShapleyContribution.ComputeAsync(
            new FedAvg(), Global, Honest(2), (models, _) => Task.FromResult<IReadOnlyList<double>>(models.Select(_ => double.NaN).ToList())));
    }

    private static Task<ShapleyValues> ComputeAsync(IReadOnlyList<MemberUpdate> updates, ShapleyOptions options) =>
        ShapleyContribution.ComputeAsync(new FedAvg(), Global, updates, (models, _) => Task.FromResult<IReadOnlyList<double>>(models.Select(Loss).ToList()), options);

    private static double Loss(float[] parameters)
    {
        double sum = 0;
        for (var i = 0; i < parameters.Length; i++)
        {
            var d = parameters[i] - Target[i];
            sum += d * d;
        }

        return sum;
    }

    private static float[] Shifted(float by) => Target.Select(t => t + by).ToArray();

    private static List<MemberUpdate> Honest(int count) =>
        Enumerable.Range(0, count).Select(i => new MemberUpdate($"m{i}", Shifted(0.05f * (i - count / 2)), 100 + 10 * i)).ToList();
}
