using Consortium.Fl.Privacy;

namespace Consortium.Fl.Tests.Privacy;

public class PrivacyBudgetTests
{
    [Fact]
    public void NothingIsSpentBeforeTheFirstRound()
    {
        var budget = new PrivacyBudget(3, 1e-5);

        Assert.Equal(0, budget.Spent.Epsilon);
        Assert.Equal(0, budget.Rounds);
        Assert.Equal(3, budget.RemainingEpsilon);
    }

    [Fact]
    public void EachRoundSpendsWhatTheAccountantSays()
    {
        var budget = new PrivacyBudget(20, 1e-5);
        var accountant = new RdpAccountant();
        var previous = 0.0;
        for (var round = 1; round <= 4; round++)
        {
            var spent = budget.Spend(noiseMultiplier: 1.2);
            accountant.Compose(1.2);

            Assert.Equal(accountant.Guarantee(1e-5).Epsilon, spent.Epsilon, 12);
            Assert.Equal(spent, budget.Spent);
            Assert.True(spent.Epsilon > previous);
            previous = spent.Epsilon;
        }

        Assert.Equal(4, budget.Rounds);
    }

    [Fact]
    public void MemberCalibratedForTenRoundsContributesExactlyTenThenMustStop()
    {
        var sigma = NoiseCalibration.NoiseMultiplier(3, 1e-5, 10);
        var budget = new PrivacyBudget(3, 1e-5);
        Assert.Equal(10, budget.AffordableRounds(sigma));

        for (var round = 1; round <= 10; round++)
        {
            Assert.True(budget.CanAfford(sigma), $"round {round} should be affordable");
            budget.Spend(sigma);
        }

        Assert.False(budget.CanAfford(sigma));
        Assert.Equal(0, budget.AffordableRounds(sigma));
        var spentBefore = budget.Spent;
        var error = Assert.Throws<PrivacyBudgetExhaustedException>(() => budget.Spend(sigma));
        Assert.Contains("must stop contributing", error.Message);
        Assert.Equal(spentBefore, budget.Spent);
        Assert.Equal(10, budget.Rounds);
        Assert.InRange(budget.Spent.Epsilon, 2.9, 3.0);
    }

    [Fact]
    public void SamplingLetsTheSameBudgetPayForMoreRounds()
    {
        var budget = new PrivacyBudget(3, 1e-5);
        Assert.True(budget.AffordableRounds(1.5, samplingRate: 0.25) > budget.AffordableRounds(1.5));
    }

    [Fact]
    public void AffordableRoundsRespectsItsLimit()
    {
        Assert.Equal(7, new PrivacyBudget(50, 1e-5).AffordableRounds(20, limit: 7));
    }

    [Fact]
    public void NoNoiseIsNeverAffordable()
    {
        var budget = new PrivacyBudget(100, 1e-5);
        Assert.False(budget.CanAfford(0));
        Assert.Throws<PrivacyBudgetExhaustedException>(() => budget.Spend(0));
    }

    [Fact]
    public void InvalidBudgetsAreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PrivacyBudget(0, 1e-5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PrivacyBudget(double.PositiveInfinity, 1e-5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PrivacyBudget(1, 1));
    }
}
