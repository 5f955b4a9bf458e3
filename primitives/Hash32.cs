using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;

namespace Consortium.Primitives;

/// <summary>
/// A 32-byte value as the ledger stores it: a Keccak-256 digest of a model or an update, or a transaction hash.
/// Written as <c>0x</c> followed by 64 lowercase hex digits.
/// </summary>
[JsonConverter(typeof(Hash32JsonConverter))]
public readonly struct Hash32 : IEquatable<Hash32>, ISpanParsable<Hash32>
{
    /// <summary>The number of bytes in a hash.</summary>
    public const int Length = 32;

    private readonly ulong _w0;
    private readonly ulong _w1;
    private readonly ulong _w2;
    private readonly ulong _w3;

    /// <summary>Creates a hash from exactly 32 bytes.</summary>
    /// <param name="bytes">The hash's bytes, most significant first.</param>
    /// <exception cref="ArgumentException"><paramref name="bytes"/> is not 32 bytes long.</exception>
    public Hash32(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Length)
        {
            throw new ArgumentException($"A hash is {Length} bytes; got {bytes.Length}.", nameof(bytes));
        }

        _w0 = BinaryPrimitives.ReadUInt64BigEndian(bytes);
        _w1 = BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]);
        _w2 = BinaryPrimitives.ReadUInt64BigEndian(bytes[16..]);
        _w3 = BinaryPrimitives.ReadUInt64BigEndian(bytes[24..]);
    }

    /// <summary>The all-zero hash, which the ledger treats as "nothing recorded".</summary>
    public static Hash32 Zero => default;

    /// <summary>Whether every byte is zero.</summary>
    public bool IsZero => (_w0 | _w1 | _w2 | _w3) == 0;

    /// <summary>Copies the hash into <paramref name="destination"/>.</summary>
    /// <param name="destination">At least 32 bytes.</param>
    public void CopyTo(Span<byte> destination)
    {
        if (destination.Length < Length)
        {
            throw new ArgumentException($"The destination needs {Length} bytes.", nameof(destination));
        }

        BinaryPrimitives.WriteUInt64BigEndian(destination, _w0);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _w1);
        BinaryPrimitives.WriteUInt64BigEndian(destination[16..], _w2);
        BinaryPrimitives.WriteUInt64BigEndian(destination[24..], _w3);
    }

    /// <summary>The hash's 32 bytes in a new array.</summary>
    public byte[] ToArray()
    {
        var bytes = new byte[Length];
        CopyTo(bytes);
        return bytes;
    }

    /// <summary>Parses 64 hex digits, with or without a leading <c>0x</c>.</summary>
    /// <param name="text">The hex text.</param>
    /// <exception cref="FormatException">The text is not a 32-byte hex value.</exception>
    public static Hash32 Parse(string text) => Parse(text.AsSpan(), null);

    /// <inheritdoc />
    public static Hash32 Parse(string s, IFormatProvider? provider) => Parse(s.AsSpan(), provider);

    /// <inheritdoc />
    public static Hash32 Parse(ReadOnlySpan<char> s, IFormatProvider? provider) =>
        TryParse(s, provider, out var hash)
            ? hash
            : throw new FormatException($"'{s}' is not a 32-byte hex value.");

    /// <summary>Tries to parse 64 hex digits, with or without a leading <c>0x</c>.</summary>
    /// <param name="text">The hex text.</param>
    /// <param name="result">The hash, or <see cref="Zero"/> on failure.</param>
    public static bool TryParse([NotNullWhen(true)] string? text, out Hash32 result) =>
        TryParse(text.AsSpan(), null, out result);

    /// <inheritdoc />
    public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out Hash32 result) =>
        TryParse(s.AsSpan(), provider, out result);

    /// <inheritdoc />
    public static bool TryParse(ReadOnlySpan<char> s, IFormatProvider? provider, out Hash32 result)
    {
        if (s.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            s = s[2..];
        }

        Span<byte> bytes = stackalloc byte[Length];
        if (s.Length != Length * 2 || Convert.FromHexString(s, bytes, out _, out var written) != System.Buffers.OperationStatus.Done || written != Length)
        {
            result = default;
            return false;
        }

        result = new Hash32(bytes);
        return true;
    }

    /// <summary><c>0x</c> followed by 64 lowercase hex digits.</summary>
    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[Length];
        CopyTo(bytes);
        return "0x" + Convert.ToHexStringLower(bytes);
    }

    /// <inheritdoc />
    public bool Equals(Hash32 other) => _w0 == other._w0 && _w1 == other._w1 && _w2 == other._w2 && _w3 == other._w3;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Hash32 other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(_w0, _w1, _w2, _w3);

    /// <summary>Whether two hashes are equal.</summary>
    public static bool operator ==(Hash32 left, Hash32 right) => left.Equals(right);

    /// <summary>Whether two hashes differ.</summary>
    public static bool operator !=(Hash32 left, Hash32 right) => !left.Equals(right);
}
