using System.Globalization;
using System.Numerics;

namespace Consortium.Dashboard.Formatting;

/// <summary>Turns reward-token base units into text a person reads, the way a wallet shows them.</summary>
public static class TokenAmount
{
    /// <summary>The reward token's decimals: one token is 10^18 base units.</summary>
    public const int Decimals = 18;

    /// <summary>The reward token's symbol.</summary>
    public const string Symbol = "CRT";

    /// <summary>How many fraction digits <see cref="Format"/> keeps.</summary>
    public const int DisplayedFractionDigits = 6;

    private static readonly BigInteger OneToken = BigInteger.Pow(10, Decimals);

    private static readonly string SmallestDisplayed =
        "0." + new string('0', DisplayedFractionDigits - 1) + "1";

    /// <summary>
    /// Formats an amount with at most six fraction digits, trailing zeros dropped and the rest cut off (never rounded up),
    /// so 1500000000000000000 reads "1.5 CRT". A non-zero amount too small to show reads "&lt; 0.000001 CRT" rather than zero.
    /// </summary>
    /// <param name="baseUnits">The amount in base units; token amounts on chain are unsigned.</param>
    /// <exception cref="ArgumentOutOfRangeException">The amount is negative.</exception>
    public static string Format(BigInteger baseUnits)
    {
        var (whole, fraction) = Split(baseUnits);
        var shown = fraction[..DisplayedFractionDigits].TrimEnd('0');
        if (whole.IsZero && shown.Length == 0 && !baseUnits.IsZero)
        {
            return $"< {SmallestDisplayed} {Symbol}";
        }

        return Compose(whole, shown);
    }

    /// <summary>Formats an amount with all eighteen fraction digits, for a tooltip an auditor can check to the last unit.</summary>
    /// <param name="baseUnits">The amount in base units; token amounts on chain are unsigned.</param>
    /// <exception cref="ArgumentOutOfRangeException">The amount is negative.</exception>
    public static string FormatExact(BigInteger baseUnits)
    {
        var (whole, fraction) = Split(baseUnits);
        return Compose(whole, fraction);
    }

    private static (BigInteger Whole, string Fraction) Split(BigInteger baseUnits)
    {
        if (baseUnits.Sign < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(baseUnits), baseUnits, "Token amounts are unsigned.");
        }

        var whole = BigInteger.DivRem(baseUnits, OneToken, out var remainder);
        var fraction = remainder.ToString(CultureInfo.InvariantCulture).PadLeft(Decimals, '0');
        return (whole, fraction);
    }

    private static string Compose(BigInteger whole, string fraction)
    {
        var wholeText = whole.ToString("N0", CultureInfo.InvariantCulture);
        return fraction.Length == 0 ? $"{wholeText} {Symbol}" : $"{wholeText}.{fraction} {Symbol}";
    }
}
