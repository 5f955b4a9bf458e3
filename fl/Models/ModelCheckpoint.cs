using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Consortium.Fl.Models;

/// <summary>
/// A load-forecast model as data: its architecture and flat parameters, with the one byte format the
/// consortium hashes and exchanges. The bytes are a function of the values alone, so two nodes holding
/// the same model produce the same hash.
/// </summary>
/// <remarks>
/// Format version 2, all integers and floats little-endian:
/// <code>
/// offset  size  field
///      0     4  magic "CFLM"
///      4     2  format version (2)
///      6     2  model kind (<see cref="ForecastModelKind"/>: 1 = GRU, 2 = MLP)
///      8     4  input features per hour
///     12     4  hidden size (GRU units, or MLP units per hidden layer)
///     16     4  layers (stacked GRU layers, or MLP hidden layers)
///     20     4  forecast horizon
///     24     4  parameter count n
///     28    4n  parameters, float32, in <see cref="LoadForecastArchitecture"/> layout order
/// </code>
/// Version 2 networks forecast relative to each window's level (see <see cref="LoadForecastArchitecture"/>);
/// version 1 held GRUs that did not, and is refused rather than run with the wrong inputs.
/// </remarks>
public sealed class ModelCheckpoint
{
    /// <summary>The format version written by <see cref="ToBytes"/>.</summary>
    public const ushort FormatVersion = 2;

    /// <summary>Bytes before the first parameter.</summary>
    public const int HeaderSize = 28;

    private static readonly byte[] Magic = Encoding.ASCII.GetBytes("CFLM");

    /// <summary>Wraps a parameter vector (not copied) after checking its length and that every value is finite.</summary>
    /// <exception cref="ModelFormatException">Wrong length or a NaN or infinite value.</exception>
    public ModelCheckpoint(LoadForecastArchitecture architecture, float[] parameters)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        ArgumentNullException.ThrowIfNull(parameters);
        architecture.Validate();
        var expected = architecture.ParameterCount;
        if (parameters.Length != expected)
        {
            throw new ModelFormatException($"The architecture {architecture.Describe()} has {expected} parameters, the vector {parameters.Length}.");
        }

        CheckFinite(architecture, parameters);
        Architecture = architecture;
        Parameters = parameters;
    }

    /// <summary>The network shape.</summary>
    public LoadForecastArchitecture Architecture { get; }

    /// <summary>The flat parameters; treat as read-only.</summary>
    public float[] Parameters { get; }

    /// <summary>Encodes the model in format version <see cref="FormatVersion"/>.</summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[HeaderSize + 4 * Parameters.Length];
        var span = bytes.AsSpan();
        Magic.CopyTo(span);
        BinaryPrimitives.WriteUInt16LittleEndian(span[4..], FormatVersion);
        BinaryPrimitives.WriteUInt16LittleEndian(span[6..], (ushort)Architecture.Kind);
        BinaryPrimitives.WriteInt32LittleEndian(span[8..], Architecture.InputFeatures);
        BinaryPrimitives.WriteInt32LittleEndian(span[12..], Architecture.HiddenSize);
        BinaryPrimitives.WriteInt32LittleEndian(span[16..], Architecture.Layers);
        BinaryPrimitives.WriteInt32LittleEndian(span[20..], Architecture.Horizon);
        BinaryPrimitives.WriteInt32LittleEndian(span[24..], Parameters.Length);
        var values = span[HeaderSize..];
        for (var i = 0; i < Parameters.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(values[(4 * i)..], Parameters[i]);
        }

        return bytes;
    }

    /// <summary>Decodes bytes written by <see cref="ToBytes"/>.</summary>
    /// <exception cref="ModelFormatException">
    /// The bytes are truncated or too long, not a model, of another format version or model kind, of a
    /// shape this build cannot run, or hold a NaN or infinite parameter; the message says which.
    /// </exception>
    public static ModelCheckpoint FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < HeaderSize)
        {
            throw new ModelFormatException($"Model bytes are truncated: {bytes.Length} bytes, the header alone is {HeaderSize}.");
        }

        if (!bytes[..4].SequenceEqual(Magic))
        {
            throw new ModelFormatException($"Not model bytes: they start with {Convert.ToHexString(bytes[..4])}, expected {Convert.ToHexString(Magic)} (\"CFLM\").");
        }

        var version = BinaryPrimitives.ReadUInt16LittleEndian(bytes[4..]);
        if (version != FormatVersion)
        {
            throw new ModelFormatException($"Model format version {version} is not supported; this build reads version {FormatVersion}.");
        }

        var kind = (ForecastModelKind)BinaryPrimitives.ReadUInt16LittleEndian(bytes[6..]);
        if (kind is not (ForecastModelKind.Gru or ForecastModelKind.Mlp))
        {
            throw new ModelFormatException(
                $"Model kind {(ushort)kind} is unknown; this build reads kinds {(ushort)ForecastModelKind.Gru} (GRU) and {(ushort)ForecastModelKind.Mlp} (MLP).");
        }

        var inputFeatures = BinaryPrimitives.ReadInt32LittleEndian(bytes[8..]);
        var hidden = BinaryPrimitives.ReadInt32LittleEndian(bytes[12..]);
        var layers = BinaryPrimitives.ReadInt32LittleEndian(bytes[16..]);
        var horizon = BinaryPrimitives.ReadInt32LittleEndian(bytes[20..]);
        var count = BinaryPrimitives.ReadInt32LittleEndian(bytes[24..]);

        var architecture = new LoadForecastArchitecture(hidden, layers, kind);
        try
        {
            architecture.Validate();
        }
        catch (ArgumentOutOfRangeException error)
        {
            throw new ModelFormatException($"Model header holds an invalid architecture: {error.Message}");
        }

        if (inputFeatures != architecture.InputFeatures || horizon != architecture.Horizon)
        {
            throw new ModelFormatException(
                $"Model reads {inputFeatures} features per hour and forecasts {horizon} hours; this build uses {architecture.InputFeatures} and {architecture.Horizon}.");
        }

        var expected = architecture.ParameterCount;
        if (count != expected)
        {
            throw new ModelFormatException($"Model header declares {count} parameters, the architecture {architecture.Describe()} has {expected}.");
        }

        var expectedLength = HeaderSize + 4L * count;
        if (bytes.Length != expectedLength)
        {
            var problem = bytes.Length < expectedLength ? "truncated" : "followed by extra data";
            throw new ModelFormatException($"Model bytes are {problem}: {bytes.Length} bytes, {count} parameters need exactly {expectedLength}.");
        }

        var parameters = new float[count];
        var values = bytes[HeaderSize..];
        for (var i = 0; i < count; i++)
        {
            parameters[i] = BinaryPrimitives.ReadSingleLittleEndian(values[(4 * i)..]);
        }

        return new ModelCheckpoint(architecture, parameters);
    }

    private static void CheckFinite(LoadForecastArchitecture architecture, ReadOnlySpan<float> parameters)
    {
        for (var i = 0; i < parameters.Length; i++)
        {
            if (!float.IsFinite(parameters[i]))
            {
                throw new ModelFormatException($"Parameter {i} ({Locate(architecture, i)}) is {parameters[i].ToString(CultureInfo.InvariantCulture)}, not a finite number.");
            }
        }
    }

    private static string Locate(LoadForecastArchitecture architecture, int index)
    {
        var start = 0;
        foreach (var segment in architecture.Segments())
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
