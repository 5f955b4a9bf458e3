using Consortium.Fl.Runtime;
using Consortium.Fl.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Consortium.Fl.Battery;

/// <summary>
/// A multilayer perceptron with ReLU between layers, its parameters exchanged as one flat vector: every layer's
/// weights (row-major, outputs × inputs) then bias, input to output. The state-of-health estimator's and the
/// capacity-fade forecaster's network.
/// </summary>
internal sealed class ReluMlp : nn.Module<Tensor, Tensor>
{
    private readonly Linear[] _layers;
    private readonly Parameter[] _flatOrder;

    public ReluMlp(int inputs, int hiddenSize, int layers, int outputs)
        : base(nameof(ReluMlp))
    {
        _layers = new Linear[layers + 1];
        var width = inputs;
        for (var layer = 0; layer < _layers.Length; layer++)
        {
            var next = layer == layers ? outputs : hiddenSize;
            _layers[layer] = nn.Linear(width, next);
            register_module($"layer{layer}", _layers[layer]);
            width = next;
        }

        _flatOrder = [.. _layers.SelectMany(l => new[] { l.weight!, l.bias! })];
        ParameterCount = BodyParameterCount(inputs, hiddenSize, layers) + (((layers == 0 ? inputs : hiddenSize) + 1) * outputs);
    }

    public int ParameterCount { get; }

    public IReadOnlyList<Parameter> FlatOrder => _flatOrder;

    /// <summary>Parameters of the hidden layers of such a network.</summary>
    public static int BodyParameterCount(int inputs, int hiddenSize, int layers)
    {
        var count = 0;
        for (var layer = 0; layer < layers; layer++)
        {
            count += (inputs * hiddenSize) + hiddenSize;
            inputs = hiddenSize;
        }

        return count;
    }

    /// <summary>He-uniform weights drawn with <paramref name="seed"/> in layout order, zero biases.</summary>
    public static float[] InitialParameters(int inputs, int hiddenSize, int layers, int outputs, ulong seed)
    {
        var random = new SplitMix64(seed);
        var parameters = new float[BodyParameterCount(inputs, hiddenSize, layers) + (((layers == 0 ? inputs : hiddenSize) + 1) * outputs)];
        var offset = 0;
        var width = inputs;
        for (var layer = 0; layer <= layers; layer++)
        {
            var next = layer == layers ? outputs : hiddenSize;
            var bound = Math.Sqrt(6.0 / width);
            for (var i = 0; i < width * next; i++)
            {
                parameters[offset++] = (float)(((2.0 * random.NextSingle()) - 1) * bound);
            }

            offset += next;
            width = next;
        }

        return parameters;
    }

    public override Tensor forward(Tensor input)
    {
        var x = input;
        for (var layer = 0; layer < _layers.Length - 1; layer++)
        {
            x = nn.functional.relu(_layers[layer].forward(x));
        }

        return _layers[^1].forward(x);
    }

    public float[] GetParameters() => FlatParameters.Read(_flatOrder, ParameterCount);

    /// <summary>
    /// Trains the network in place with Adam on <paramref name="order"/>'s samples, shuffled each epoch with the options'
    /// seed, in batches whose data loss <paramref name="batchLoss"/> builds from the batch's sample indices; FedProx's
    /// μ/2‖w − w_start‖² is added when the options set μ. Returns the trained flat parameters.
    /// </summary>
    /// <exception cref="InvalidOperationException">Training diverged to a non-finite parameter.</exception>
    public float[] Fit(int[] order, BatteryTrainingOptions options, Func<int[], Tensor> batchLoss, CancellationToken cancellationToken)
    {
        train();
        var anchors = options.ProximalMu > 0 ? [.. _flatOrder.Select(p => p.detach().clone().DetachFromDisposeScope())] : Array.Empty<Tensor>();
        using var optimizer = new AdamOptimizer(_flatOrder, options.LearningRate);
        using var halfMu = (options.ProximalMu / 2).ToScalar();
        using var minusOne = (-1.0).ToScalar();
        var random = new SplitMix64(options.Seed);
        try
        {
            for (var epoch = 0; epoch < options.Epochs; epoch++)
            {
                random.Shuffle(order);
                for (var begin = 0; begin < order.Length; begin += options.BatchSize)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var rows = order[begin..Math.Min(order.Length, begin + options.BatchSize)];
                    using var scope = NewDisposeScope();
                    optimizer.ZeroGrad();
                    var loss = batchLoss(rows);
                    if (anchors.Length > 0)
                    {
                        var drifts = new Tensor[anchors.Length];
                        for (var i = 0; i < anchors.Length; i++)
                        {
                            var drift = _flatOrder[i].add(anchors[i], minusOne);
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

        var trained = GetParameters();
        return trained.All(float.IsFinite) ? trained : throw new InvalidOperationException("Training diverged: a parameter is not finite.");
    }

    public void SetParameters(ReadOnlySpan<float> flat, string model) => FlatParameters.Write(_flatOrder, ParameterCount, flat, model);
}
