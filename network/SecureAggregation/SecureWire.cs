using System.Runtime.InteropServices;
using Consortium.Network.Protos;
using Google.Protobuf;
using Grpc.Core;

namespace Consortium.Network.SecureAggregation;

/// <summary>The secure round's messages to and from their protobuf form; malformed fields become InvalidArgument.</summary>
internal static class SecureWire
{
    public static Protos.SecureAdvertisement ToWire(MaskAdvertisement advertisement) => new()
    {
        Member = (uint)advertisement.Member,
        EncryptionPublic = ByteString.CopyFrom(advertisement.EncryptionPublic),
        MaskPublic = ByteString.CopyFrom(advertisement.MaskPublic),
        Signature = ByteString.CopyFrom(advertisement.Signature),
    };

    public static MaskAdvertisement FromWire(Protos.SecureAdvertisement wire) =>
        new(Index(wire.Member), wire.EncryptionPublic.ToByteArray(), wire.MaskPublic.ToByteArray(), wire.Signature.ToByteArray());

    public static Protos.SecureEnvelope ToWire(ShareEnvelope envelope) => new()
    {
        From = (uint)envelope.From,
        To = (uint)envelope.To,
        Nonce = ByteString.CopyFrom(envelope.Nonce),
        Ciphertext = ByteString.CopyFrom(envelope.Ciphertext),
    };

    public static ShareEnvelope FromWire(Protos.SecureEnvelope wire) =>
        new(Index(wire.From), Index(wire.To), wire.Nonce.ToByteArray(), wire.Ciphertext.ToByteArray());

    public static Protos.SecureSignature ToWire(SurvivorSignature signature) =>
        new() { Member = (uint)signature.Member, Signature = ByteString.CopyFrom(signature.Signature) };

    public static SurvivorSignature FromWire(Protos.SecureSignature wire) => new(Index(wire.Member), wire.Signature.ToByteArray());

    public static Protos.SecureShare ToWire(RevealedShare share) => new()
    {
        Owner = (uint)share.Owner,
        Kind = share.Kind == ShareKind.SelfMaskSeed ? 0u : 1u,
        X = share.Share.X,
        Value = ByteString.CopyFrom(share.Share.Value),
    };

    public static RevealedShare FromWire(Protos.SecureShare wire) => new(
        Index(wire.Owner),
        wire.Kind switch
        {
            0 => ShareKind.SelfMaskSeed,
            1 => ShareKind.MaskKey,
            _ => throw new RpcException(new Status(StatusCode.InvalidArgument, $"share kind {wire.Kind} is neither 0 (self-mask seed) nor 1 (mask key)")),
        },
        new SecretShare(wire.X is >= 1 and <= 255 ? (byte)wire.X : throw new RpcException(new Status(StatusCode.InvalidArgument, $"share point {wire.X} is not 1 to 255")), wire.Value.ToByteArray()));

    public static ByteString ToWire(uint[] words) => ByteString.CopyFrom(MemoryMarshal.AsBytes(words.AsSpan()));

    public static uint[] Words(ByteString bytes) => bytes.Length % sizeof(uint) == 0
        ? MemoryMarshal.Cast<byte, uint>(bytes.Span).ToArray()
        : throw new RpcException(new Status(StatusCode.InvalidArgument, $"{bytes.Length} bytes are not whole 32-bit words"));

    public static int Index(uint value) => value < 10_000
        ? (int)value
        : throw new RpcException(new Status(StatusCode.InvalidArgument, $"member index {value} is beyond any round's roster"));
}
