using Consortium.Fl.Privacy;

namespace Consortium.Fl.Tests.Privacy;

public class DistributedNoiseTests
{
    private const int Coordinates = 40_000;

    [Fact]
    public void SharesOfMinimumMembersSumToTheCalibratedVariance()
    {
        // σ = 1.5, C = 2, m_min = 4: the sum of four shares must have variance σ²C² = 9. A share of σ²C²/n with n = 6
        // members would give 6, one of σC/m_min (the square root forgotten) would give 2.25, the full σC per member 36.
        var options = new DistributedNoiseOptions(ClipNorm: 2, NoiseMultiplier: 1.5, MinimumMembers: 4);
        var sum = SumOfShares(options, members: 4);

        var (mean, variance) = Moments(sum);
        Assert.Equal(9, variance, 0.25); // 4 % of 9; the sample variance of 40,000 draws is within 1.5 % (2 standard errors)
        Assert.Equal(0, mean, 0.05);
        Assert.Equal(1.5, options.ShareStandardDeviation);
    }

    [Fact]
    public void EveryInputBeyondTheMinimumAddsItsShareOfVariance()
    {
        var options = new DistributedNoiseOptions(ClipNorm: 1, NoiseMultiplier: 2, MinimumMembers: 3);

        var (_, variance) = Moments(SumOfShares(options, members: 6));

        Assert.Equal(8, variance, 0.25); // σ²C²·m/m_min = 4·6/3
        Assert.Equal(Math.Sqrt(8), options.SumStandardDeviation(6), 12);
    }

    [Fact]
    public void NoiseIsAddedToTheChangeNotInPlaceOfIt()
    {
        var change = new float[Coordinates];
        Array.Fill(change, 0.25f);

        DistributedNoise.AddShare(change, new DistributedNoiseOptions(1, 0.5, 1), seed: 3);

        Assert.Equal(0.25, change.Average(v => (double)v), 0.01);
        Assert.Equal(0.25, Moments(change).Variance, 0.01); // (σC/√1)² = 0.25
    }

    [Fact]
    public void SameSeedGivesTheSameShareAndDifferentSeedsDiffer()
    {
        var options = new DistributedNoiseOptions(1, 1, 2);
        var a = new float[16];
        var b = new float[16];
        var c = new float[16];
        DistributedNoise.AddShare(a, options, seed: 9);
        DistributedNoise.AddShare(b, options, seed: 9);
        DistributedNoise.AddShare(c, options, seed: 10);

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void EncodingRangeHoldsTheClippedCoordinateAndTenShareDeviations()
    {
        var options = new DistributedNoiseOptions(ClipNorm: 2, NoiseMultiplier: 3, MinimumMembers: 9);

        Assert.Equal(2 + (10 * 2.0), options.EncodingRange, 12); // share deviation 3·2/√9 = 2
        Assert.Equal(1, new DistributedNoiseOptions(0.01, 0.01, 4).EncodingRange); // a weight of 1 must fit
    }

    [Fact]
    public void OverflowProbabilityIsTheUnionOfGaussianTailsBeyondTenDeviations()
    {
        var options = new DistributedNoiseOptions(1, 1, 2);

        // erfc(10/√2) = 1.523971e-23 (P(|Z| > 10) for a standard normal).
        Assert.Equal(1.523971e-23, options.OverflowProbability(1, 1), 1e-28);
        Assert.Equal(40 * 1e6 * 1.523971e-23, options.OverflowProbability(40, 1_000_000), 1e-20);
    }

    [Fact]
    public void NoShareOfAMillionDrawsLeavesTheEncodingRange()
    {
        var options = new DistributedNoiseOptions(ClipNorm: 1, NoiseMultiplier: 4, MinimumMembers: 2);
        var values = new float[1_000_000];
        Array.Fill(values, 1f); // the largest a coordinate of a clipped change can be
        DistributedNoise.AddShare(values, options, seed: 5);

        Assert.All(values, v => Assert.InRange(v, -options.EncodingRange, options.EncodingRange));
        Assert.True(values.Max() > 1 + (4 * options.ShareStandardDeviation)); // the tail is reached, so the check means something
    }

    [Fact]
    public void GaussianMechanismOnTheSumComposesToTheClosedForm()
    {
        // Ten rounds of σ = 2 on a sum of sensitivity C: RDP(α) = 10·α/(2·4). Mironov's conversion ε = RDP(α) + log(1/δ)/(α−1)
        // is smallest at α* = 1 + √(2σ²·log(1/δ)/10) = 4.0346, ε* = 10/8 + 2·√(10·log(1/δ)/8) = 8.8371 at δ = 1e-5; a grid of orders in steps of
        // 0.001 around α* reaches it to 1e-4.
        var orders = Enumerable.Range(1, 9000).Select(i => 1 + (i / 1000.0)).ToArray();
        var accountant = new RdpAccountant(orders);
        accountant.Compose(noiseMultiplier: 2, samplingRate: 1, rounds: 10);

        var classic = RdpConversion.ToApproximateDpClassic(orders, accountant.Rdp, 1e-5);
        var alpha = 1 + Math.Sqrt(2 * 4 * Math.Log(1e5) / 10);
        var closedForm = (10 * alpha / 8) + (Math.Log(1e5) / (alpha - 1));
        Assert.Equal(8.8371, closedForm, 4);
        Assert.Equal(closedForm, classic.Epsilon, 4);
        Assert.InRange(classic.Order, alpha - 0.001, alpha + 0.001);

        // The accountant's own conversion (Balle et al. 2020) is tighter than the classic one, never looser.
        Assert.InRange(accountant.Guarantee(1e-5).Epsilon, 7.0, classic.Epsilon);
    }

    [Fact]
    public void ForBudgetSpendsTheTargetOverThePlannedRounds()
    {
        var options = DistributedNoiseOptions.ForBudget(clipNorm: 0.5, targetEpsilon: 3, delta: 1e-5, rounds: 20, minimumMembers: 5);
        var accountant = new RdpAccountant();
        accountant.Compose(options.NoiseMultiplier, 1, 20);

        Assert.Equal(3, accountant.Guarantee(1e-5).Epsilon, 3);
        Assert.Equal(options.NoiseMultiplier * 0.5 / Math.Sqrt(5), options.ShareStandardDeviation, 12);
    }

    [Theory]
    [InlineData(0, 1, 1, "ClipNorm")]
    [InlineData(1, 0, 1, "NoiseMultiplier")]
    [InlineData(1, double.NaN, 1, "NoiseMultiplier")]
    [InlineData(1, 1, 0, "MinimumMembers")]
    public void InvalidOptionsAreRefusedNamingTheValue(double clip, double sigma, int minimum, string name)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new DistributedNoiseOptions(clip, sigma, minimum).Validate());
        Assert.Equal(name, e.ParamName);
    }

    private static float[] SumOfShares(DistributedNoiseOptions options, int members)
    {
        var sum = new float[Coordinates];
        for (var m = 0; m < members; m++)
        {
            var share = new float[Coordinates];
            DistributedNoise.AddShare(share, options, seed: (ulong)(100 + m));
            for (var i = 0; i < sum.Length; i++)
            {
                sum[i] += share[i];
            }
        }

        return sum;
    }

    private static (double Mean, double Variance) Moments(float[] values)
    {
        var mean = values.Average(v => (double)v);
        var variance = values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1);
        return (mean, variance);
    }
}
