namespace Consortium.Fl.Models;

/// <summary>
/// The shape of a model the consortium trains, as far as the <see cref="ModelCheckpoint"/> format and the round
/// machinery need it: a model-kind code, four header fields and the flat parameter layout. The load forecast
/// (<see cref="LoadForecastArchitecture"/>), the battery-health estimator alone (<see cref="BatteryHealthArchitecture"/>) and
/// the battery task's model of estimator and fade forecaster (<see cref="BatteryModelArchitecture"/>) are its kinds; two architectures are equal only when they are of one kind with the same sizes.
/// </summary>
public abstract record ModelArchitecture
{
    /// <summary>The model-kind code written in the checkpoint header; never changes once released.</summary>
    public abstract ushort KindCode { get; }

    /// <summary>Length of the flat parameter vector.</summary>
    public abstract int ParameterCount { get; }

    /// <summary>Throws when a dimension is out of range, naming it.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Which value is out of range.</exception>
    public abstract void Validate();

    /// <summary>A short description for messages, such as "GRU 6->32x1, head 24".</summary>
    public abstract string Describe();

    /// <summary>The four sizes the checkpoint header carries after the kind.</summary>
    internal abstract (int First, int Second, int Third, int Fourth) HeaderFields();

    /// <summary>The flat vector's layout, in order.</summary>
    internal abstract IEnumerable<ParameterSegment> Segments();

    /// <summary>Reads an architecture back from a checkpoint header.</summary>
    /// <exception cref="ModelFormatException">The kind is unknown or the sizes do not describe a shape this build runs.</exception>
    internal static ModelArchitecture FromHeader(ushort kind, (int First, int Second, int Third, int Fourth) fields)
    {
        ModelArchitecture architecture = kind switch
        {
            (ushort)ForecastModelKind.Gru or (ushort)ForecastModelKind.Mlp => LoadForecastArchitecture.FromHeader((ForecastModelKind)kind, fields),
            BatteryHealthArchitecture.ModelKind => BatteryHealthArchitecture.FromHeader(fields),
            BatteryModelArchitecture.ModelKind => BatteryModelArchitecture.FromHeader(fields),
            _ => throw new ModelFormatException(
                $"Model kind {kind} is unknown; this build reads kinds {(ushort)ForecastModelKind.Gru} (GRU load forecast), {(ushort)ForecastModelKind.Mlp} (MLP load forecast) {BatteryHealthArchitecture.ModelKind} (battery-health estimator) and {BatteryModelArchitecture.ModelKind} (battery-health model with fade forecaster)."),
        };

        try
        {
            architecture.Validate();
        }
        catch (ArgumentOutOfRangeException error)
        {
            throw new ModelFormatException($"Model header holds an invalid architecture: {error.Message}");
        }

        return architecture;
    }

    /// <summary>Where parameter <paramref name="index"/> sits in the layout, for messages.</summary>
    internal string Locate(int index)
    {
        var start = 0;
        foreach (var segment in Segments())
        {
            if (index < start + segment.Length)
            {
                return $"{segment.Name}, element {index - start}";
            }

            start += segment.Length;
        }

        return "beyond the layout";
    }
}
