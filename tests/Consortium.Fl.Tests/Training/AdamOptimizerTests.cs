using Consortium.Fl.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Consortium.Fl.Tests.Training;

public class AdamOptimizerTests
{
    [Fact]
    public void StepsFollowKingmaAndBaWithBiasCorrection()
    {
        // Loss Σ cᵢ·wᵢ has the constant gradient c; replay three steps of Adam by hand in double precision.
        double[] start = [0.5, -1.0, 2.0];
        double[] gradient = [0.3, -2.0, 1e-3];
        const double rate = 0.01, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8;
        using var weights = new Parameter(tensor(start.Select(v => (float)v).ToArray()));
        using var coefficients = tensor(gradient.Select(v => (float)v).ToArray());
        using var optimizer = new AdamOptimizer([weights], rate);

        var expected = (double[])start.Clone();
        var m = new double[3];
        var v = new double[3];
        for (var t = 1; t <= 3; t++)
        {
            optimizer.ZeroGrad();
            using (var loss = (weights * coefficients).sum())
            {
                loss.backward();
            }

            optimizer.Step();
            for (var i = 0; i < 3; i++)
            {
                m[i] = beta1 * m[i] + (1 - beta1) * gradient[i];
                v[i] = beta2 * v[i] + (1 - beta2) * gradient[i] * gradient[i];
                var mHat = m[i] / (1 - Math.Pow(beta1, t));
                var vHat = v[i] / (1 - Math.Pow(beta2, t));
                expected[i] -= rate * mHat / (Math.Sqrt(vHat) + epsilon);
            }
        }

        var actual = weights.data<float>().ToArray();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(expected[i], actual[i], 1e-6);
        }
    }

    [Fact]
    public void ZeroGradClearsAccumulatedGradients()
    {
        using var weights = new Parameter(tensor(new[] { 1f, 2f }));
        using var optimizer = new AdamOptimizer([weights], 0.1);
        using (var loss = weights.sum())
        {
            loss.backward();
        }

        optimizer.ZeroGrad();

        using var gradient = weights.grad;
        Assert.Equal([0f, 0f], gradient!.data<float>().ToArray());
    }
}
