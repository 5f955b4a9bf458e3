namespace Consortium.Dashboard.Formatting;

/// <summary>Shortens hashes and addresses for table cells; the page keeps the full value in a title attribute.</summary>
public static class HashText
{
    /// <summary>What a cell shows when there is no value yet, such as the model hash of an open round.</summary>
    public const string Missing = "—";

    private const int LeadingDigits = 6;
    private const int TrailingDigits = 4;

    /// <summary>
    /// Keeps the 0x prefix, the first six and the last four hex digits, e.g. "0x3f2a9c…e41b";
    /// values already that short are returned whole.
    /// </summary>
    /// <param name="value">A hash or an address, or <see langword="null"/>.</param>
    public static string Shorten(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return Missing;
        }

        var prefixLength = value.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? 2 : 0;
        if (value.Length <= prefixLength + LeadingDigits + TrailingDigits + 1)
        {
            return value;
        }

        return string.Concat(value.AsSpan(0, prefixLength + LeadingDigits), "…", value.AsSpan(value.Length - TrailingDigits));
    }
}
