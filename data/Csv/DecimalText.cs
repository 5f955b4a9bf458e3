using System.Globalization;

namespace Consortium.Data.Csv;

/// <summary>Finite numbers written with a file's decimal separator ('.' is read as one too), shared by the CSV readers.</summary>
internal static class DecimalText
{
    /// <summary>Parses <paramref name="text"/> as a finite number whose decimal separator is <paramref name="separator"/>.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, char separator, out double value)
    {
        if (separator == '.' || !text.Contains(separator))
        {
            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
        }

        Span<char> withPoint = text.Length <= 64 ? stackalloc char[text.Length] : new char[text.Length];
        text.CopyTo(withPoint);
        withPoint.Replace(separator, '.');
        return double.TryParse(withPoint, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
    }
}
