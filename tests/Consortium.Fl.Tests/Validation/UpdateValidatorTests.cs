using System.Buffers.Binary;
using Consortium.Fl.Models;
using Consortium.Fl.Strategies;
using Consortium.Fl.Validation;

namespace Consortium.Fl.Tests.Validation;

public class UpdateValidatorTests
{
    private static readonly ModelCheckpoint Global = new(LoadForecastArchitecture.Default, LoadForecastArchitecture.Default.InitialParameters(1));

    [Fact]
    public void UpdateOfTheGlobalModelsShapeWithFiniteValuesIsAccepted()
    {
        var update = Trained(0.01f);

        var accepted = new UpdateValidator().TryAccept("ops-1", Global, new ModelCheckpoint(Global.Architecture, update).ToBytes(), 100, out var model, out var rejection);

        Assert.True(accepted);
        Assert.Null(rejection);
        Assert.Equal(update, model!.Parameters);
    }

    [Fact]
    public void BytesThatAreNoModelAreRejectedAsMalformedWithTheDecodersReason()
    {
        var rejection = Rejected(new UpdateValidator(), "ops-2", [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29]);

        Assert.Equal(new UpdateRejection("ops-2", UpdateRejectionReason.Malformed, rejection.Detail), rejection);
        Assert.Contains("CFLM", rejection.Detail);
    }

    [Fact]
    public void ModelOfAnotherArchitectureIsRejected()
    {
        var other = new LoadForecastArchitecture(HiddenSize: 8);
        var bytes = new ModelCheckpoint(other, other.InitialParameters(1)).ToBytes();

        Assert.Equal(UpdateRejectionReason.ArchitectureMismatch, Rejected(new UpdateValidator(), "ops-3", bytes).Reason);
    }

    [Fact]
    public void SixtyFourBitParametersAreRejectedAsTheWrongDataType()
    {
        var header = Global.ToBytes().AsSpan(0, ModelCheckpoint.HeaderSize).ToArray();
        var bytes = new byte[header.Length + (8 * Global.Parameters.Length)];
        header.CopyTo(bytes, 0);
        for (var i = 0; i < Global.Parameters.Length; i++)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(header.Length + (8 * i)), Global.Parameters[i]);
        }

        var rejection = Rejected(new UpdateValidator(), "ops-4", bytes);

        Assert.Equal(UpdateRejectionReason.DataTypeMismatch, rejection.Reason);
        Assert.Contains("8-byte", rejection.Detail);
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void NonFiniteParameterInTheBytesIsRejectedNamingIt(float value)
    {
        var bytes = Global.ToBytes();
        BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(ModelCheckpoint.HeaderSize + (4 * 17)), value);

        var rejection = Rejected(new UpdateValidator(), "ops-5", bytes);

        Assert.Equal(UpdateRejectionReason.NonFinite, rejection.Reason);
        Assert.Contains("parameter 17", rejection.Detail);
    }

    [Fact]
    public void ParameterVectorOfAnotherLengthIsRejectedAsTheWrongShape()
    {
        var rejection = new UpdateValidator().Check("ops-6", Global.Parameters, new float[10], 5);
        Assert.Equal(UpdateRejectionReason.ShapeMismatch, rejection!.Reason);
        Assert.Contains("10 parameters", rejection.Detail);
    }

    [Fact]
    public void UpdateFartherFromTheGlobalModelThanTheBoundIsRejectedAndOneWithinIsNot()
    {
        var validator = new UpdateValidator(new UpdateValidationOptions(NormBound: 1.0));
        var global = new float[4];

        Assert.Null(validator.Check("near", global, [0.5f, 0.5f, 0.5f, 0.5f], 1));
        var rejection = validator.Check("far", global, [3f, 0f, 4f, 0f], 1);

        Assert.Equal(UpdateRejectionReason.NormAboveBound, rejection!.Reason);
        Assert.Contains("= 5", rejection.Detail);
    }

    [Fact]
    public void WithoutABoundAnyFiniteDistanceIsAccepted()
    {
        Assert.Null(new UpdateValidator().Check("far", new float[2], [1e30f, -1e30f], 1));
    }

    [Fact]
    public void UpdateClaimingNoSamplesIsRejected()
    {
        Assert.Equal(UpdateRejectionReason.NoSamples, new UpdateValidator().Check("ops-7", new float[1], [1f], 0)!.Reason);
    }

    [Fact]
    public void ScreeningKeepsTheGoodUpdatesInOrderAndStatesWhyEachOtherWasLeftOut()
    {
        MemberUpdate[] updates =
        [
            new("a", [1f, 1f], 10),
            new("b", [float.NaN, 1f], 10),
            new("c", [2f, 2f], 10),
            new("a", [3f, 3f], 10),
            new("d", [1f], 10),
        ];

        var (accepted, rejected) = new UpdateValidator().Screen(new float[2], updates);

        Assert.Equal(["a", "c"], accepted.Select(u => u.MemberId));
        Assert.Equal(
            [("b", UpdateRejectionReason.NonFinite), ("a", UpdateRejectionReason.DuplicateMember), ("d", UpdateRejectionReason.ShapeMismatch)],
            rejected.Select(r => (r.MemberId, r.Reason)));
        Assert.StartsWith("b: NonFinite: parameter 0", rejected[0].ToString());
    }

    [Fact]
    public void BoundMustBePositive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new UpdateValidator(new UpdateValidationOptions(NormBound: -1)));
    }

    private static UpdateRejection Rejected(UpdateValidator validator, string member, byte[] bytes)
    {
        Assert.False(validator.TryAccept(member, Global, bytes, 100, out var model, out var rejection));
        Assert.Null(model);
        return rejection;
    }

    private static float[] Trained(float shift) => Global.Parameters.Select(p => p + shift).ToArray();
}
