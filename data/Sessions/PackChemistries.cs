namespace Consortium.Data.Sessions;

/// <summary>The pack chemistries a session file may name, as the consortium's battery data writes them.</summary>
public static class PackChemistries
{
    /// <summary><c>LFP</c>, <c>NCM</c>, <c>NCA</c> and <c>NCM+NCA</c>.</summary>
    public static IReadOnlyList<string> Names { get; } = ["LFP", "NCM", "NCA", "NCM+NCA"];

    /// <summary>The name as the battery data writes it, for <paramref name="text"/> in any case; null when it names none.</summary>
    public static string? Normalize(ReadOnlySpan<char> text)
    {
        foreach (var name in Names)
        {
            if (text.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return name;
            }
        }

        return null;
    }
}
