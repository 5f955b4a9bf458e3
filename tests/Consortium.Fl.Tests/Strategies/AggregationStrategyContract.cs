using Consortium.Fl.Strategies;
using Consortium.Fl.Training;

namespace Consortium.Fl.Tests.Strategies;

/// <summary>Behaviour every aggregation strategy must have; each strategy's test class derives from this.</summary>
public abstract class AggregationStrategyContract
{
    protected abstract AggregationStrategy CreateStrategy();

    /// <summary>
    /// True for strategies that adopt the combined update (FedAvg and its kin); false for server
    /// optimizers, which take a step towards it.
    /// </summary>
    protected virtual bool AdoptsTheCombinedUpdate => true;

    [Fact]
    public void IdenticalUpdatesAggregateToThatUpdateOrMoveTowardsItWhateverTheirWeights()
    {
        float[] update = [0.5f, -1.25f, 3f];
        var next = CreateStrategy().Aggregate(new float[3], [
            new MemberUpdate("a", update, 10),
            new MemberUpdate("b", (float[])update.Clone(), 1),
            new MemberUpdate("c", (float[])update.Clone(), 1234),
        ]);

        if (AdoptsTheCombinedUpdate)
        {
            Assert.Equal(update, next);
            return;
        }

        for (var j = 0; j < update.Length; j++)
        {
            Assert.True(Math.Sign(next[j]) == Math.Sign(update[j]) && Math.Abs(next[j]) <= Math.Abs(update[j]), $"coordinate {j}: {next[j]} does not move from 0 towards {update[j]}");
        }
    }

    [Fact]
    public void InputsAreLeftUntouchedAndTheModelKeepsItsLength()
    {
        float[] global = [1f, 2f, 3f, 4f];
        MemberUpdate[] updates = [new("a", [2f, 2f, 2f, 2f], 3), new("b", [0f, 1f, 5f, 4f], 1), new("c", [1f, 1f, 1f, 9f], 2)];
        var copies = updates.Select(u => (float[])u.Parameters.Clone()).ToArray();

        var next = CreateStrategy().Aggregate((float[])global.Clone(), updates);

        Assert.Equal(4, next.Length);
        Assert.Equal([1f, 2f, 3f, 4f], global);
        for (var k = 0; k < updates.Length; k++)
        {
            Assert.Equal(copies[k], updates[k].Parameters);
        }
    }

    [Fact]
    public void SameRoundsGiveTheSameModelsOnAFreshStrategy()
    {
        var first = RunRounds(CreateStrategy());
        var second = RunRounds(CreateStrategy());
        Assert.Equal(first, second);
    }

    [Fact]
    public void PreviewReturnsWhatTheRoundWillGiveAndChangesNothing()
    {
        var strategy = CreateStrategy();
        float[] global = [0.5f, 0.5f];
        MemberUpdate[] updates = [new("a", [1f, 2f], 1), new("b", [3f, -1f], 2), new("c", [2f, 0f], 1), new("d", [1.5f, 0.5f], 3)];

        var previewed = strategy.Preview(global, updates);
        var previewedAgain = strategy.Preview(global, updates[1..]);
        var aggregated = strategy.Aggregate(global, updates);

        Assert.Equal(previewed, aggregated);
        Assert.Equal(CreateStrategy().Aggregate(global, updates[1..]), previewedAgain);
    }

    [Fact]
    public void RoundWithoutUpdatesKeepsTheGlobalModel()
    {
        float[] global = [1f, 2f];
        Assert.Equal(global, CreateStrategy().Aggregate(global, []));
    }

    [Fact]
    public void ResultStaysWithinTheRangeOfTheUpdatesOrStepsTowardsThemCoordinateByCoordinate()
    {
        var random = new Random(5);
        var updates = Enumerable.Range(0, 5)
            .Select(i => new MemberUpdate($"m{i}", Enumerable.Range(0, 50).Select(_ => random.NextSingle() * 10 - 5).ToArray(), 1 + i * 7))
            .ToList();

        var strategy = CreateStrategy();
        var next = strategy.Aggregate(new float[50], updates);
        var combined = new FedAvg(strategy.Aggregator).Aggregate(new float[50], updates);

        for (var j = 0; j < next.Length; j++)
        {
            var low = updates.Min(u => u.Parameters[j]);
            var high = updates.Max(u => u.Parameters[j]);
            if (AdoptsTheCombinedUpdate)
            {
                Assert.InRange(next[j], low - 1e-5f, high + 1e-5f);
            }
            else
            {
                // From 0, a first server step goes the way of the combined update, within the updates' reach.
                Assert.Equal(Math.Sign(combined[j]), Math.Sign(next[j]));
                Assert.InRange(next[j], Math.Min(0, low), Math.Max(0, high));
            }
        }
    }

    [Fact]
    public void OrderOfUpdatesDoesNotMatter()
    {
        var a = new MemberUpdate("a", [1f, 5f], 3);
        var b = new MemberUpdate("b", [2f, -1f], 1);
        var c = new MemberUpdate("c", [4f, 0f], 2);
        Assert.Equal(CreateStrategy().Aggregate(new float[2], [a, b, c]), CreateStrategy().Aggregate(new float[2], [c, a, b]), new ToleranceComparer(1e-6f));
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

    private static float[] RunRounds(AggregationStrategy strategy)
    {
        var random = new Random(21);
        var global = new float[16];
        for (var round = 0; round < 3; round++)
        {
            var updates = Enumerable.Range(0, 5)
                .Select(i => new MemberUpdate($"m{i}", global.Select(g => g + random.NextSingle() - 0.3f).ToArray(), 10 + i))
                .ToList();
            global = strategy.Aggregate(global, updates);
        }

        return global;
    }

    private sealed class ToleranceComparer(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => MathF.Abs(x - y) <= tolerance;

        public int GetHashCode(float obj) => 0;
    }
}
