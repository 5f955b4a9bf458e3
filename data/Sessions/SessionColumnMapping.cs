namespace Consortium.Data.Sessions;

/// <summary>
/// Turns the experiment's command-line description of a session CSV (<c>--columns</c>,
/// <c>--delimiter</c>, <c>--decimal</c>, <c>--time-format</c>) into a <see cref="SessionCsvSchema"/>.
/// </summary>
/// <remarks>
/// The mapping is a comma-separated list of <c>key=Header Name</c>. Keys: <c>site</c>, <c>start</c>,
/// <c>end</c>, <c>kwh</c> (required); <c>starttime</c>, <c>endtime</c> (when date and time of day are
/// separate columns; otherwise start and end are single date-time columns); <c>chargepoint</c> (the
/// site column when absent: every site then counts as one charge point for duplicate detection);
/// <c>connector</c>; <c>model</c> (charger model, for its rated power); <c>chemistry</c> (the vehicle's pack chemistry:
/// LFP, NCM, NCA or NCM+NCA, an empty cell when not known).
/// </remarks>
public static class SessionColumnMapping
{
    /// <summary>Formats tried for date-times when no <c>--time-format</c> is given.</summary>
    public static IReadOnlyList<string> DefaultTimeFormats { get; } =
    [
        .. SessionCsvSchema.ScottishCouncils.DateTimeFormats,
        "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm",
    ];

    private static readonly string[] Keys = ["site", "start", "end", "kwh", "starttime", "endtime", "chargepoint", "connector", "model", "chemistry"];
    private static readonly string[] RequiredKeys = ["site", "start", "end", "kwh"];

    /// <summary>The schema described by the options; the Scottish council layout where nothing is given.</summary>
    /// <param name="columns">The <c>--columns</c> mapping, or null for the Scottish council headers.</param>
    /// <param name="delimiter">A single character (see <see cref="SessionCsvReader.IsSupportedDelimiter"/>), or "tab"; null for a comma.</param>
    /// <param name="decimalSeparator">"." or ","; null for ".".</param>
    /// <param name="timeFormats">.NET date-time formats (e.g. "yyyy-MM-dd HH:mm"); empty for <see cref="DefaultTimeFormats"/>.</param>
    /// <exception cref="FormatException">The description is not usable; the message says what and where.</exception>
    public static SessionCsvSchema Parse(string? columns, string? delimiter, string? decimalSeparator, IReadOnlyList<string> timeFormats)
    {
        ArgumentNullException.ThrowIfNull(timeFormats);
        var schema = SessionCsvSchema.ScottishCouncils with { DateTimeFormats = DefaultTimeFormats };
        if (delimiter is not null)
        {
            schema = schema with { Delimiter = ParseDelimiter(delimiter) };
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

        if (timeFormats.Count > 0)
        {
            foreach (var format in timeFormats)
            {
                if (string.IsNullOrWhiteSpace(format) || !format.Contains('y', StringComparison.Ordinal) || !format.Contains('d', StringComparison.Ordinal))
                {
                    throw new FormatException($"--time-format '{format}' is not a date-time format with a year (y) and a day (d), e.g. 'yyyy-MM-dd HH:mm'");
                }
            }

            schema = schema with { DateTimeFormats = timeFormats.ToList() };
        }

        return columns is null ? schema : WithColumns(schema, columns);
    }

    private static SessionCsvSchema WithColumns(SessionCsvSchema schema, string columns)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in columns.Split(','))
        {
            var pair = part.Trim();
            if (pair.Length == 0)
            {
                throw new FormatException($"--columns has an empty entry in '{columns}'; write key=Header pairs separated by commas");
            }

            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new FormatException($"--columns entry '{pair}' is not key=Header (keys: {string.Join(", ", Keys)})");
            }

            var key = pair[..eq].Trim().ToLowerInvariant();
            var header = pair[(eq + 1)..].Trim();
            if (Array.IndexOf(Keys, key) < 0)
            {
                throw new FormatException($"--columns key '{key}' is unknown (keys: {string.Join(", ", Keys)})");
            }

            if (header.Length == 0)
            {
                throw new FormatException($"--columns key '{key}' names no column");
            }

            if (!map.TryAdd(key, header))
            {
                throw new FormatException($"--columns gives '{key}' twice");
            }
        }

        var missing = RequiredKeys.Where(k => !map.ContainsKey(k)).ToList();
        if (missing.Count > 0)
        {
            throw new FormatException($"--columns lacks {string.Join(", ", missing)} (required: {string.Join(", ", RequiredKeys)})");
        }

        return schema with
        {
            SiteColumn = map["site"],
            ChargePointColumn = map.GetValueOrDefault("chargepoint", map["site"]),
            ConnectorColumn = map.GetValueOrDefault("connector"),
            StartColumn = map["start"],
            StartTimeColumn = map.GetValueOrDefault("starttime"),
            EndColumn = map["end"],
            EndTimeColumn = map.GetValueOrDefault("endtime"),
            EnergyColumn = map["kwh"],
            ModelColumn = map.GetValueOrDefault("model"),
            ChemistryColumn = map.GetValueOrDefault("chemistry"),
        };
    }

    private static char ParseDelimiter(string text) => text switch
    {
        "tab" or "\\t" or "\t" => '\t',
        { Length: 1 } when SessionCsvReader.IsSupportedDelimiter(text[0]) => text[0],
        { Length: 1 } => throw new FormatException($"--delimiter '{text}' cannot separate fields: use a tab or a printable ASCII character other than '\"' and '#'"),
        _ => throw new FormatException($"--delimiter must be one character (or 'tab'), got '{text}'"),
    };
}
