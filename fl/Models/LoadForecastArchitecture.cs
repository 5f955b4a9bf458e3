using Consortium.Fl.Forecasting;
using Consortium.Fl.Runtime;

namespace Consortium.Fl.Models;

/// <summary>
/// Shape of the load-forecast network. Every kind reads the same input, a week of hourly
/// <see cref="LoadHistory"/> rows, and outputs one value per forecast hour. Members of a consortium
/// must agree on it; it travels in every <see cref="ModelCheckpoint"/> header.
/// </summary>
/// <remarks>
/// Every kind forecasts relative to the window's level: the week's loads are divided by their mean
/// (floored at <see cref="LevelFloor"/>) before the network proper sees them, and its output is
/// multiplied back. An operator whose load grows after the training period, or whose level differs
/// from the other members', then still feeds the shared weights inputs of the same size. Measured on
/// the bundled data's validation weeks, this beat scaling by the training mean alone for both kinds.
/// </remarks>
/// <param name="HiddenSize">GRU hidden units per layer, or units per hidden layer of the MLP.</param>
/// <param name="Layers">Stacked GRU layers, or hidden layers of the MLP.</param>
/// <param name="Kind">Which network; the GRU unless configured otherwise.</param>
public sealed record LoadForecastArchitecture(int HiddenSize = 32, int Layers = 1, ForecastModelKind Kind = ForecastModelKind.Gru) : ModelArchitecture
{
    /// <summary>Largest <see cref="HiddenSize"/> accepted.</summary>
    public const int MaxHiddenSize = 1024;

    /// <summary>Largest <see cref="Layers"/> accepted.</summary>
    public const int MaxLayers = 8;

    /// <summary>
    /// The least level a window is divided by, in the operator's scaled units (its training-period mean
    /// is 1): a nearly idle week is not blown up to full scale.
    /// </summary>
    public const float LevelFloor = 0.25f;

    /// <summary>The GRU: 32 hidden units, one layer, 4,632 parameters.</summary>
    public static LoadForecastArchitecture Default { get; } = new();

    /// <summary>The MLP: two hidden layers of 64 units, 16,856 parameters.</summary>
    public static LoadForecastArchitecture Mlp { get; } = new(HiddenSize: 64, Layers: 2, Kind: ForecastModelKind.Mlp);

    /// <summary>Inputs per hour: <see cref="LoadHistory.FeaturesPerHour"/>.</summary>
    public int InputFeatures => LoadHistory.FeaturesPerHour;

    /// <summary>Outputs: <see cref="ForecastWindows.HorizonHours"/>.</summary>
    public int Horizon => ForecastWindows.HorizonHours;

    /// <summary>
    /// Inputs of the MLP's first layer: the <see cref="ForecastWindows.InputHours"/> past loads and the
    /// <see cref="CalendarFeatures"/> of the first forecast hour.
    /// </summary>
    internal static int MlpInputs => ForecastWindows.InputHours + CalendarFeatures.Count;

    /// <summary>The default shape of a model kind: <see cref="Default"/> or <see cref="Mlp"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The kind is not one this build knows.</exception>
    public static LoadForecastArchitecture For(ForecastModelKind kind) => kind switch
    {
        ForecastModelKind.Gru => Default,
        ForecastModelKind.Mlp => Mlp,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown model kind."),
    };

    /// <inheritdoc />
    public override ushort KindCode => (ushort)Kind;

    /// <summary>Length of the flat parameter vector.</summary>
    public override int ParameterCount
    {
        get
        {
            var count = 0;
            foreach (var segment in Segments())
            {
                count += segment.Length;
            }

            return count;
        }
    }

    /// <summary>Throws unless the kind is known and the sizes are usable.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Which value is out of range.</exception>
    public override void Validate()
    {
        if (Kind is not (ForecastModelKind.Gru or ForecastModelKind.Mlp))
        {
            throw new ArgumentOutOfRangeException(nameof(Kind), Kind, "The model kind must be GRU (1) or MLP (2).");
        }

        if (HiddenSize is < 1 or > MaxHiddenSize)
        {
            throw new ArgumentOutOfRangeException(nameof(HiddenSize), HiddenSize, $"The hidden size must be between 1 and {MaxHiddenSize}.");
        }

        if (Layers is < 1 or > MaxLayers)
        {
            throw new ArgumentOutOfRangeException(nameof(Layers), Layers, $"The layer count must be between 1 and {MaxLayers}.");
        }
    }

    /// <summary>
    /// Deterministic starting weights, identical on every machine for a given seed: each value uniform
    /// in ±1/√(fan-in of its layer), PyTorch's default range (for the GRU, ±1/√<see cref="HiddenSize"/> throughout).
    /// </summary>
    public float[] InitialParameters(ulong seed)
    {
        Validate();
        var random = new SplitMix64(seed);
        var parameters = new float[ParameterCount];
        var offset = 0;
        foreach (var segment in Segments())
        {
            var bound = 1f / MathF.Sqrt(segment.FanIn);
            var values = parameters.AsSpan(offset, segment.Length);
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = (2 * random.NextSingle() - 1) * bound;
            }

            offset += segment.Length;
        }

        return parameters;
    }

    /// <summary>A short description for messages, such as "GRU 6->32x1, head 24".</summary>
    public override string Describe() => Kind switch
    {
        ForecastModelKind.Mlp => $"MLP {MlpInputs}->{HiddenSize}x{Layers}->{Horizon}",
        _ => $"GRU {InputFeatures}->{HiddenSize}x{Layers}, head {Horizon}",
    };

    /// <inheritdoc />
    /// <remarks>Input features per hour, hidden size, layers, forecast horizon.</remarks>
    internal override (int First, int Second, int Third, int Fourth) HeaderFields() => (InputFeatures, HiddenSize, Layers, Horizon);

    /// <summary>Reads the header fields <see cref="HeaderFields"/> wrote.</summary>
    /// <exception cref="ModelFormatException">The model reads other inputs or forecasts another horizon than this build.</exception>
    internal static LoadForecastArchitecture FromHeader(ForecastModelKind kind, (int First, int Second, int Third, int Fourth) fields)
    {
        var architecture = new LoadForecastArchitecture(fields.Second, fields.Third, kind);
        if (fields.First != architecture.InputFeatures || fields.Fourth != architecture.Horizon)
        {
            throw new ModelFormatException(
                $"Model reads {fields.First} features per hour and forecasts {fields.Fourth} hours; this build uses {architecture.InputFeatures} and {architecture.Horizon}.");
        }

        return architecture;
    }

    /// <summary>
    /// The flat vector's layout, in order. GRU: for each layer its input weights, hidden weights, input
    /// bias and hidden bias (gates r, z, n stacked as in PyTorch), then the head's weight and bias. MLP:
    /// each hidden layer's weight and bias, then the output layer's.
    /// </summary>
    internal override IEnumerable<ParameterSegment> Segments() => Kind == ForecastModelKind.Mlp ? MlpSegments() : GruSegments();

    private IEnumerable<ParameterSegment> GruSegments()
    {
        var gates = 3 * HiddenSize;
        for (var layer = 0; layer < Layers; layer++)
        {
            var inputs = layer == 0 ? InputFeatures : HiddenSize;
            yield return new ParameterSegment($"weight_ih_l{layer}", [gates, inputs], HiddenSize);
            yield return new ParameterSegment($"weight_hh_l{layer}", [gates, HiddenSize], HiddenSize);
            yield return new ParameterSegment($"bias_ih_l{layer}", [gates], HiddenSize);
            yield return new ParameterSegment($"bias_hh_l{layer}", [gates], HiddenSize);
        }

        yield return new ParameterSegment("weight", [Horizon, HiddenSize], HiddenSize);
        yield return new ParameterSegment("bias", [Horizon], HiddenSize);
    }

    private IEnumerable<ParameterSegment> MlpSegments()
    {
        var inputs = MlpInputs;
        for (var layer = 0; layer < Layers; layer++)
        {
            yield return new ParameterSegment($"hidden{layer}.weight", [HiddenSize, inputs], inputs);
            yield return new ParameterSegment($"hidden{layer}.bias", [HiddenSize], inputs);
            inputs = HiddenSize;
        }

        yield return new ParameterSegment("output.weight", [Horizon, inputs], inputs);
        yield return new ParameterSegment("output.bias", [Horizon], inputs);
    }
}
