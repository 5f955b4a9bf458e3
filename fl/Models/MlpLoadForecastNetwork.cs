using TorchSharp;
using TorchSharp.Modules;

using static TorchSharp.torch;

namespace Consortium.Fl.Models;

/// <summary>
/// <see cref="ForecastModelKind.Mlp"/>: the week's loads as 168 lagged features, with the calendar of
/// the first forecast hour, through ReLU layers to the 24 forecast hours. The input spans exactly one
/// week, so its first hour has the same hour of day and day of week as the first forecast hour.
/// </summary>
internal sealed class MlpLoadForecastNetwork : LoadForecastNetwork
{
    private readonly Linear[] _hidden;
    private readonly Linear _output;

    public MlpLoadForecastNetwork(LoadForecastArchitecture architecture)
        : base(nameof(MlpLoadForecastNetwork), architecture)
    {
        _hidden = new Linear[architecture.Layers];
        var inputs = LoadForecastArchitecture.MlpInputs;
        for (var layer = 0; layer < _hidden.Length; layer++)
        {
            _hidden[layer] = nn.Linear(inputs, architecture.HiddenSize);
            register_module($"hidden{layer}", _hidden[layer]);
            inputs = architecture.HiddenSize;
        }

        _output = nn.Linear(inputs, architecture.Horizon);
        register_module("output", _output);
        BindLayout();
    }

    protected override Tensor Forecast(Tensor input)
    {
        var loads = input[.., .., 0];
        var calendar = input[.., 0, 1..];
        var x = cat([loads, calendar], 1);
        foreach (var layer in _hidden)
        {
            x = nn.functional.relu(layer.forward(x));
        }

        return _output.forward(x);
    }
}
