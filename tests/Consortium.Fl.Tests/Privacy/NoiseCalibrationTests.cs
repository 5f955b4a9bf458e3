using Consortium.Fl.Privacy;

namespace Consortium.Fl.Tests.Privacy;

public class NoiseCalibrationTests
{
    [Theory]
    [InlineData(2250, 1.416)]
    [InlineData(2000, 1.3562)]
    public void CalibrationAgreesWithOpacusOnItsPublishedCases(int steps, double published)
    {
        // Opacus opacus/tests/accountants_test.py, test_get_noise_multiplier_rdp_epochs (90 epochs at
        // q = 0.04, i.e. 2,250 steps: σ = 1.416) and test_get_noise_multiplier_rdp_steps (2,000 steps:
        // σ = 1.3562), both for ε = 8, δ = 1e-5, asserted to 4 places. Opacus stops bisecting once ε is
        // within 0.01 below the target, so its σ is the exact one or a hair above.
        var sigma = NoiseCalibration.NoiseMultiplier(8, 1e-5, steps, 0.04);

        var opacus = new RdpAccountant();
        opacus.Compose(published, 0.04, steps);
        Assert.InRange(opacus.Guarantee(1e-5).Epsilon, 7.99, 8.0);
        Assert.InRange(sigma, published - 0.002, published + 5e-5);
    }

    [Theory]
    [InlineData(1.0, 1e-5, 10, 1.0)]
    [InlineData(3.0, 1e-5, 10, 1.0)]
    [InlineData(8.0, 1e-5, 30, 1.0)]
    [InlineData(2.0, 1e-6, 100, 0.2)]
    public void CalibratedNoiseMeetsTheTargetAndSlightlyLessDoesNot(double epsilon, double delta, int rounds, double q)
    {
        var sigma = NoiseCalibration.NoiseMultiplier(epsilon, delta, rounds, q);

        Assert.True(Spent(sigma) <= epsilon, $"σ = {sigma}: ε = {Spent(sigma)} above {epsilon}");
        Assert.True(Spent(sigma * (1 - 1e-4)) > epsilon, $"σ = {sigma} is not the smallest: ε = {Spent(sigma * (1 - 1e-4))} with 0.01 % less");

        double Spent(double s)
        {
            var accountant = new RdpAccountant();
            accountant.Compose(s, q, rounds);
            return accountant.Guarantee(delta).Epsilon;
        }
    }

    [Fact]
    public void MoreRoundsOrATighterBudgetNeedMoreNoiseAndSamplingNeedsLess()
    {
        var baseline = NoiseCalibration.NoiseMultiplier(3, 1e-5, 10);

        Assert.True(NoiseCalibration.NoiseMultiplier(3, 1e-5, 40) > baseline);
        Assert.True(NoiseCalibration.NoiseMultiplier(1, 1e-5, 10) > baseline);
        Assert.True(NoiseCalibration.NoiseMultiplier(3, 1e-5, 10, samplingRate: 0.2) < baseline);
    }

    [Fact]
    public void ImpossibleTargetsAreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => NoiseCalibration.NoiseMultiplier(0, 1e-5, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => NoiseCalibration.NoiseMultiplier(1, 0, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => NoiseCalibration.NoiseMultiplier(1, 1e-5, 0));
    }
}
