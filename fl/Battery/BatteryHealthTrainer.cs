using Consortium.Fl.Models;
using Consortium.Fl.Runtime;
using Consortium.Fl.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Consortium.Fl.Battery;

/// <summary>
/// Trains and runs the state-of-health estimator on one member's cycles: Adam on the squared error of the scaled state
/// of health, optionally with FedProx's proximal term. Deterministic for a given seed on a given machine.
/// </summary>
public static class BatteryHealthTrainer
{
    /// <summary>Trains from <paramref name="start"/> on <paramref name="samples"/> and returns the new parameters.</summary>
    /// <exception cref="ArgumentException">The vector does not fit the architecture, or the samples another number of features.</exception>
    /// <exception cref="InvalidOperationException">Training diverged to a non-finite parameter.</exception>
    public static float[] Train(
        BatteryHealthArchitecture architecture, ReadOnlySpan<float> start, BatterySamples samples, BatteryTrainingOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        RequireFeatures(architecture, samples);
        TorchRuntime.EnsureInitialized();
        using var network = Network(architecture);
        network.SetParameters(start, "estimator");
        var order = Enumerable.Range(0, samples.Count).ToArray();
        var features = samples.Features;
        var inputs = new float[options.BatchSize * features];
        var targets = new float[options.BatchSize];
        var trained = network.Fit(order, options, rows =>
        {
            for (var b = 0; b < rows.Length; b++)
            {
                samples.Inputs.AsSpan(rows[b] * features, features).CopyTo(inputs.AsSpan(b * features));
                targets[b] = (float)((samples.Soh[rows[b]] - BatteryHealthArchitecture.SohCentre) / BatteryHealthArchitecture.SohScale);
            }

            var x = tensor(inputs.AsSpan(0, rows.Length * features).ToArray(), [rows.Length, features]);
            var y = tensor(targets.AsSpan(0, rows.Length).ToArray(), [rows.Length]);
            return nn.functional.mse_loss(network.forward(x).squeeze(1), y);
        }, cancellationToken);
        return trained;
    }

    /// <summary>The estimated state of health (percent) of every cycle in <paramref name="samples"/>.</summary>
    public static double[] Estimate(BatteryHealthArchitecture architecture, ReadOnlySpan<float> parameters, BatterySamples samples)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        ArgumentNullException.ThrowIfNull(samples);
        RequireFeatures(architecture, samples);
        TorchRuntime.EnsureInitialized();
        using var network = Network(architecture);
        network.SetParameters(parameters, "estimator");
        network.eval();
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var output = network.forward(tensor(samples.Inputs, [samples.Count, samples.Features])).squeeze(1).data<float>().ToArray();
        return [.. output.Select(o => BatteryHealthArchitecture.SohCentre + (BatteryHealthArchitecture.SohScale * o))];
    }

    /// <summary>The estimator's errors on <paramref name="samples"/>.</summary>
    public static SohErrors Evaluate(BatteryHealthArchitecture architecture, ReadOnlySpan<float> parameters, BatterySamples samples) =>
        SohErrors.Of(Estimate(architecture, parameters, samples), samples.Soh);

    /// <summary>The estimator's network: a ReLU MLP with one output, the scaled state of health.</summary>
    private static ReluMlp Network(BatteryHealthArchitecture architecture) => new(architecture.Features, architecture.HiddenSize, architecture.Layers, 1);

    private static void RequireFeatures(BatteryHealthArchitecture architecture, BatterySamples samples)
    {
        if (samples.Features != architecture.Features)
        {
            throw new ArgumentException($"The estimator reads {architecture.Features} features per cycle, the samples hold {samples.Features}.", nameof(samples));
        }
    }
}
