using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;

namespace Consortium.Primitives;

/// <summary>
/// A 20-byte account or contract address, always held in its EIP-55 checksummed form,
/// so two addresses compare equal whatever the case they were written in.
/// </summary>
[JsonConverter(typeof(ChainAddressJsonConverter))]
public readonly struct ChainAddress : IEquatable<ChainAddress>, ISpanParsable<ChainAddress>
{
    private const string ZeroText = "0x0000000000000000000000000000000000000000";

    private readonly string? _checksummed;

    private ChainAddress(string checksummed) => _checksummed = checksummed;

    /// <summary>The zero address, which the contracts treat as "nobody".</summary>
    public static ChainAddress Zero => default;

    /// <summary>Whether this is the zero address.</summary>
    public bool IsZero => _checksummed is null || _checksummed == ZeroText;

    /// <summary>Parses <c>0x</c> followed by 40 hex digits, in any case.</summary>
    /// <param name="text">The address text.</param>
    /// <exception cref="FormatException">The text is not an address.</exception>
    public static ChainAddress Parse(string text) => Parse(text.AsSpan(), null);

    /// <inheritdoc />
    public static ChainAddress Parse(string s, IFormatProvider? provider) => Parse(s.AsSpan(), provider);

    /// <inheritdoc />
    public static ChainAddress Parse(ReadOnlySpan<char> s, IFormatProvider? provider) =>
        TryParse(s, provider, out var address)
            ? address
            : throw new FormatException($"'{s}' is not an address (0x followed by 40 hex digits).");

    /// <summary>Tries to parse <c>0x</c> followed by 40 hex digits, in any case.</summary>
    /// <param name="text">The address text.</param>
    /// <param name="result">The address, or <see cref="Zero"/> on failure.</param>
    public static bool TryParse([NotNullWhen(true)] string? text, out ChainAddress result) =>
        TryParse(text.AsSpan(), null, out result);

    /// <inheritdoc />
    public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out ChainAddress result) =>
        TryParse(s.AsSpan(), provider, out result);

    /// <inheritdoc />
    public static bool TryParse(ReadOnlySpan<char> s, IFormatProvider? provider, out ChainAddress result)
    {
        result = default;
        if (s.Length != 42 || !s.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        foreach (var c in s[2..])
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        result = new ChainAddress(Checksum(s[2..]));
        return true;
    }

    /// <summary>The EIP-55 checksummed form, e.g. <c>0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266</c>.</summary>
    public override string ToString() => _checksummed ?? ZeroText;

    /// <inheritdoc />
    public bool Equals(ChainAddress other) => string.Equals(ToString(), other.ToString(), StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is ChainAddress other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(ToString());

    /// <summary>Whether two addresses are equal.</summary>
    public static bool operator ==(ChainAddress left, ChainAddress right) => left.Equals(right);

    /// <summary>Whether two addresses differ.</summary>
    public static bool operator !=(ChainAddress left, ChainAddress right) => !left.Equals(right);

    /// <summary>
    /// EIP-55: the hex digits in lower case, then each letter upper-cased where the matching nibble of the Keccak-256
    /// hash of that lower-case text is 8 or more.
    /// </summary>
    private static string Checksum(ReadOnlySpan<char> hexDigits)
    {
        Span<byte> lower = stackalloc byte[40];
        for (var i = 0; i < lower.Length; i++)
        {
            lower[i] = (byte)char.ToLowerInvariant(hexDigits[i]);
        }

        Span<byte> hash = stackalloc byte[Hash32.Length];
        Keccak.Hash(lower).CopyTo(hash);
        Span<char> text = stackalloc char[42];
        text[0] = '0';
        text[1] = 'x';
        for (var i = 0; i < lower.Length; i++)
        {
            var c = (char)lower[i];
            var nibble = (i % 2 == 0 ? hash[i / 2] >> 4 : hash[i / 2]) & 0xF;
            text[i + 2] = c is >= 'a' and <= 'f' && nibble >= 8 ? char.ToUpperInvariant(c) : c;
        }

        return new string(text);
    }
}
