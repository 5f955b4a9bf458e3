namespace Consortium.Fl.Models;

/// <summary>
/// The battery-health task's model as the consortium trains, hashes and exchanges it: the state-of-health estimator
/// (<see cref="Estimator"/>) and the capacity-fade forecaster (an MLP from <see cref="FadeInputs"/> inputs of a cell's
/// recent history and features, through the same hidden layers, to <see cref="FadeOutputs"/> horizons) in one flat
/// vector, the estimator's parameters first. Both parts are trained in every round, averaged together and scored on their
/// pooled errors in percentage points of state of health.
/// </summary>
/// <param name="Features">Charge-curve features per cycle the estimator reads.</param>
/// <param name="HiddenSize">Units per hidden layer of both parts.</param>
/// <param name="Layers">Hidden layers of both parts.</param>
/// <param name="FadeInputs">Inputs per sample of the forecaster (its history inputs and the features).</param>
public sealed record BatteryModelArchitecture(int Features = 16, int HiddenSize = 32, int Layers = 2, int FadeInputs = 21) : ModelArchitecture
{
    /// <summary>The model-kind code of the task's model in the <see cref="ModelCheckpoint"/> header.</summary>
    public const ushort ModelKind = 4;

    /// <summary>Outputs of the forecaster: the states of health 50, 100 and 200 cycles ahead.</summary>
    public const int FadeOutputs = 3;

    /// <summary>Both parts on the bundled table's 16 features: 1,633 + 1,859 parameters.</summary>
    public static BatteryModelArchitecture Default { get; } = new();

    /// <summary>The estimator part.</summary>
    public BatteryHealthArchitecture Estimator => new(Features, HiddenSize, Layers);

    /// <inheritdoc />
    public override ushort KindCode => ModelKind;

    /// <summary>Parameters of the forecaster part, which follow the estimator's.</summary>
    public int ForecasterParameterCount
    {
        get
        {
            var count = 0;
            var inputs = FadeInputs;
            for (var layer = 0; layer < Layers; layer++)
            {
                count += (inputs * HiddenSize) + HiddenSize;
                inputs = HiddenSize;
            }

            return count + ((inputs + 1) * FadeOutputs);
        }
    }

    /// <inheritdoc />
    public override int ParameterCount => Estimator.ParameterCount + ForecasterParameterCount;

    /// <inheritdoc />
    public override void Validate()
    {
        Estimator.Validate();
        if (FadeInputs is < 1 or > 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(FadeInputs), FadeInputs, "A forecaster reads 1 to 1,024 inputs.");
        }
    }

    /// <inheritdoc />
    public override string Describe() =>
        $"battery-health model: estimator {Features}->{HiddenSize}x{Layers}->1, fade forecaster {FadeInputs}->{HiddenSize}x{Layers}->{FadeOutputs}";

    /// <inheritdoc />
    /// <remarks>Features, hidden size, layers, forecaster inputs.</remarks>
    internal override (int First, int Second, int Third, int Fourth) HeaderFields() => (Features, HiddenSize, Layers, FadeInputs);

    /// <summary>Reads the header fields <see cref="HeaderFields"/> wrote.</summary>
    internal static BatteryModelArchitecture FromHeader((int First, int Second, int Third, int Fourth) fields) =>
        new(fields.First, fields.Second, fields.Third, fields.Fourth);

    /// <inheritdoc />
    internal override IEnumerable<ParameterSegment> Segments()
    {
        foreach (var segment in Estimator.Segments())
        {
            yield return segment with { Name = "estimator." + segment.Name };
        }

        var inputs = FadeInputs;
        for (var layer = 0; layer < Layers; layer++)
        {
            yield return new ParameterSegment($"forecaster.hidden{layer}.weight", [HiddenSize, inputs], inputs);
            yield return new ParameterSegment($"forecaster.hidden{layer}.bias", [HiddenSize], inputs);
            inputs = HiddenSize;
        }

        yield return new ParameterSegment("forecaster.output.weight", [FadeOutputs, inputs], inputs);
        yield return new ParameterSegment("forecaster.output.bias", [FadeOutputs], inputs);
    }
}
