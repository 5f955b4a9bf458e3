using Consortium.Fl.Strategies;
using Consortium.Fl.Training;

namespace Consortium.Fl.Tests.Strategies;

/// <summary>Behaviour every aggregation strategy must have; each strategy's test class derives from this.</summary>
public abstract class AggregationStrategyContract
{
    protected abstract AggregationStrategy CreateStrategy();

    [Fact]
    public void IdenticalUpdatesAggregateToThatUpdateWhateverTheirWeights()
    {
        float[] update = [0.5f, -1.25f, 3f];
        var next = CreateStrategy().Aggregate(new float[3], [
            new MemberUpdate("a", update, 10),
            new MemberUpdate("b", (float[])update.Clone(), 1),
            new MemberUpdate("c", (float[])update.Clone(), 1234),
        ]);
        Assert.Equal(update, next);
    }

    [Fact]
    public void RoundWithoutUpdatesKeepsTheGlobalModel()
    {
        float[] global = [1f, 2f];
        Assert.Equal(global, CreateStrategy().Aggregate(global, []));
    }

    [Fact]
    public void ResultStaysWithinTheRangeOfTheUpdatesCoordinateByCoordinate()
    {
        var random = new Random(5);
        var updates = Enumerable.Range(0, 5)
            .Select(i => new MemberUpdate($"m{i}", Enumerable.Range(0, 50).Select(_ => random.NextSingle() * 10 - 5).ToArray(), 1 + i * 7))
            .ToList();

        var next = CreateStrategy().Aggregate(new float[50], updates);

        for (var j = 0; j < next.Length; j++)
        {
            Assert.InRange(next[j], updates.Min(u => u.Parameters[j]) - 1e-5f, updates.Max(u => u.Parameters[j]) + 1e-5f);
        }
    }

    [Fact]
    public void OrderOfUpdatesDoesNotMatter()
    {
        var a = new MemberUpdate("a", [1f, 5f], 3);
        var b = new MemberUpdate("b", [2f, -1f], 1);
        var c = new MemberUpdate("c", [4f, 0f], 2);
        var strategy = CreateStrategy();

        Assert.Equal(strategy.Aggregate(new float[2], [a, b, c]), strategy.Aggregate(new float[2], [c, a, b]), new ToleranceComparer(1e-6f));
    }

    [Fact]
    public void UpdateOfTheWrongLengthIsRejectedNamingTheMember()
    {
        var error = Assert.Throws<ArgumentException>(() => CreateStrategy().Aggregate(new float[2], [new MemberUpdate("ops-7", [1f], 1)]));
        Assert.Contains("ops-7", error.Message);
    }

    [Fact]
    public void NonFiniteUpdateIsRejected()
    {
        Assert.Throws<ArgumentException>(() => CreateStrategy().Aggregate(new float[2], [new MemberUpdate("a", [1f, float.NaN], 1)]));
    }

    [Fact]
    public void UpdateWithoutSamplesIsRejected()
    {
        Assert.Throws<ArgumentException>(() => CreateStrategy().Aggregate(new float[1], [new MemberUpdate("a", [1f], 0)]));
    }

    [Fact]
    public void SecondUpdateFromTheSameMemberIsRejected()
    {
        var error = Assert.Throws<ArgumentException>(() => CreateStrategy().Aggregate(new float[1], [new MemberUpdate("a", [1f], 1), new MemberUpdate("a", [2f], 1)]));
        Assert.Contains("more than one", error.Message);
    }

    [Fact]
    public void TrainingConfigurationKeepsTheConsortiumsEpochsAndSeed()
    {
        var defaults = new LocalTrainingOptions(Epochs: 3, Seed: 99);
        var configured = CreateStrategy().ConfigureTraining(4, defaults);
        Assert.Equal(3, configured.Epochs);
        Assert.Equal(99UL, configured.Seed);
    }

    private sealed class ToleranceComparer(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => MathF.Abs(x - y) <= tolerance;

        public int GetHashCode(float obj) => 0;
    }
}
