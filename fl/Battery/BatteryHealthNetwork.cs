using Consortium.Fl.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Consortium.Fl.Battery;

/// <summary>The estimator as a TorchSharp module, its parameters exchanged as one flat vector in layout order.</summary>
internal sealed class BatteryHealthNetwork : nn.Module<Tensor, Tensor>
{
    private readonly Linear[] _layers;
    private readonly Parameter[] _flatOrder;

    public BatteryHealthNetwork(BatteryHealthArchitecture architecture)
        : base(nameof(BatteryHealthNetwork))
    {
        architecture.Validate();
        Architecture = architecture;
        _layers = new Linear[architecture.Layers + 1];
        var inputs = architecture.Features;
        for (var layer = 0; layer < _layers.Length; layer++)
        {
            var outputs = layer == architecture.Layers ? 1 : architecture.HiddenSize;
            _layers[layer] = nn.Linear(inputs, outputs);
            register_module($"layer{layer}", _layers[layer]);
            inputs = outputs;
        }

        _flatOrder = [.. _layers.SelectMany(l => new[] { l.weight!, l.bias! })];
    }

    public BatteryHealthArchitecture Architecture { get; }

    public IReadOnlyList<Parameter> FlatOrder => _flatOrder;

    public override Tensor forward(Tensor input)
    {
        var x = input;
        for (var layer = 0; layer < _layers.Length - 1; layer++)
        {
            x = nn.functional.relu(_layers[layer].forward(x));
        }

        return _layers[^1].forward(x).squeeze(1);
    }

    public float[] GetParameters()
    {
        var flat = new float[Architecture.ParameterCount];
        var offset = 0;
        foreach (var parameter in _flatOrder)
        {
            var length = (int)parameter.numel();
            parameter.data<float>().CopyTo(flat.AsSpan(offset, length));
            offset += length;
        }

        return flat;
    }

    public void SetParameters(ReadOnlySpan<float> flat)
    {
        if (flat.Length != Architecture.ParameterCount)
        {
            throw new ArgumentException($"The estimator has {Architecture.ParameterCount} parameters, the vector {flat.Length}.", nameof(flat));
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
