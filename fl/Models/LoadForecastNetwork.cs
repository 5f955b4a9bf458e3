using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Consortium.Fl.Models;

/// <summary>
/// The TorchSharp network of a <see cref="LoadForecastArchitecture"/>. Input [batch, hours, features],
/// output [batch, horizon] in scaled load units. Its weights move in and out as one flat vector laid
/// out as <see cref="LoadForecastArchitecture.Segments"/> says.
/// </summary>
internal sealed class LoadForecastNetwork : nn.Module<Tensor, Tensor>
{
    private readonly GRU _gru;
    private readonly Linear _head;
    private readonly Parameter[] _flatOrder;
    private readonly int _parameterCount;

    public LoadForecastNetwork(LoadForecastArchitecture architecture)
        : base(nameof(LoadForecastNetwork))
    {
        architecture.Validate();
        Architecture = architecture;
        _gru = nn.GRU(architecture.InputFeatures, architecture.HiddenSize, architecture.Layers, batchFirst: true);
        _head = nn.Linear(architecture.HiddenSize, architecture.Horizon);
        RegisterComponents();

        var named = new List<(string Name, Parameter Value)>(named_parameters());
        var segments = new List<ParameterSegment>(architecture.Segments());
        if (named.Count != segments.Count)
        {
            throw new InvalidOperationException($"TorchSharp reports {named.Count} parameter tensors, the layout expects {segments.Count}.");
        }

        _flatOrder = new Parameter[segments.Count];
        for (var i = 0; i < segments.Count; i++)
        {
            var (name, value) = named[i];
            if (!name.EndsWith("." + segments[i].Name, StringComparison.Ordinal) || !value.shape.AsSpan().SequenceEqual(segments[i].Shape))
            {
                throw new InvalidOperationException(
                    $"TorchSharp parameter {i} is {name} [{string.Join(", ", value.shape)}], the layout expects {segments[i].Name} [{string.Join(", ", segments[i].Shape)}].");
            }

            _flatOrder[i] = value;
            _parameterCount += segments[i].Length;
        }
    }

    public LoadForecastArchitecture Architecture { get; }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var (_, hidden) = _gru.forward(input);
        var lastLayer = hidden[Architecture.Layers - 1];
        return _head.forward(lastLayer).MoveToOuterDisposeScope();
    }

    /// <summary>Copies the weights out in layout order.</summary>
    public float[] GetParameters()
    {
        var flat = new float[_parameterCount];
        var offset = 0;
        foreach (var parameter in _flatOrder)
        {
            var length = (int)parameter.numel();
            parameter.data<float>().CopyTo(flat.AsSpan(offset, length));
            offset += length;
        }

        return flat;
    }

    /// <summary>Overwrites the weights from a vector in layout order.</summary>
    public void SetParameters(ReadOnlySpan<float> flat)
    {
        if (flat.Length != _parameterCount)
        {
            throw new ArgumentException($"The network has {_parameterCount} parameters, the vector {flat.Length}.", nameof(flat));
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

    /// <summary>The parameter tensors in layout order, for the optimizer and the proximal term.</summary>
    public IReadOnlyList<Parameter> FlatOrder => _flatOrder;
}
