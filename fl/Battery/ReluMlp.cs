using Consortium.Fl.Runtime;
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

    public float[] GetParameters()
    {
        var flat = new float[ParameterCount];
        var offset = 0;
        foreach (var parameter in _flatOrder)
        {
            var length = (int)parameter.numel();
            parameter.data<float>().CopyTo(flat.AsSpan(offset, length));
            offset += length;
        }

        return flat;
    }

    public void SetParameters(ReadOnlySpan<float> flat, string model)
    {
        if (flat.Length != ParameterCount)
        {
            throw new ArgumentException($"The {model} has {ParameterCount} parameters, the vector {flat.Length}.", nameof(flat));
        }

        using var noGrad = no_grad();
        var offset = 0;
        foreach (var parameter in _flatOrder)
        {
            var length = (int)parameter.numel();
            using var source = tensor(flat.Slice(offset, length).ToArray(), parameter.shape);
            parameter.copy_(source);
            offset += length;
        }
    }
}
