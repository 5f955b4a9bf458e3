using System.Text.Json;

namespace Consortium.Node.Reporting;

/// <summary>JSON settings of the reports the node writes and reads.</summary>
public static class ReportJson
{
    /// <summary>Indented; NaN written as a string rather than failing; token amounts as decimal strings of base units.</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        WriteIndented = true,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new TokenAmountJsonConverter() },
    };
}
