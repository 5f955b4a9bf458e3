using System.Globalization;
using System.IO.Compression;
using System.Text;
using Consortium.Data.Csv;
using nietras.SeparatedValues;

namespace Consortium.Data.Sessions;

/// <summary>
/// Reads charging-session CSV files (plain or gzip-compressed) into validated sessions.
/// A row that cannot be a real session is skipped and counted by reason in the report;
/// a file that cannot be read at all (no header, a required column missing, a quote never closed) throws
/// <see cref="SessionDataException"/> naming the file, line and column.
/// One reader drops duplicates across all the files it reads.
/// </summary>
public sealed class SessionCsvReader
{
    private const char ByteOrderMark = '\uFEFF';
    private static readonly Encoding Latin1 = Encoding.Latin1;
    private readonly SessionCsvSchema _schema;
    private readonly SepReaderOptions _options;
    private readonly HashSet<(string ChargePoint, string Connector, DateTime Start, DateTime End, double Energy)> _seen = [];

    /// <summary>Creates a reader for one schema.</summary>
    /// <exception cref="ArgumentException">The schema lists no date-time format, or its delimiter is not one <see cref="IsSupportedDelimiter"/> accepts.</exception>
    public SessionCsvReader(SessionCsvSchema? schema = null)
    {
        _schema = schema ?? SessionCsvSchema.ScottishCouncils;
        if (_schema.DateTimeFormats.Count == 0)
        {
            throw new ArgumentException("The schema lists no date-time format.", nameof(schema));
        }

        if (!IsSupportedDelimiter(_schema.Delimiter))
        {
            throw new ArgumentException($"The schema's delimiter (U+{(int)_schema.Delimiter:X4}) is not supported: use a tab or a printable ASCII character other than '\"' and '#'.", nameof(schema));
        }

        // Header names are matched by ColumnMap (trimmed, ignoring case, empty or repeated names allowed),
        // so the parser reads the header as a plain row. Rows may be short: they count as MissingFields.
        // Spaces are trimmed before unescaping so that a quoted field may follow padding (`a, "b,c"`).
        _options = new SepReaderOptions(new Sep(_schema.Delimiter))
        {
            HasHeader = false,
            DisableColCountCheck = true,
            Unescape = true,
            Trim = SepTrim.Outer,
        };
    }

    /// <summary>
    /// Whether the reader can split fields on <paramref name="delimiter"/>: a tab, or a printable ASCII
    /// character (space to '~') other than the quote and '#', which the CSV parser keeps for itself.
    /// </summary>
    public static bool IsSupportedDelimiter(char delimiter) =>
        delimiter == '\t' || (delimiter is >= ' ' and <= '~' && delimiter is not ('"' or '#'));

    /// <summary>Everything this reader has read so far, counted.</summary>
    public SessionImportReport Report { get; } = new();

    /// <summary>Reads one file (".gz" is decompressed) and returns its valid sessions.</summary>
    public List<ChargingSession> ReadFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Session file not found: {path}", path);
        }

        using var file = File.OpenRead(path);
        using Stream content = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)
            ? new GZipStream(file, CompressionMode.Decompress)
            : file;
        using var text = new StreamReader(content, Latin1);
        return Read(text, path);
    }

    /// <summary>Reads sessions from text; <paramref name="sourceName"/> names the source in errors.</summary>
    /// <remarks>
    /// Fields follow RFC 4180: a field in double quotes may hold the delimiter, line breaks and doubled
    /// quotes. A row's line is the line its record starts on. A quote that is never closed throws,
    /// since everything after it would read as one field.
    /// </remarks>
    public List<ChargingSession> Read(TextReader text, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(sourceName);
        if (text.Peek() == ByteOrderMark)
        {
            text.Read();
        }

        using var csv = _options.From(text, leaveOpen: true);
        if (!csv.MoveNext())
        {
            throw new SessionDataException(sourceName, 1, null, "the file is empty; a header line is required");
        }

        var header = csv.Current;
        ThrowIfQuoteUnclosed(header, null, sourceName);
        var names = new List<string>(header.ColCount);
        for (var i = 0; i < header.ColCount; i++)
        {
            names.Add(header[i].ToString());
        }

        var columns = new ColumnMap(names, _schema, sourceName);

        var sessions = new List<ChargingSession>();
        while (csv.MoveNext())
        {
            var row = csv.Current;
            if (row.Span.Length == 0)
            {
                continue;
            }

            ThrowIfQuoteUnclosed(row, names, sourceName);
            if (TryParse(row, columns, sourceName, out var session, out var reason))
            {
                Report.CountAccepted();
                sessions.Add(session);
            }
            else
            {
                Report.CountRejected(reason, new SessionRowLocation(sourceName, row.LineNumberFrom));
            }
        }

        return sessions;
    }

    /// <summary>
    /// The parser lets an open quote run to the end of the input, so a record with an odd number of
    /// quotes is the last one and holds the rest of the file; that file cannot be read row by row.
    /// Call before any field of the row is read: unescaping rewrites the row's text in place.
    /// </summary>
    private static void ThrowIfQuoteUnclosed(SepReader.Row row, List<string>? header, string sourceName)
    {
        if (row.Span.Count('"') % 2 == 0)
        {
            return;
        }

        // The open quote hides every later delimiter, so it sits in the row's last field.
        var last = row.ColCount - 1;
        var column = header is not null && last < header.Count ? header[last].Trim() : null;
        throw new SessionDataException(
            sourceName,
            row.LineNumberFrom,
            column is { Length: > 0 } ? column : null,
            "a quoted field is never closed; the rest of the input would be one field");
    }

    private bool TryParse(SepReader.Row fields, ColumnMap columns, string sourceName, out ChargingSession session, out SessionRejectReason reason)
    {
        session = null!;
        if (fields.ColCount <= columns.Required)
        {
            reason = SessionRejectReason.MissingFields;
            return false;
        }

        var site = fields[columns.Site].Span.Trim();
        if (site.Length == 0)
        {
            reason = SessionRejectReason.MissingSite;
            return false;
        }

        if (site.Contains(_schema.TestSiteMarker, StringComparison.OrdinalIgnoreCase))
        {
            reason = SessionRejectReason.TestSite;
            return false;
        }

        var endDate = fields[columns.End].Span.Trim();
        var hasEndTime = columns.EndTime >= 0;
        var endTime = hasEndTime ? fields[columns.EndTime].Span.Trim() : default;
        if (endDate.Length == 0 || (hasEndTime && endTime.Length == 0))
        {
            reason = SessionRejectReason.MissingEndTime;
            return false;
        }

        var energyText = fields[columns.Energy].Span.Trim();
        if (energyText.Length == 0)
        {
            reason = SessionRejectReason.MissingEnergy;
            return false;
        }

        if (!TryParseEnergy(energyText, out var energy))
        {
            reason = SessionRejectReason.UnparsableEnergy;
            return false;
        }

        if (energy < 0)
        {
            reason = SessionRejectReason.NegativeEnergy;
            return false;
        }

        var hasStartTime = columns.StartTime >= 0;
        var startTime = hasStartTime ? fields[columns.StartTime].Span.Trim() : default;
        if (!TryParseTime(fields[columns.Start].Span.Trim(), hasStartTime, startTime, out var start)
            || !TryParseTime(endDate, hasEndTime, endTime, out var end))
        {
            reason = SessionRejectReason.UnparsableDate;
            return false;
        }

        if (end <= start)
        {
            reason = SessionRejectReason.EndNotAfterStart;
            return false;
        }

        var chargePoint = fields[columns.ChargePoint].Span.Trim().ToString();
        var connector = columns.Connector >= 0 ? fields[columns.Connector].Span.Trim().ToString() : string.Empty;
        if (!_seen.Add((chargePoint, connector, start, end, energy)))
        {
            reason = SessionRejectReason.Duplicate;
            return false;
        }

        // A chemistry the file names must be one: a misspelt one would silently price the vehicle as another.
        string? chemistry = null;
        if (columns.Chemistry >= 0 && fields[columns.Chemistry].Span.Trim() is { Length: > 0 } chemistryText)
        {
            chemistry = PackChemistries.Normalize(chemistryText) ?? throw new SessionDataException(
                sourceName,
                fields.LineNumberFrom,
                _schema.ChemistryColumn,
                $"'{chemistryText}' is not a pack chemistry ({string.Join(", ", PackChemistries.Names)}); leave the cell empty when it is not known");
        }

        var model = columns.Model >= 0 ? fields[columns.Model].ToString() : null;
        session = new ChargingSession(SiteNames.Normalize(site.ToString()), chargePoint, start, end, energy, ChargerRatings.RatedPowerKw(model), chemistry);
        reason = default;
        return true;
    }

    /// <summary>A finite number written with the schema's decimal separator (a '.' is read as one too).</summary>
    private bool TryParseEnergy(ReadOnlySpan<char> text, out double energy) => DecimalText.TryParse(text, _schema.DecimalSeparator, out energy);

    /// <summary>A date-time from one column, or from a date and a time column joined by one space.</summary>
    private bool TryParseTime(ReadOnlySpan<char> date, bool hasTime, ReadOnlySpan<char> time, out DateTime value)
    {
        var length = hasTime ? date.Length + 1 + time.Length : date.Length;
        Span<char> joined = length <= 128 ? stackalloc char[length] : new char[length];
        date.CopyTo(joined);
        if (hasTime)
        {
            joined[date.Length] = ' ';
            time.CopyTo(joined[(date.Length + 1)..]);
        }

        foreach (var format in _schema.DateTimeFormats)
        {
            if (DateTime.TryParseExact(joined, format, CultureInfo.InvariantCulture, DateTimeStyles.None, out value))
            {
                return true;
            }
        }

        value = default;
        return false;
    }

    private sealed class ColumnMap
    {
        public ColumnMap(List<string> header, SessionCsvSchema schema, string source)
        {
            int Find(string? name, bool required)
            {
                if (name is null)
                {
                    return -1;
                }

                for (var i = 0; i < header.Count; i++)
                {
                    if (string.Equals(header[i].Trim(), name, StringComparison.OrdinalIgnoreCase))
                    {
                        return i;
                    }
                }

                return required
                    ? throw new SessionDataException(source, 1, name, $"the header has no such column (it has: {string.Join(", ", header.Where(h => h.Length > 0))})")
                    : -1;
            }

            Site = Find(schema.SiteColumn, true);
            ChargePoint = Find(schema.ChargePointColumn, true);
            Start = Find(schema.StartColumn, true);
            StartTime = Find(schema.StartTimeColumn, true);
            End = Find(schema.EndColumn, true);
            EndTime = Find(schema.EndTimeColumn, true);
            Energy = Find(schema.EnergyColumn, true);
            Connector = Find(schema.ConnectorColumn, false);
            Model = Find(schema.ModelColumn, false);
            Chemistry = Find(schema.ChemistryColumn, true);
            Required = new[] { Site, ChargePoint, Start, StartTime, End, EndTime, Energy, Connector, Model, Chemistry }.Max();
        }

        public int Site { get; }
        public int ChargePoint { get; }
        public int Start { get; }
        public int StartTime { get; }
        public int End { get; }
        public int EndTime { get; }
        public int Energy { get; }
        public int Connector { get; }
        public int Model { get; }
        public int Chemistry { get; }

        /// <summary>The highest column index a row must have.</summary>
        public int Required { get; }
    }
}
