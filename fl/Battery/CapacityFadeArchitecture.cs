namespace Consortium.Fl.Battery;

/// <summary>
/// Shape of the capacity-fade forecaster: a cell's recent state-of-health history (<see cref="CapacityFadeSamples"/>
/// describes the inputs) through ReLU layers to one output per horizon in <see cref="Horizons"/>, each the average fade
/// over that many cycles ahead, in units of <see cref="RateScale"/> percentage points of state of health per 100
/// cycles. The forecast state of health h cycles ahead is the current one minus that fade times h. The last layer is
/// the head (all horizons); the hidden layers before it are the body.
/// </summary>
/// <param name="Inputs">Inputs per sample: <see cref="CapacityFadeSamples.HistoryInputs"/> plus the charge-curve features (16 for the bundled table).</param>
/// <param name="HiddenSize">Units per hidden layer.</param>
/// <param name="Layers">Hidden layers.</param>
public sealed record CapacityFadeArchitecture(int Inputs = CapacityFadeSamples.HistoryInputs + 16, int HiddenSize = 32, int Layers = 2)
{
    /// <summary>Percentage points of state of health per 100 cycles per unit of output (and of the history's fade inputs).</summary>
    public const double RateScale = 5.0;

    private static readonly int[] HorizonCycles = [50, 100, 200];

    /// <summary>The forecaster on the history and the 16 charge-curve features: two hidden layers of 32 units, 1,859 parameters.</summary>
    public static CapacityFadeArchitecture Default { get; } = new();

    /// <summary>How many cycles ahead each output forecasts, in output order: 50, 100 and 200.</summary>
    public static IReadOnlyList<int> Horizons => HorizonCycles;

    /// <summary>Outputs: one per horizon.</summary>
    public static int Outputs => HorizonCycles.Length;

    /// <summary>Parameters in all: every layer's weights then bias, input to output.</summary>
    public int ParameterCount => BodyParameterCount + HeadParameterCount;

    /// <summary>Parameters of the hidden layers, which come first in the flat vector.</summary>
    public int BodyParameterCount => ReluMlp.BodyParameterCount(Inputs, HiddenSize, Layers);

    /// <summary>Parameters of the output layer (the head), which come last.</summary>
    public int HeadParameterCount => (((Layers == 0 ? Inputs : HiddenSize) + 1) * Outputs);

    /// <summary>Throws when a dimension is out of range, naming it.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Which dimension is out of range.</exception>
    public void Validate()
    {
        if (Inputs is < CapacityFadeSamples.HistoryInputs or > 1024)
        {
            throw new ArgumentOutOfRangeException(
                nameof(Inputs), Inputs, $"A forecaster reads the {CapacityFadeSamples.HistoryInputs} history inputs and up to 1,024 in all.");
        }

        if (HiddenSize is < 1 or > 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(HiddenSize), HiddenSize, "Hidden layers have 1 to 1,024 units.");
        }

        if (Layers is < 0 or > 8)
        {
            throw new ArgumentOutOfRangeException(nameof(Layers), Layers, "A forecaster has 0 to 8 hidden layers.");
        }
    }

    /// <summary>A short description for messages, such as "capacity-fade MLP 21->32x2->3".</summary>
    public string Describe() => $"capacity-fade MLP {Inputs}->{HiddenSize}x{Layers}->{Outputs}";

    /// <summary>Initial parameters drawn with <paramref name="seed"/> (He-uniform weights, zero biases).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is out of range.</exception>
    public float[] InitialParameters(ulong seed)
    {
        Validate();
        return ReluMlp.InitialParameters(Inputs, HiddenSize, Layers, Outputs, seed);
    }

    /// <summary>The index of <paramref name="horizon"/> in <see cref="Horizons"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The forecaster does not forecast that horizon.</exception>
    public static int HorizonIndex(int horizon)
    {
        var index = Array.IndexOf(HorizonCycles, horizon);
        return index >= 0
            ? index
            : throw new ArgumentOutOfRangeException(nameof(horizon), horizon, $"The forecaster forecasts {string.Join(", ", HorizonCycles)} cycles ahead.");
    }
}
