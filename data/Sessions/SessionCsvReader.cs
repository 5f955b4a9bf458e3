using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace Consortium.Data.Sessions;

/// <summary>
/// Reads charging-session CSV files (plain or gzip-compressed) into validated sessions.
/// A row that cannot be a real session is skipped and counted by reason in the report;
/// a file that cannot be read at all (no header, a required column missing) throws
/// <see cref="SessionDataException"/> naming the file, line and column.
/// One reader drops duplicates across all the files it reads.
/// </summary>
public sealed class SessionCsvReader
{
    private static readonly Encoding Latin1 = Encoding.Latin1;
    private readonly SessionCsvSchema _schema;
    private readonly HashSet<(string ChargePoint, string Connector, DateTime Start, DateTime End, double Energy)> _seen = [];

    /// <summary>Creates a reader for one schema.</summary>
    public SessionCsvReader(SessionCsvSchema? schema = null)
    {
        _schema = schema ?? SessionCsvSchema.ScottishCouncils;
        if (_schema.DateTimeFormats.Count == 0)
        {
            throw new ArgumentException("The schema lists no date-time format.", nameof(schema));
        }
    }

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
    public List<ChargingSession> Read(TextReader text, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(text);
        var header = text.ReadLine() ?? throw new SessionDataException(sourceName, 1, null, "the file is empty; a header line is required");
        var fields = new List<string>();
        CsvFields.Split(header.TrimStart('\uFEFF'), _schema.Delimiter, fields);
        var columns = new ColumnMap(fields, _schema, sourceName);

        var sessions = new List<ChargingSession>();
        var lineNumber = 1;
        while (text.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            CsvFields.Split(line, _schema.Delimiter, fields);
            if (TryParse(fields, columns, out var session, out var reason))
            {
                Report.CountAccepted();
                sessions.Add(session);
            }
            else
            {
                Report.CountRejected(reason);
            }
        }

        return sessions;
    }

    private bool TryParse(List<string> fields, ColumnMap columns, out ChargingSession session, out SessionRejectReason reason)
    {
        session = null!;
        if (fields.Count <= columns.Required)
        {
            reason = SessionRejectReason.MissingFields;
            return false;
        }

        var site = fields[columns.Site].Trim();
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

        var endDate = fields[columns.End].Trim();
        var endTime = columns.EndTime >= 0 ? fields[columns.EndTime].Trim() : null;
        if (endDate.Length == 0 || endTime is { Length: 0 })
        {
            reason = SessionRejectReason.MissingEndTime;
            return false;
        }

        var energyText = fields[columns.Energy].Trim();
        if (energyText.Length == 0)
        {
            reason = SessionRejectReason.MissingEnergy;
            return false;
        }

        if (_schema.DecimalSeparator != '.')
        {
            energyText = energyText.Replace(_schema.DecimalSeparator, '.');
        }

        if (!double.TryParse(energyText, NumberStyles.Float, CultureInfo.InvariantCulture, out var energy) || !double.IsFinite(energy))
        {
            reason = SessionRejectReason.UnparsableEnergy;
            return false;
        }

        if (energy < 0)
        {
            reason = SessionRejectReason.NegativeEnergy;
            return false;
        }

        var startTime = columns.StartTime >= 0 ? fields[columns.StartTime].Trim() : null;
        if (!TryParseTime(fields[columns.Start].Trim(), startTime, out var start) || !TryParseTime(endDate, endTime, out var end))
        {
            reason = SessionRejectReason.UnparsableDate;
            return false;
        }

        if (end <= start)
        {
            reason = SessionRejectReason.EndNotAfterStart;
            return false;
        }

        var chargePoint = fields[columns.ChargePoint].Trim();
        var connector = columns.Connector >= 0 ? fields[columns.Connector].Trim() : string.Empty;
        if (!_seen.Add((chargePoint, connector, start, end, energy)))
        {
            reason = SessionRejectReason.Duplicate;
            return false;
        }

        var model = columns.Model >= 0 ? fields[columns.Model] : null;
        session = new ChargingSession(SiteNames.Normalize(site), chargePoint, start, end, energy, ChargerRatings.RatedPowerKw(model));
        reason = default;
        return true;
    }

    private bool TryParseTime(string date, string? time, out DateTime value)
    {
        var text = time is null ? date : $"{date} {time}";
        foreach (var format in _schema.DateTimeFormats)
        {
            if (DateTime.TryParseExact(text, format, CultureInfo.InvariantCulture, DateTimeStyles.None, out value))
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
            Required = new[] { Site, ChargePoint, Start, StartTime, End, EndTime, Energy, Connector, Model }.Max();
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

        /// <summary>The highest column index a row must have.</summary>
        public int Required { get; }
    }
}
