namespace Consortium.Fl.Models;

/// <summary>
/// Shape of the state-of-health estimator: a cycle's charge-curve features (each standardized with the member's own
/// training statistics) through ReLU layers to one output, the state of health. The last layer is the head: under
/// FedPer each member keeps its own and the consortium averages the body alone.
/// </summary>
/// <param name="Features">Inputs per cycle (16 for the bundled table's charge-curve features).</param>
/// <param name="HiddenSize">Units per hidden layer.</param>
/// <param name="Layers">Hidden layers.</param>
public sealed record BatteryHealthArchitecture(int Features = 16, int HiddenSize = 32, int Layers = 2) : ModelArchitecture
{
    /// <summary>The model-kind code of a battery-health model in the <see cref="ModelCheckpoint"/> header.</summary>
    public const ushort ModelKind = 3;

    /// <summary>The state of health the output is centred on (percent).</summary>
    public const double SohCentre = 90.0;

    /// <summary>Percentage points per unit of output.</summary>
    public const double SohScale = 10.0;

    /// <summary>The estimator on the 16 features: two hidden layers of 32 units, 1,633 parameters.</summary>
    public static BatteryHealthArchitecture Default { get; } = new();

    /// <inheritdoc />
    public override ushort KindCode => ModelKind;

    /// <summary>Parameters in all: every layer's weights then bias, input to output.</summary>
    public override int ParameterCount => BodyParameterCount + HeadParameterCount;

    /// <summary>Parameters of the hidden layers, which come first in the flat vector.</summary>
    public int BodyParameterCount
    {
        get
        {
            var count = 0;
            var inputs = Features;
            for (var layer = 0; layer < Layers; layer++)
            {
                count += (inputs * HiddenSize) + HiddenSize;
                inputs = HiddenSize;
            }

            return count;
        }
    }

    /// <summary>Parameters of the output layer (the head), which come last.</summary>
    public int HeadParameterCount => (Layers == 0 ? Features : HiddenSize) + 1;

    /// <summary>Throws when a dimension is out of range, naming it.</summary>
    public override void Validate()
    {
        if (Features is < 1 or > 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(Features), Features, "An estimator reads 1 to 1,024 features.");
        }

        if (HiddenSize is < 1 or > 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(HiddenSize), HiddenSize, "Hidden layers have 1 to 1,024 units.");
        }

        if (Layers is < 0 or > 8)
        {
            throw new ArgumentOutOfRangeException(nameof(Layers), Layers, "An estimator has 0 to 8 hidden layers.");
        }
    }

    /// <summary>A short description for messages, such as "battery-health MLP 16->32x2->1".</summary>
    public override string Describe() => $"battery-health MLP {Features}->{HiddenSize}x{Layers}->1";

    /// <inheritdoc />
    /// <remarks>Features, hidden size, layers, outputs (1).</remarks>
    internal override (int First, int Second, int Third, int Fourth) HeaderFields() => (Features, HiddenSize, Layers, 1);

    /// <summary>Reads the header fields <see cref="HeaderFields"/> wrote.</summary>
    /// <exception cref="ModelFormatException">The header declares other than one output.</exception>
    internal static BatteryHealthArchitecture FromHeader((int First, int Second, int Third, int Fourth) fields) =>
        fields.Fourth == 1
            ? new BatteryHealthArchitecture(fields.First, fields.Second, fields.Third)
            : throw new ModelFormatException($"A battery-health model has 1 output (the state of health); the header declares {fields.Fourth}.");

    /// <inheritdoc />
    internal override IEnumerable<ParameterSegment> Segments()
    {
        var inputs = Features;
        for (var layer = 0; layer < Layers; layer++)
        {
            yield return new ParameterSegment($"hidden{layer}.weight", [HiddenSize, inputs], inputs);
            yield return new ParameterSegment($"hidden{layer}.bias", [HiddenSize], inputs);
            inputs = HiddenSize;
        }

        yield return new ParameterSegment("output.weight", [1, inputs], inputs);
        yield return new ParameterSegment("output.bias", [1], inputs);
    }

    /// <summary>Initial parameters drawn with <paramref name="seed"/> (He-uniform weights, zero biases).</summary>
    public float[] InitialParameters(ulong seed)
    {
        Validate();
        var random = new Runtime.SplitMix64(seed);
        var parameters = new float[ParameterCount];
        var offset = 0;
        var inputs = Features;
        for (var layer = 0; layer <= Layers; layer++)
        {
            var outputs = layer == Layers ? 1 : HiddenSize;
            var bound = Math.Sqrt(6.0 / inputs);
            for (var i = 0; i < inputs * outputs; i++)
            {
                parameters[offset++] = (float)(((2.0 * random.NextSingle()) - 1) * bound);
            }

            offset += outputs;
            inputs = outputs;
        }

        return parameters;
    }
}
