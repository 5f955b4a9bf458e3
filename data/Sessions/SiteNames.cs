using System.Text.RegularExpressions;

namespace Consortium.Data.Sessions;

/// <summary>
/// Merges the spelling variants of one site ("Trades Lane" and "Trades Lane, Dundee";
/// " Leslie Street Car Park, Blairgowrie") into one name: the part before the first comma,
/// trimmed, with runs of white space folded.
/// </summary>
public static partial class SiteNames
{
    /// <summary>The normalized name of a published site name.</summary>
    public static string Normalize(string published)
    {
        ArgumentNullException.ThrowIfNull(published);
        var head = published.Split(',', 2)[0];
        return Spaces().Replace(head, " ").Trim();
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
