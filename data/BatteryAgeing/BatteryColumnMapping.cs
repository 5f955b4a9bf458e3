using Consortium.Data.Sessions;

namespace Consortium.Data.BatteryAgeing;

/// <summary>
/// Turns the command line's description of a cycle CSV (<c>--columns</c>, <c>--delimiter</c>, <c>--decimal</c>) into a
/// <see cref="BatteryCsvSchema"/>.
/// </summary>
/// <remarks>
/// The mapping is a comma-separated list of <c>key=Header Name</c>. Keys: <c>cell</c>, <c>cycle</c>, <c>capacity</c>,
/// <c>nominal</c>, <c>features</c> (required; the features' headers separated by semicolons, e.g.
/// <c>features=v_mean;v_std;cc_q</c>), and <c>source</c>, <c>chemistry</c> (optional).
/// </remarks>
public static class BatteryColumnMapping
{
    private static readonly string[] Keys = ["cell", "cycle", "capacity", "nominal", "features", "source", "chemistry"];
    private static readonly string[] RequiredKeys = ["cell", "cycle", "capacity", "nominal", "features"];

    /// <summary>The schema the options describe; the bundled table's where nothing is given.</summary>
    /// <param name="columns">The <c>--columns</c> mapping, or null for the bundled table's headers.</param>
    /// <param name="delimiter">A single character or "tab"; null for a comma.</param>
    /// <param name="decimalSeparator">"." or ","; null for ".".</param>
    /// <exception cref="FormatException">The description is not usable; the message says what and where.</exception>
    public static BatteryCsvSchema Parse(string? columns, string? delimiter, string? decimalSeparator)
    {
        var schema = columns is null ? BatteryCsvSchema.Shared : WithColumns(columns);
        if (delimiter is not null)
        {
            var d = delimiter.Equals("tab", StringComparison.OrdinalIgnoreCase) ? '\t'
                : delimiter.Length == 1 ? delimiter[0]
                : throw new FormatException($"--delimiter must be one character or 'tab', got '{delimiter}'");
            if (!SessionCsvReader.IsSupportedDelimiter(d))
            {
                throw new FormatException($"--delimiter '{delimiter}' is not supported: use a tab or a printable ASCII character other than '\"' and '#'");
            }

            schema = schema with { Delimiter = d };
        }

        if (decimalSeparator is not null)
        {
            schema = schema with
            {
                DecimalSeparator = decimalSeparator is "." or "," ? decimalSeparator[0]
                    : throw new FormatException($"--decimal must be '.' or ',', got '{decimalSeparator}'"),
            };
        }

        if (schema.Delimiter == schema.DecimalSeparator)
        {
            throw new FormatException($"the delimiter and the decimal separator are both '{schema.Delimiter}'; give --decimal or --delimiter");
        }

        return schema;
    }

    private static BatteryCsvSchema WithColumns(string columns)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in columns.Split(','))
        {
            var pair = part.Trim();
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (pair.Length == 0 || equals <= 0 || equals == pair.Length - 1)
            {
                throw new FormatException($"--columns entry '{pair}' is not key=Header; write e.g. cell=Cell,cycle=Cycle,capacity=Capacity,nominal=Nominal,features=a;b;c");
            }

            var key = pair[..equals].Trim().ToLowerInvariant();
            if (!Keys.Contains(key))
            {
                throw new FormatException($"--columns key '{key}' is not one of {string.Join(", ", Keys)}");
            }

            if (!map.TryAdd(key, pair[(equals + 1)..].Trim()))
            {
                throw new FormatException($"--columns names '{key}' twice");
            }
        }

        var missing = RequiredKeys.Where(k => !map.ContainsKey(k)).ToArray();
        if (missing.Length > 0)
        {
            throw new FormatException($"--columns needs {string.Join(", ", missing)} as well");
        }

        var features = map["features"].Split(';').Select(f => f.Trim()).ToArray();
        if (features.Any(f => f.Length == 0))
        {
            throw new FormatException($"--columns features '{map["features"]}' has an empty name; separate the feature headers with ';'");
        }

        if (features.Distinct(StringComparer.OrdinalIgnoreCase).Count() != features.Length)
        {
            throw new FormatException($"--columns features '{map["features"]}' names a column twice");
        }

        return new BatteryCsvSchema(
            map["cell"], map["cycle"], map["capacity"], map["nominal"], features,
            SourceColumn: map.GetValueOrDefault("source"), ChemistryColumn: map.GetValueOrDefault("chemistry"));
    }
}
