using Consortium.Fl.Privacy;

namespace Consortium.Fl.Tests.Privacy;

/// <summary>
/// The accountant against values published by the reference implementations for documented
/// parameter sets. Sources (each test names its own):
/// <list type="bullet">
/// <item>TF-Privacy: tensorflow/privacy, tensorflow_privacy/privacy/analysis/rdp_accountant_test.py.</item>
/// <item>TF-Models: tensorflow/models, research/differential_privacy/privacy_accountant/python/rdp_accountant_test.py
/// (Mironov's original RDP accountant, which converts with Mironov 2017, Proposition 3).</item>
/// <item>dp_accounting: google/differential-privacy, python/dp_accounting/dp_accounting/rdp/rdp_privacy_accountant_test.py.</item>
/// <item>Opacus: pytorch/opacus, opacus/tests/accountants_test.py, and the example in the docstring of
/// opacus/accountants/analysis/rdp.py (both convert with Balle et al. 2020, Theorem 21).</item>
/// </list>
/// </summary>
public class RdpAccountantTests
{
    [Fact]
    public void SampledGaussianRdpMatchesTensorFlowPrivacyAtIntegerAndFractionalOrders()
    {
        // TF-Privacy test_compute_rdp_sequence: compute_rdp(q = 0.01, σ = 2.5, steps = 50, orders) equals
        // these values to within 1e-5.
        double[] orders = [1.5, 2.5, 5, 50, 100];
        double[] published = [0.00065, 0.001085, 0.00218075, 0.023846, 167.416307];
        var accountant = new RdpAccountant(orders);

        accountant.Compose(noiseMultiplier: 2.5, samplingRate: 0.01, rounds: 50);

        for (var i = 0; i < orders.Length; i++)
        {
            Assert.True(Math.Abs(accountant.Rdp[i] - published[i]) <= 1e-5, $"order {orders[i]}: {accountant.Rdp[i]:G10}, published {published[i]}");
        }
    }

    [Theory]
    [InlineData(5, 2.18075656e-03)]
    [InlineData(50, 2.38460375e-02)]
    [InlineData(100, 1.67416308e02)]
    public void IntegerOrderRdpMatchesDpAccountingToFourSignificantDigits(double order, double published)
    {
        // dp_accounting test_compute_rdp_poisson_sampled_gaussian: same parameters, relative tolerance 1e-4.
        // (At fractional orders dp_accounting now sums the absolute values of the series' terms, a looser
        // bound; ours sums them with their signs, which TF-Privacy's values and the integration below confirm.)
        var rdp = 50 * SampledGaussianRdp.Compute(0.01, 2.5, order);
        Assert.True(Math.Abs(rdp - published) <= 1e-4 * published, $"order {order}: {rdp:G10}, published {published:G10}");
    }

    [Theory]
    [InlineData(0.01, 2.5, 1.5)]
    [InlineData(0.1, 1.0, 3.7)]
    [InlineData(0.3, 0.8, 12.25)]
    [InlineData(1e-3, 4.0, 63.5)]
    public void RdpEqualsTheMomentOfTheMixtureComputedByNumericalIntegration(double q, double sigma, double order)
    {
        // The definition (Mironov, Talwar and Zhang 2019, Section 3): A_α = ∫ N(z; 0, σ²)·(1 − q + q·e^((2z − 1)/(2σ²)))^α dz,
        // RDP = log A_α / (α − 1). Composite Simpson over ±(40σ + α) is far more accurate than the tolerance.
        var half = 40 * sigma + order;
        const int intervals = 400_000;
        var width = 2 * half / intervals;
        double Integrand(double z)
        {
            var t = (2 * z - 1) / (2 * sigma * sigma);
            var logRatio = t > 0 ? t + Math.Log(q + (1 - q) * Math.Exp(-t)) : Math.Log(1 - q + q * Math.Exp(t));
            return Math.Exp(-z * z / (2 * sigma * sigma) - Math.Log(sigma * Math.Sqrt(2 * Math.PI)) + order * logRatio);
        }

        var sum = Integrand(-half) + Integrand(half);
        for (var k = 1; k < intervals; k++)
        {
            sum += (k % 2 == 1 ? 4 : 2) * Integrand(-half + k * width);
        }

        var expected = Math.Log(sum * width / 3) / (order - 1);

        var rdp = SampledGaussianRdp.Compute(q, sigma, order);

        Assert.True(Math.Abs(rdp - expected) <= 1e-6 * expected, $"RDP {rdp:G12}, integral {expected:G12}");
    }

    [Fact]
    public void SampledGaussianRdpMatchesTensorFlowPrivacyScalarCase()
    {
        // TF-Privacy test_compute_rdp_scalar: compute_rdp(q = 0.1, σ = 2, steps = 10, order 5) = 0.07737 (5 places,
        // that is within 5e-6, as Python's assertAlmostEqual checks; so below).
        Assert.Equal(0.07737, 10 * SampledGaussianRdp.Compute(0.1, 2, 5), 5e-6);
    }

    [Fact]
    public void WithoutSamplingTheRdpIsExactlyOrderOverTwiceSigmaSquared()
    {
        // TF-Privacy test_compute_rdp_no_sampling: q = 1, σ = 10, order 20 gives 0.1.
        Assert.Equal(0.1, SampledGaussianRdp.Compute(1, 10, 20), 15);
        Assert.Equal(2.5 / (2 * 1.3 * 1.3), SampledGaussianRdp.Compute(1, 1.3, 2.5), 15);
    }

    [Fact]
    public void NoSamplingMeansNoPrivacyLossAndNoNoiseMeansNoPrivacy()
    {
        Assert.Equal(0, SampledGaussianRdp.Compute(0, 1, 20));
        Assert.Equal(double.PositiveInfinity, SampledGaussianRdp.Compute(0.5, 0, 20));
    }

    [Fact]
    public void ClassicConversionMatchesMironovsAccountantOnASingleMechanism()
    {
        // TF-Models test_get_privacy_spent: orders 2..32, q = 0.01, σ = 4, 10,000 steps, δ = 1e-5
        // gives ε = 1.258575 (5 places) at order 20.
        var accountant = new RdpAccountant(Enumerable.Range(2, 31).Select(o => (double)o).ToArray());
        accountant.Compose(noiseMultiplier: 4, samplingRate: 0.01, rounds: 10_000);

        var spent = RdpConversion.ToApproximateDpClassic(accountant.Orders.ToArray(), accountant.Rdp, 1e-5);

        Assert.Equal(1.258575, spent.Epsilon, 5e-6);
        Assert.Equal(20, spent.Order);
    }

    [Fact]
    public void ClassicConversionMatchesMironovsAccountantOnAComposition()
    {
        // TF-Models test_compute_privacy_loss: (q, σ, steps) = (0.01, 4, 10,000) then (0.1, 2, 100),
        // δ = 1e-5, the 21 orders below: ε = 3.276237 (5 places) at order 8.
        var accountant = new RdpAccountant(MixedOrders);
        accountant.Compose(noiseMultiplier: 4, samplingRate: 0.01, rounds: 10_000);
        accountant.Compose(noiseMultiplier: 2, samplingRate: 0.1, rounds: 100);

        var spent = RdpConversion.ToApproximateDpClassic(MixedOrders, accountant.Rdp, 1e-5);

        Assert.Equal(3.276237, spent.Epsilon, 5e-6);
        Assert.Equal(8, spent.Order);
    }

    [Fact]
    public void ClassicConversionMatchesTensorFlowPrivacyOnASmallNoiseComposition()
    {
        // TF-Privacy test_check_composition (the value it asserted with the classic conversion):
        // (1e-4, 0.4, 40,000) then (0.1, 2, 100), δ = 1e-5: ε = 8.509656 (5 places) at order 2.5.
        var accountant = new RdpAccountant(MixedOrders);
        accountant.Compose(noiseMultiplier: 0.4, samplingRate: 1e-4, rounds: 40_000);
        accountant.Compose(noiseMultiplier: 2, samplingRate: 0.1, rounds: 100);

        var classic = RdpConversion.ToApproximateDpClassic(MixedOrders, accountant.Rdp, 1e-5);
        var tighter = accountant.Guarantee(1e-5);

        Assert.Equal(8.509656, classic.Epsilon, 5e-6);
        Assert.Equal(2.5, classic.Order);
        Assert.True(tighter.Epsilon <= classic.Epsilon, $"Balle et al. gives {tighter.Epsilon}, above the classic {classic.Epsilon}");
    }

    [Fact]
    public void ConversionOfConstantRdpPicksTheLargestOrderAsComputedByHand()
    {
        // TF-Privacy and dp_accounting test_get_privacy_spent_check_target_delta (Balle et al. conversion):
        // RDP 1.1 at orders 2..32, δ = 1e-5: ε = 1.32783806176 at order 32.
        var orders = Enumerable.Range(2, 31).Select(o => (double)o).ToArray();
        var rdp = Enumerable.Repeat(1.1, orders.Length).ToArray();

        var spent = RdpConversion.ToApproximateDp(orders, rdp, 1e-5);

        Assert.Equal(1.32783806176, spent.Epsilon, 5e-10);
        Assert.Equal(32, spent.Order);
    }

    [Fact]
    public void GaussianWithoutSamplingCalibratedForEpsilonOneGivesEpsilonOne()
    {
        // TF-Privacy test_get_privacy_spent_check_target_delta, second part: q = 1, σ = 4.530877117,
        // orders 1.000..99.999 in steps of 0.001 give exactly (1, 1e-6)-DP (7 places).
        var orders = Enumerable.Range(1000, 99_000).Select(i => 0.001 * i).Where(o => o > 1).ToArray();
        var accountant = new RdpAccountant(orders);
        accountant.Compose(noiseMultiplier: 4.530877117);

        Assert.Equal(1.0, accountant.Guarantee(1e-6).Epsilon, 5e-8);
    }

    [Fact]
    public void DefaultOrdersMatchOpacusOnItsPublishedTrainingRun()
    {
        // Opacus test_rdp_accountant: σ = 1.5, q = 0.04, int(90 / 0.04) = 2,250 steps, δ = 1e-5 with its
        // default orders: ε = 7.32911117143 (7 places).
        var accountant = new RdpAccountant();
        accountant.Compose(noiseMultiplier: 1.5, samplingRate: 0.04, rounds: 2250);

        Assert.Equal(7.32911117143, accountant.Guarantee(1e-5).Epsilon, 5e-8);
    }

    [Fact]
    public void HeterogeneousCompositionMatchesTheOpacusDocumentationExample()
    {
        // Opacus analysis/rdp.py docstring: (q, σ, steps) = (1e-5, 1.0, 10) and (1e-4, 3.0, 4),
        // orders 2..32, δ = 1e-5: (0.336, 23), printed to three decimals.
        var accountant = new RdpAccountant(Enumerable.Range(2, 31).Select(o => (double)o).ToArray());
        accountant.Compose(noiseMultiplier: 1.0, samplingRate: 1e-5, rounds: 10);
        accountant.Compose(noiseMultiplier: 3.0, samplingRate: 1e-4, rounds: 4);

        var spent = accountant.Guarantee(1e-5);

        Assert.Equal(0.336, spent.Epsilon, 5e-4);
        Assert.Equal(23, spent.Order);
    }

    [Fact]
    public void RoundsComposeAdditivelyAndTheGuaranteeNeverShrinks()
    {
        var once = new RdpAccountant();
        once.Compose(1.1, 0.3);
        var many = new RdpAccountant();
        var previous = 0.0;
        for (var round = 1; round <= 5; round++)
        {
            many.Compose(1.1, 0.3);
            var epsilon = many.Guarantee(1e-5).Epsilon;
            Assert.True(epsilon > previous, $"round {round}: ε {epsilon} after {previous}");
            previous = epsilon;
        }

        Assert.Equal(5, many.Rounds);
        for (var i = 0; i < once.Rdp.Length; i++)
        {
            Assert.Equal(5 * once.Rdp[i], many.Rdp[i], 1e-9 * many.Rdp[i]);
        }
    }

    [Fact]
    public void ProjectionLeavesTheAccountantUnchangedAndAgreesWithComposing()
    {
        var accountant = new RdpAccountant();
        accountant.Compose(2, 0.5);
        var projected = accountant.GuaranteeAfter(2, 0.5, 3, 1e-5);

        Assert.Equal(1, accountant.Rounds);
        accountant.Compose(2, 0.5, rounds: 3);
        Assert.Equal(projected.Epsilon, accountant.Guarantee(1e-5).Epsilon, 12);
    }

    [Fact]
    public void NothingComposedMeansNothingSpent()
    {
        Assert.Equal(0, new RdpAccountant().Guarantee(1e-5).Epsilon);
    }

    [Fact]
    public void OrdersAtOrBelowOneAreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RdpAccountant([1.0, 2.0]));
        Assert.Throws<ArgumentOutOfRangeException>(() => SampledGaussianRdp.Compute(0.1, 1, 0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => SampledGaussianRdp.Compute(1.5, 1, 2));
    }

    private static readonly double[] MixedOrders =
        [1.25, 1.5, 1.75, 2, 2.5, 3, 4, 5, 6, 7, 8, 10, 12, 14, 16, 20, 24, 28, 32, 64, 256];
}
