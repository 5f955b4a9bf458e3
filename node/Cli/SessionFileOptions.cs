using Consortium.Data.Sessions;

namespace Consortium.Node.Cli;

/// <summary>Session CSV files (none for the bundled data) and how to read them.</summary>
/// <param name="Files">The files.</param>
/// <param name="Schema">Their columns and formats.</param>
public sealed record SessionFiles(IReadOnlyList<string> Files, SessionCsvSchema Schema)
{
    /// <summary>No files: the bundled data.</summary>
    public static SessionFiles None { get; } = new([], SessionColumnMapping.Parse(null, null, null, []));

    /// <summary>
    /// <c>--columns</c>, <c>--delimiter</c> and <c>--decimal</c> as given (null where not), for a verb whose other files
    /// (an automaker's cycle files) they describe when no <c>--sessions</c> file is given.
    /// </summary>
    public (string? Columns, string? Delimiter, string? Decimal) Layout { get; init; }

    /// <summary>Whether any of <see cref="Layout"/> was given.</summary>
    public bool HasLayout => Layout.Columns is not null || Layout.Delimiter is not null || Layout.Decimal is not null;
}

/// <summary>
/// <c>--sessions FILE</c> (repeatable) and how to read those files: <c>--columns site=..,start=..,end=..,kwh=..[,chargepoint=..,model=..]</c>,
/// <c>--delimiter C</c>, <c>--decimal C</c>, <c>--time-format F</c> (repeatable); shared by the verbs that read an
/// operator's own session exports.
/// </summary>
public static class SessionFileOptions
{
    /// <summary>The options, <c>--sessions</c> described by <paramref name="sessionsDescription"/>.</summary>
    /// <param name="sessionsDescription">The help text of <c>--sessions</c>.</param>
    /// <param name="otherFiles">
    /// The verb's option for cycle files the same layout options may describe instead (e.g. <c>--cells</c>), or null:
    /// with it, a layout without <c>--sessions</c> is kept for the verb to apply (<see cref="SessionFiles.Layout"/>).
    /// </param>
    public static OptionGroup<SessionFiles> Create(string sessionsDescription, string? otherFiles = null)
    {
        var sessions = CliOption.Repeatable("--sessions", sessionsDescription, "FILE");
        var columns = CliOption.Text("--columns", "which header holds what: site=..,start=..,end=..,kwh=..[,chargepoint=..,model=..] [default: the Scottish council headers]", "MAPPING");
        var delimiter = CliOption.Text("--delimiter", "the files' field separator, one character or tab [default: ,]", "C");
        var decimalSeparator = CliOption.Text("--decimal", "the files' decimal separator, . or , [default: .]", "C");
        var timeFormats = CliOption.Repeatable("--time-format", "a .NET date-time format of the files' times, e.g. \"yyyy-MM-dd HH:mm\"; repeat for more [default: the Scottish council formats and ISO 8601 ones]", "F");
        return new OptionGroup<SessionFiles>([sessions, columns, delimiter, decimalSeparator, timeFormats], result =>
        {
            var files = result.GetValue(sessions) ?? [];
            var formats = result.GetValue(timeFormats) ?? [];
            var layout = result.GetValue(columns) is not null || result.GetValue(delimiter) is not null || result.GetValue(decimalSeparator) is not null || formats.Length > 0;
            var raw = (result.GetValue(columns), result.GetValue(delimiter), result.GetValue(decimalSeparator));
            if (files.Length == 0 && layout)
            {
                if (otherFiles is null || formats.Length > 0)
                {
                    throw new UsageException($"--columns, --delimiter, --decimal and --time-format describe --sessions files{(otherFiles is null ? string.Empty : $" (or, without --time-format, {otherFiles} files)")}; give at least one --sessions FILE");
                }

                return SessionFiles.None with { Layout = raw };
            }

            try
            {
                return new SessionFiles(files, SessionColumnMapping.Parse(result.GetValue(columns), result.GetValue(delimiter), result.GetValue(decimalSeparator), formats)) { Layout = raw };
            }
            catch (FormatException e)
            {
                throw new UsageException(e.Message);
            }
        });
    }
}
