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
        network.train();
        var anchors = options.ProximalMu > 0 ? [.. network.FlatOrder.Select(p => p.detach().clone().DetachFromDisposeScope())] : Array.Empty<Tensor>();
        using var optimizer = new AdamOptimizer(network.FlatOrder, options.LearningRate);
        using var halfMu = (options.ProximalMu / 2).ToScalar();
        using var minusOne = (-1.0).ToScalar();
        var order = Enumerable.Range(0, samples.Count).ToArray();
        var random = new SplitMix64(options.Seed);
        var inputs = new float[options.BatchSize * samples.Features];
        var targets = new float[options.BatchSize];
        try
        {
            for (var epoch = 0; epoch < options.Epochs; epoch++)
            {
                random.Shuffle(order);
                for (var begin = 0; begin < order.Length; begin += options.BatchSize)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var size = Math.Min(options.BatchSize, order.Length - begin);
                    for (var b = 0; b < size; b++)
                    {
                        var row = order[begin + b];
                        samples.Inputs.AsSpan(row * samples.Features, samples.Features).CopyTo(inputs.AsSpan(b * samples.Features));
                        targets[b] = (float)((samples.Soh[row] - BatteryHealthArchitecture.SohCentre) / BatteryHealthArchitecture.SohScale);
                    }

                    using var scope = NewDisposeScope();
                    var x = tensor(inputs.AsSpan(0, size * samples.Features).ToArray(), [size, samples.Features]);
                    var y = tensor(targets.AsSpan(0, size).ToArray(), [size]);
                    optimizer.ZeroGrad();
                    var loss = nn.functional.mse_loss(network.forward(x).squeeze(1), y);
                    if (anchors.Length > 0)
                    {
                        var drifts = new Tensor[anchors.Length];
                        for (var i = 0; i < anchors.Length; i++)
                        {
                            var drift = network.FlatOrder[i].add(anchors[i], minusOne);
                            drifts[i] = drift.mul(drift).sum();
                        }

                        loss = loss.add(stack(drifts).sum(), halfMu);
                    }

                    loss.backward();
                    optimizer.Step();
                }
            }
        }
        finally
        {
            foreach (var anchor in anchors)
            {
                anchor.Dispose();
            }
        }

        var trained = network.GetParameters();
        if (trained.Any(v => !float.IsFinite(v)))
        {
            throw new InvalidOperationException("Training diverged: a parameter is not finite.");
        }

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
