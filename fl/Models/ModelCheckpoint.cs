using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Consortium.Fl.Models;

/// <summary>
/// A model as data: its architecture and flat parameters, with the one byte format the consortium hashes and
/// exchanges, for every task it trains (the load forecast and the battery-health model). The bytes are a function of the
/// values alone, so two nodes holding the same model produce the same hash.
/// </summary>
/// <remarks>
/// Format version 2, all integers and floats little-endian:
/// <code>
/// offset  size  field
///      0     4  magic "CFLM"
///      4     2  format version (2)
///      6     2  model kind: 1 = GRU load forecast, 2 = MLP load forecast (<see cref="ForecastModelKind"/>),
///               3 = battery-health estimator (<see cref="BatteryHealthArchitecture"/>),
///               4 = battery-health model: estimator and fade forecaster (<see cref="BatteryModelArchitecture"/>)
///      8     4  load forecast: input features per hour;  battery health: charge-curve features per cycle
///     12     4  hidden size (GRU units, or MLP units per hidden layer)
///     16     4  layers (stacked GRU layers, or MLP hidden layers)
///     20     4  load forecast: forecast horizon;  kind 3: outputs of the estimator (1);  kind 4: forecaster inputs
///     24     4  parameter count n
///     28    4n  parameters, float32, in the architecture's layout order
/// </code>
/// Version 2 load forecasts are relative to each window's level (see <see cref="LoadForecastArchitecture"/>);
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
    public ModelCheckpoint(ModelArchitecture architecture, float[] parameters)
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
    public ModelArchitecture Architecture { get; }

    /// <summary>The shape of a load-forecast model.</summary>
    /// <exception cref="ModelFormatException">The model is of another task.</exception>
    public LoadForecastArchitecture LoadForecast => Architecture as LoadForecastArchitecture
        ?? throw new ModelFormatException($"The model is a {Architecture.Describe()}, not a load forecast.");

    /// <summary>The flat parameters; treat as read-only.</summary>
    public float[] Parameters { get; }

    /// <summary>Encodes the model in format version <see cref="FormatVersion"/>.</summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[HeaderSize + 4 * Parameters.Length];
        var span = bytes.AsSpan();
        Magic.CopyTo(span);
        BinaryPrimitives.WriteUInt16LittleEndian(span[4..], FormatVersion);
        BinaryPrimitives.WriteUInt16LittleEndian(span[6..], Architecture.KindCode);
        var (first, second, third, fourth) = Architecture.HeaderFields();
        BinaryPrimitives.WriteInt32LittleEndian(span[8..], first);
        BinaryPrimitives.WriteInt32LittleEndian(span[12..], second);
        BinaryPrimitives.WriteInt32LittleEndian(span[16..], third);
        BinaryPrimitives.WriteInt32LittleEndian(span[20..], fourth);
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

        var kind = BinaryPrimitives.ReadUInt16LittleEndian(bytes[6..]);
        var fields = (
            BinaryPrimitives.ReadInt32LittleEndian(bytes[8..]),
            BinaryPrimitives.ReadInt32LittleEndian(bytes[12..]),
            BinaryPrimitives.ReadInt32LittleEndian(bytes[16..]),
            BinaryPrimitives.ReadInt32LittleEndian(bytes[20..]));
        var count = BinaryPrimitives.ReadInt32LittleEndian(bytes[24..]);
        var architecture = ModelArchitecture.FromHeader(kind, fields);

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

    private static void CheckFinite(ModelArchitecture architecture, ReadOnlySpan<float> parameters)
    {
        for (var i = 0; i < parameters.Length; i++)
        {
            if (!float.IsFinite(parameters[i]))
            {
                throw new ModelFormatException($"Parameter {i} ({architecture.Locate(i)}) is {parameters[i].ToString(CultureInfo.InvariantCulture)}, not a finite number.");
            }
        }
    }
}
