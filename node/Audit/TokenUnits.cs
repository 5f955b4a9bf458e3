using System.Globalization;
using System.Numerics;

namespace Consortium.Node.Audit;

/// <summary>Token amounts as a report writes them: whole base units (wei) in decimal, negative for a penalty.</summary>
internal static class TokenUnits
{
    /// <summary>Reads an amount, or returns <see langword="false"/> when the text is not one.</summary>
    public static bool TryParse(string? text, out BigInteger units) =>
        BigInteger.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out units);

    /// <summary>Reads an amount.</summary>
    /// <exception cref="FormatException">The text is not a whole number of base units; the message names <paramref name="what"/>.</exception>
    public static BigInteger Parse(string? text, string what) =>
        TryParse(text, out var units) ? units : throw new FormatException($"{what} '{text}' is not a whole number of token units");
}
