using System.Globalization;
using System.Numerics;

namespace Consortium.Primitives;

/// <summary>
/// The consortium's reward token (CRT) in base units and in text: the one place amounts are scaled and formatted, the
/// way a wallet shows them.
/// </summary>
public static class TokenAmount
{
    /// <summary>The reward token's decimals: one token is 10^18 base units.</summary>
    public const int Decimals = 18;

    /// <summary>The reward token's symbol.</summary>
    public const string Symbol = "CRT";

    /// <summary>How many fraction digits <see cref="Format"/> keeps.</summary>
    public const int DisplayedFractionDigits = 6;

    /// <summary>One whole token in base units (10^18).</summary>
    public static BigInteger OneToken { get; } = BigInteger.Pow(10, Decimals);

    private static readonly string SmallestDisplayed =
        "0." + new string('0', DisplayedFractionDigits - 1) + "1";

    /// <summary>Scales whole tokens to base units, e.g. 1.5 to 1500000000000000000.</summary>
    /// <param name="tokens">An amount of tokens with at most 18 fraction digits; it may be negative (a penalty).</param>
    /// <exception cref="ArgumentException"><paramref name="tokens"/> has more than 18 fraction digits.</exception>
    public static BigInteger FromTokens(decimal tokens)
    {
        var text = tokens.ToString(CultureInfo.InvariantCulture);
        var negative = text.StartsWith('-');
        if (negative)
        {
            text = text[1..];
        }

        var point = text.IndexOf('.', StringComparison.Ordinal);
        var whole = point < 0 ? text : text[..point];
        var fraction = point < 0 ? string.Empty : text[(point + 1)..].TrimEnd('0');
        if (fraction.Length > Decimals)
        {
            throw new ArgumentException($"{tokens} has more than {Decimals} fraction digits.", nameof(tokens));
        }

        var units = (BigInteger.Parse(whole, CultureInfo.InvariantCulture) * OneToken)
            + (fraction.Length == 0 ? BigInteger.Zero : BigInteger.Parse(fraction.PadRight(Decimals, '0'), CultureInfo.InvariantCulture));
        return negative ? -units : units;
    }

    /// <summary>
    /// Formats an amount with at most six fraction digits, trailing zeros dropped and the rest cut off (never rounded
    /// up), so 1500000000000000000 reads "1.5 CRT". A non-zero amount too small to show reads "&lt; 0.000001 CRT" rather
    /// than zero; a negative amount (a penalty) starts with a minus sign.
    /// </summary>
    /// <param name="baseUnits">The amount in base units.</param>
    public static string Format(BigInteger baseUnits)
    {
        var (sign, whole, fraction) = Split(baseUnits);
        var shown = fraction[..DisplayedFractionDigits].TrimEnd('0');
        if (whole.IsZero && shown.Length == 0 && !baseUnits.IsZero)
        {
            return $"{(sign < 0 ? "> -" : "< ")}{SmallestDisplayed} {Symbol}";
        }

        return Compose(sign, whole, shown);
    }

    /// <summary>Formats an amount with all eighteen fraction digits, for a tooltip an auditor can check to the last unit.</summary>
    /// <param name="baseUnits">The amount in base units.</param>
    public static string FormatExact(BigInteger baseUnits)
    {
        var (sign, whole, fraction) = Split(baseUnits);
        return Compose(sign, whole, fraction);
    }

    private static (int Sign, BigInteger Whole, string Fraction) Split(BigInteger baseUnits)
    {
        var whole = BigInteger.DivRem(BigInteger.Abs(baseUnits), OneToken, out var remainder);
        var fraction = remainder.ToString(CultureInfo.InvariantCulture).PadLeft(Decimals, '0');
        return (baseUnits.Sign, whole, fraction);
    }

    private static string Compose(int sign, BigInteger whole, string fraction)
    {
        var wholeText = (sign < 0 ? "-" : string.Empty) + whole.ToString("N0", CultureInfo.InvariantCulture);
        return fraction.Length == 0 ? $"{wholeText} {Symbol}" : $"{wholeText}.{fraction} {Symbol}";
    }
}
