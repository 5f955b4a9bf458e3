using Consortium.Fl.Forecasting;
using Consortium.Fl.Runtime;
using TorchSharp;
using TorchSharp.Modules;

using static TorchSharp.torch;

namespace Consortium.Fl.Models;

/// <summary>
/// The TorchSharp network of a <see cref="LoadForecastArchitecture"/>. Input [batch, hours, features],
/// output [batch, horizon] in scaled load units. Its weights move in and out as one flat vector laid
/// out as <see cref="LoadForecastArchitecture.Segments"/> says.
/// </summary>
/// <remarks>
/// Every scalar handed to libtorch is held in a field or variable for as long as native code may read
/// it: TorchSharp's implicit <see cref="Scalar"/> temporaries (including the alpha of <c>Tensor + Tensor</c>)
/// can be finalized by a concurrent garbage collection in the middle of the native call.
/// </remarks>
internal abstract class LoadForecastNetwork : nn.Module<Tensor, Tensor>
{
    private readonly Scalar _levelFloor = LoadForecastArchitecture.LevelFloor.ToScalar();
    private Parameter[] _flatOrder = [];
    private int _parameterCount;

    protected LoadForecastNetwork(string name, LoadForecastArchitecture architecture)
        : base(name)
    {
        architecture.Validate();
        Architecture = architecture;
    }

    public LoadForecastArchitecture Architecture { get; }

    /// <summary>The parameter tensors in layout order, for the optimizer and the proximal term.</summary>
    public IReadOnlyList<Parameter> FlatOrder => _flatOrder;

    /// <summary>Builds the network of the architecture's kind.</summary>
    public static LoadForecastNetwork Create(LoadForecastArchitecture architecture)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        architecture.Validate();
        return architecture.Kind switch
        {
            ForecastModelKind.Mlp => new MlpLoadForecastNetwork(architecture),
            _ => new GruLoadForecastNetwork(architecture),
        };
    }

    /// <summary>
    /// Forecasts [batch, horizon] from [batch, hours, features], both in the operator's scaled units:
    /// each window's loads are divided by its level (the mean load of its input week, at least
    /// <see cref="LoadForecastArchitecture.LevelFloor"/>), the concrete network forecasts in those
    /// units, and the forecast is multiplied back by the level.
    /// </summary>
    public sealed override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var load = input[.., .., ..1];
        var level = load.mean([1L], keepdim: true).clamp_min(_levelFloor);
        var normalized = cat([load / level, input[.., .., 1..]], 2);
        var forecast = Forecast(normalized) * level.view(-1, 1);
        return forecast.MoveToOuterDisposeScope();
    }

    /// <summary>Copies the weights out in layout order.</summary>
    public float[] GetParameters() => FlatParameters.Read(_flatOrder, _parameterCount);

    /// <summary>Overwrites the weights from a vector in layout order.</summary>
    public void SetParameters(ReadOnlySpan<float> flat) => FlatParameters.Write(_flatOrder, _parameterCount, flat, "network");

    /// <summary>The forecast of the concrete network, on inputs whose loads are in units of the window level.</summary>
    protected abstract Tensor Forecast(Tensor input);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _levelFloor.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>
    /// Checks, once the layers are registered, that TorchSharp's parameters come in the architecture's
    /// layout order with its shapes; the flat vector relies on it.
    /// </summary>
    protected void BindLayout()
    {
        var named = new List<(string Name, Parameter Value)>(named_parameters());
        var segments = new List<ParameterSegment>(Architecture.Segments());
        if (named.Count != segments.Count)
        {
            throw new InvalidOperationException($"TorchSharp reports {named.Count} parameter tensors, the layout expects {segments.Count}.");
        }

        _flatOrder = new Parameter[segments.Count];
        _parameterCount = 0;
        for (var i = 0; i < segments.Count; i++)
        {
            var (name, value) = named[i];
            var expected = segments[i].Name;
            var sameName = name == expected || name.EndsWith("." + expected, StringComparison.Ordinal);
            if (!sameName || !value.shape.AsSpan().SequenceEqual(segments[i].Shape))
            {
                throw new InvalidOperationException(
                    $"TorchSharp parameter {i} is {name} [{string.Join(", ", value.shape)}], the layout expects {expected} [{string.Join(", ", segments[i].Shape)}].");
            }

            _flatOrder[i] = value;
            _parameterCount += segments[i].Length;
        }
    }

    /// <summary>Runs the network on the given windows and writes their forecasts in kW, window after window.</summary>
    internal void ForecastKw(ForecastWindows windows, ReadOnlySpan<int> batch, Span<float> destinationKw)
    {
        var inputs = new float[batch.Length * ForecastWindows.InputHours * LoadHistory.FeaturesPerHour];
        windows.FillInputs(batch, inputs);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var x = tensor(inputs, [batch.Length, ForecastWindows.InputHours, LoadHistory.FeaturesPerHour]);
        var scaled = forward(x);
        scaled.data<float>().CopyTo(destinationKw);
        var scaleKw = windows.History.ScaleKw;
        for (var i = 0; i < destinationKw.Length; i++)
        {
            destinationKw[i] *= scaleKw;
        }
    }
}
