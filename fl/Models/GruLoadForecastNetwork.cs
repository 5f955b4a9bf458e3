using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Consortium.Fl.Models;

/// <summary>
/// <see cref="ForecastModelKind.Gru"/>: a GRU reads the week hour by hour; its last layer's final hidden
/// state feeds a linear head with one output per forecast hour.
/// </summary>
internal sealed class GruLoadForecastNetwork : LoadForecastNetwork
{
    private readonly GRU _gru;
    private readonly Linear _head;

    public GruLoadForecastNetwork(LoadForecastArchitecture architecture)
        : base(nameof(GruLoadForecastNetwork), architecture)
    {
        _gru = nn.GRU(architecture.InputFeatures, architecture.HiddenSize, architecture.Layers, batchFirst: true);
        _head = nn.Linear(architecture.HiddenSize, architecture.Horizon);
        RegisterComponents();
        BindLayout();
    }

    protected override Tensor Forecast(Tensor input)
    {
        var (_, hidden) = _gru.forward(input);
        return _head.forward(hidden[Architecture.Layers - 1]);
    }
}
