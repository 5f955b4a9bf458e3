using Consortium.Fl.Privacy;

namespace Consortium.Fl.Tests.Privacy;

public class UpdatePrivatizerTests
{
    [Fact]
    public void ChangeWithinTheClipNormPassesUnchangedWithoutNoise()
    {
        float[] global = [1, 2, 3];
        float[] update = [1.3f, 2, 2.6f]; // change (0.3, 0, -0.4), norm 0.5

        var result = UpdatePrivatizer.Privatize(global, update, new ClientPrivacyOptions(ClipNorm: 1, NoiseMultiplier: 0), seed: 1, out var report);

        Assert.Equal(update, result);
        Assert.Equal(0.5, report.DeltaNorm, 6);
        Assert.False(report.Clipped);
        Assert.Equal(0, report.NoiseStandardDeviation);
    }

    [Fact]
    public void LongerChangeIsScaledDownToExactlyTheClipNormKeepingItsDirection()
    {
        float[] global = [0, 0, 0, 0];
        float[] update = [3, 0, -4, 0]; // norm 5

        var result = UpdatePrivatizer.Privatize(global, update, new ClientPrivacyOptions(2, 0), seed: 1, out var report);

        Assert.Equal([1.2f, 0, -1.6f, 0], result);
        Assert.Equal(5, report.DeltaNorm, 6);
        Assert.Equal(0.4, report.ClipFactor, 6);
        Assert.True(report.Clipped);
    }

    [Fact]
    public void NoiseHasStandardDeviationSigmaTimesClipNormAndZeroMean()
    {
        const int n = 200_000;
        var global = new float[n];
        var update = new float[n];
        var options = new ClientPrivacyOptions(ClipNorm: 0.5, NoiseMultiplier: 1.6);

        var noisy = UpdatePrivatizer.Privatize(global, update, options, seed: 42, out var report);

        double sum = 0, squares = 0, fourth = 0;
        foreach (var value in noisy)
        {
            sum += value;
            squares += (double)value * value;
            fourth += Math.Pow(value, 4);
        }

        var deviation = Math.Sqrt(squares / n);
        Assert.Equal(0.8, report.NoiseStandardDeviation, 12);
        Assert.InRange(sum / n, -5 * 0.8 / Math.Sqrt(n), 5 * 0.8 / Math.Sqrt(n));
        Assert.InRange(deviation, 0.8 * 0.99, 0.8 * 1.01);
        // A Gaussian's kurtosis is 3; a uniform or clipped sampler would be far off.
        Assert.InRange(fourth / n / Math.Pow(deviation, 4), 2.9, 3.1);
    }

    [Fact]
    public void SameSeedGivesTheSameNoiseBitForBitAndAnotherSeedDoesNot()
    {
        var global = new float[64];
        var update = Enumerable.Range(0, 64).Select(i => i / 64f).ToArray();
        var options = new ClientPrivacyOptions(1, 1);

        var first = UpdatePrivatizer.Privatize(global, update, options, seed: 7, out _);
        var again = UpdatePrivatizer.Privatize(global, update, options, seed: 7, out _);
        var other = UpdatePrivatizer.Privatize(global, update, options, seed: 8, out _);

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void UnseededNoiseDiffersBetweenCalls()
    {
        var zeros = new float[32];
        var options = new ClientPrivacyOptions(1, 1);
        Assert.NotEqual(
            UpdatePrivatizer.Privatize(zeros, zeros, options, out _),
            UpdatePrivatizer.Privatize(zeros, zeros, options, out _));
    }

    [Fact]
    public void DestinationMayBeTheUpdateItself()
    {
        float[] global = [0, 0];
        float[] update = [6, 8];
        var expected = UpdatePrivatizer.Privatize(global, update, new ClientPrivacyOptions(1, 0.5), seed: 3, out _);

        UpdatePrivatizer.Privatize(global, update, update, new ClientPrivacyOptions(1, 0.5), seed: 3);

        Assert.Equal(expected, update);
    }

    [Fact]
    public void MismatchedLengthsAndNonFiniteValuesAreRejected()
    {
        var options = new ClientPrivacyOptions(1, 1);
        Assert.Throws<ArgumentException>(() => UpdatePrivatizer.Privatize(new float[3], new float[4], options, seed: 1, out _));
        var error = Assert.Throws<ArgumentException>(() => UpdatePrivatizer.Privatize(new float[3], [0, float.NaN, 0], options, seed: 1, out _));
        Assert.Contains("Parameter 1", error.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => UpdatePrivatizer.Privatize(new float[3], new float[3], new ClientPrivacyOptions(0, 1), seed: 1, out _));
    }

    [Fact]
    public void OptionsForABudgetCarryTheCalibratedNoise()
    {
        var options = ClientPrivacyOptions.ForBudget(clipNorm: 0.1, targetEpsilon: 3, delta: 1e-5, rounds: 10);

        Assert.Equal(NoiseCalibration.NoiseMultiplier(3, 1e-5, 10), options.NoiseMultiplier);
        Assert.Equal(0.1 * options.NoiseMultiplier, options.NoiseStandardDeviation, 12);
    }
}
