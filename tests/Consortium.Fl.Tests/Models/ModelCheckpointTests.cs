using System.Buffers.Binary;
using Consortium.Fl.Models;

namespace Consortium.Fl.Tests.Models;

public class ModelCheckpointTests
{
    private static readonly LoadForecastArchitecture Small = new(HiddenSize: 8, Layers: 2);

    [Fact]
    public void BytesRoundTripBitForBitIncludingSignedZeroAndExtremes()
    {
        var parameters = Small.InitialParameters(7);
        parameters[0] = -0f;
        parameters[1] = float.Epsilon;
        parameters[2] = float.MaxValue;
        parameters[3] = -float.MaxValue;
        var bytes = new ModelCheckpoint(Small, parameters).ToBytes();

        var decoded = ModelCheckpoint.FromBytes(bytes);

        Assert.Equal(Small, decoded.Architecture);
        Assert.Equal(
            parameters.Select(BitConverter.SingleToInt32Bits),
            decoded.Parameters.Select(BitConverter.SingleToInt32Bits));
        Assert.Equal(bytes, decoded.ToBytes());
    }

    [Fact]
    public void HeaderCarriesVersionKindArchitectureAndCountThenLittleEndianFloats()
    {
        var parameters = Small.InitialParameters(1);
        var bytes = new ModelCheckpoint(Small, parameters).ToBytes();

        Assert.Equal("CFLM"u8.ToArray(), bytes[..4]);
        Assert.Equal(2, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(4)));
        Assert.Equal((ushort)ForecastModelKind.Gru, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(6)));
        Assert.Equal(6, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(8)));
        Assert.Equal(8, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(12)));
        Assert.Equal(2, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(16)));
        Assert.Equal(24, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(20)));
        Assert.Equal(parameters.Length, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(24)));
        Assert.Equal(ModelCheckpoint.HeaderSize + 4 * parameters.Length, bytes.Length);
        Assert.Equal(parameters[^1], BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(bytes.Length - 4)));
    }

    [Fact]
    public void ParameterCountFollowsTheGruAndHeadShapes()
    {
        // Layer 0: 3·8·6 + 3·8·8 + 2·3·8; layer 1: 3·8·8 + 3·8·8 + 2·3·8; head: 24·8 + 24.
        Assert.Equal((144 + 192 + 48) + (192 + 192 + 48) + (192 + 24), Small.ParameterCount);
    }

    [Fact]
    public void MlpBytesRoundTripAndDecodeToAnMlp()
    {
        var mlp = new LoadForecastArchitecture(HiddenSize: 12, Layers: 2, Kind: ForecastModelKind.Mlp);
        var parameters = mlp.InitialParameters(5);
        var bytes = new ModelCheckpoint(mlp, parameters).ToBytes();

        var decoded = ModelCheckpoint.FromBytes(bytes);

        Assert.Equal((ushort)ForecastModelKind.Mlp, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(6)));
        Assert.Equal(mlp, decoded.Architecture);
        Assert.Equal(parameters, decoded.Parameters);
        Assert.Equal(bytes, decoded.ToBytes());
    }

    [Fact]
    public void TheSameShapeOfAnotherKindIsAnotherModel()
    {
        var gru = new LoadForecastArchitecture(HiddenSize: 8, Layers: 1);
        var mlp = gru with { Kind = ForecastModelKind.Mlp };
        var bytes = new ModelCheckpoint(gru, gru.InitialParameters(1)).ToBytes();
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(6), (ushort)ForecastModelKind.Mlp);

        var error = Assert.Throws<ModelFormatException>(() => ModelCheckpoint.FromBytes(bytes));

        Assert.NotEqual(gru.ParameterCount, mlp.ParameterCount);
        Assert.Contains("declares", error.Message);
        Assert.Contains("MLP", error.Message);
    }

    [Fact]
    public void MlpParameterCountFollowsItsLayers()
    {
        // 168 loads + 5 calendar inputs -> 64 -> 64 -> 24.
        Assert.Equal((173 * 64 + 64) + (64 * 64 + 64) + (64 * 24 + 24), LoadForecastArchitecture.Mlp.ParameterCount);
        Assert.Equal(LoadForecastArchitecture.Mlp, LoadForecastArchitecture.For(ForecastModelKind.Mlp));
        Assert.Equal(LoadForecastArchitecture.Default, LoadForecastArchitecture.For(ForecastModelKind.Gru));
    }

    [Fact]
    public void MlpStartingWeightsStayWithinOneOverRootFanInOfTheirLayer()
    {
        var parameters = LoadForecastArchitecture.Mlp.InitialParameters(3);
        var firstLayer = 173 * 64 + 64;
        Assert.All(parameters.AsSpan(0, firstLayer).ToArray(), value => Assert.InRange(value, -1 / MathF.Sqrt(173), 1 / MathF.Sqrt(173)));
        Assert.All(parameters.AsSpan(firstLayer).ToArray(), value => Assert.InRange(value, -1 / MathF.Sqrt(64), 1 / MathF.Sqrt(64)));
        Assert.Contains(parameters.AsSpan(firstLayer).ToArray(), value => MathF.Abs(value) > 1 / MathF.Sqrt(173));
    }

    [Fact]
    public void GruStartingWeightsAreOneUniformStreamScaledByOneOverRootHidden()
    {
        // The GRU's starting weights predate the per-layer bounds; they must not have moved.
        var random = new Consortium.Fl.Runtime.SplitMix64(42);
        var bound = 1 / MathF.Sqrt(Small.HiddenSize);
        var expected = new float[Small.ParameterCount];
        for (var i = 0; i < expected.Length; i++)
        {
            expected[i] = (2 * random.NextSingle() - 1) * bound;
        }

        Assert.Equal(expected, Small.InitialParameters(42));
    }

    [Fact]
    public void BatteryHealthModelsTravelInTheSameFormatUnderTheirOwnKind()
    {
        var architecture = new Consortium.Fl.Models.BatteryHealthArchitecture(Features: 16, HiddenSize: 8, Layers: 2);
        var parameters = architecture.InitialParameters(3);
        var bytes = new ModelCheckpoint(architecture, parameters).ToBytes();

        var decoded = ModelCheckpoint.FromBytes(bytes);

        Assert.Equal(Consortium.Fl.Models.BatteryHealthArchitecture.ModelKind, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(6)));
        Assert.Equal(architecture, decoded.Architecture);
        Assert.Equal(parameters, decoded.Parameters);
        Assert.NotEqual<ModelArchitecture>(Small, decoded.Architecture);
        var error = Assert.Throws<ModelFormatException>(() => { _ = decoded.LoadForecast; });
        Assert.Contains("battery-health MLP 16->8x2->1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheBatteryTasksModelHoldsTheEstimatorThenTheForecasterAndTravelsUnderKindFour()
    {
        var architecture = BatteryModelArchitecture.Default;
        var forecaster = Consortium.Fl.Battery.BatteryModel.Forecaster(architecture);
        var parameters = Consortium.Fl.Battery.BatteryModel.InitialParameters(architecture, 5);

        var decoded = ModelCheckpoint.FromBytes(new ModelCheckpoint(architecture, parameters).ToBytes());

        Assert.Equal(architecture.Estimator.ParameterCount + forecaster.ParameterCount, architecture.ParameterCount);
        Assert.Equal(architecture.Estimator.InitialParameters(5), Consortium.Fl.Battery.BatteryModel.EstimatorPart(architecture, parameters).ToArray());
        Assert.Equal(forecaster.InitialParameters(6), Consortium.Fl.Battery.BatteryModel.ForecasterPart(architecture, parameters).ToArray());
        Assert.Equal(architecture, decoded.Architecture);
        Assert.Equal(parameters, decoded.Parameters);
        parameters[architecture.Estimator.ParameterCount] = float.PositiveInfinity;
        var error = Assert.Throws<ModelFormatException>(() => new ModelCheckpoint(architecture, parameters));
        Assert.Contains("forecaster.hidden0.weight, element 0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ABatteryHeaderWithMoreThanOneOutputIsRefused()
    {
        var architecture = new Consortium.Fl.Models.BatteryHealthArchitecture(HiddenSize: 4, Layers: 1);
        var bytes = new ModelCheckpoint(architecture, architecture.InitialParameters(1)).ToBytes();
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(20), 3);

        var error = Assert.Throws<ModelFormatException>(() => ModelCheckpoint.FromBytes(bytes));

        Assert.Contains("1 output", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ANonFiniteBatteryParameterIsNamedByItsLayer()
    {
        var architecture = new Consortium.Fl.Models.BatteryHealthArchitecture(Features: 2, HiddenSize: 2, Layers: 1);
        var parameters = architecture.InitialParameters(1);
        parameters[^1] = float.NaN;

        var error = Assert.Throws<ModelFormatException>(() => new ModelCheckpoint(architecture, parameters));

        Assert.Contains("output.bias", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownModelKindIsRejectedNamingIt()
    {
        var bytes = Encode();
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(6), 7);
        var error = Assert.Throws<ModelFormatException>(() => ModelCheckpoint.FromBytes(bytes));
        Assert.Contains("kind 7", error.Message);
    }

    [Fact]
    public void VersionOneBytesAreRefusedBecauseTheirNetworksReadUnnormalizedWeeks()
    {
        var bytes = Encode();
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(4), 1);
        var error = Assert.Throws<ModelFormatException>(() => ModelCheckpoint.FromBytes(bytes));
        Assert.Contains("version 1", error.Message);
    }

    [Fact]
    public void InitialParametersDependOnlyOnTheSeedAndStayWithinTheDefaultRange()
    {
        var first = Small.InitialParameters(42);
        var again = Small.InitialParameters(42);
        var other = Small.InitialParameters(43);

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        var bound = 1 / MathF.Sqrt(Small.HiddenSize);
        Assert.All(first, value => Assert.InRange(value, -bound, bound));
    }

    [Fact]
    public void TruncatedBytesAreRejectedAsTruncated()
    {
        var bytes = Encode();
        var error = Assert.Throws<ModelFormatException>(() => ModelCheckpoint.FromBytes(bytes.AsSpan(0, bytes.Length - 1)));
        Assert.Contains("truncated", error.Message);
        error = Assert.Throws<ModelFormatException>(() => ModelCheckpoint.FromBytes(bytes.AsSpan(0, 10)));
        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void TrailingBytesAreRejected()
    {
        var bytes = Encode().Concat(new byte[] { 0 }).ToArray();
        var error = Assert.Throws<ModelFormatException>(() => ModelCheckpoint.FromBytes(bytes));
        Assert.Contains("extra data", error.Message);
    }

    [Fact]
    public void ForeignMagicIsRejected()
    {
        var bytes = Encode();
        bytes[0] = (byte)'X';
        var error = Assert.Throws<ModelFormatException>(() => ModelCheckpoint.FromBytes(bytes));
        Assert.Contains("Not model bytes", error.Message);
    }

    [Fact]
    public void UnknownFormatVersionIsRejectedNamingIt()
    {
        var bytes = Encode();
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(4), 9);
        var error = Assert.Throws<ModelFormatException>(() => ModelCheckpoint.FromBytes(bytes));
        Assert.Contains("version 9", error.Message);
    }

    [Fact]
    public void DeclaredCountThatDisagreesWithTheArchitectureIsRejected()
    {
        var bytes = Encode();
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(24), Small.ParameterCount - 1);
        var error = Assert.Throws<ModelFormatException>(() => ModelCheckpoint.FromBytes(bytes));
        Assert.Contains("declares", error.Message);
    }

    [Fact]
    public void ArchitectureOfAnotherFeatureSetIsRejected()
    {
        var bytes = Encode();
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(8), 7);
        var error = Assert.Throws<ModelFormatException>(() => ModelCheckpoint.FromBytes(bytes));
        Assert.Contains("7 features", error.Message);
    }

    [Fact]
    public void ImpossibleHiddenSizeIsRejectedAsInvalidArchitecture()
    {
        var bytes = Encode();
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(12), -3);
        var error = Assert.Throws<ModelFormatException>(() => ModelCheckpoint.FromBytes(bytes));
        Assert.Contains("invalid architecture", error.Message);
    }

    [Theory]
    [InlineData(float.NaN, "NaN")]
    [InlineData(float.PositiveInfinity, "Infinity")]
    [InlineData(float.NegativeInfinity, "-Infinity")]
    public void NonFiniteParameterIsRejectedNamingItsPlace(float value, string shown)
    {
        var bytes = Encode();
        var index = Small.ParameterCount - 2; // in the head's bias
        BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(ModelCheckpoint.HeaderSize + 4 * index), value);

        var error = Assert.Throws<ModelFormatException>(() => ModelCheckpoint.FromBytes(bytes));

        Assert.Contains($"Parameter {index}", error.Message);
        Assert.Contains("bias, element 22", error.Message);
        Assert.Contains(shown, error.Message);
    }

    [Fact]
    public void VectorOfTheWrongLengthIsRejected()
    {
        var error = Assert.Throws<ModelFormatException>(() => new ModelCheckpoint(Small, new float[10]));
        Assert.Contains($"{Small.ParameterCount} parameters", error.Message);
    }

    private static byte[] Encode() => new ModelCheckpoint(Small, Small.InitialParameters(3)).ToBytes();
}
