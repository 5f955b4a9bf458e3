using System.Globalization;
using System.IO.Compression;
using System.Text;
using Consortium.Data.Csv;
using nietras.SeparatedValues;

namespace Consortium.Data.BatteryAgeing;

/// <summary>
/// Reads per-cycle cell ageing CSV files (plain or gzip-compressed) into cells. A row that cannot be a real cycle is
/// skipped and counted by reason in <see cref="Report"/>; a file that cannot be read at all (empty, a required column
/// missing from the header) throws <see cref="BatteryDataException"/> naming the file, line and column.
/// </summary>
public sealed class BatteryCsvReader
{
    private readonly BatteryCsvSchema _schema;
    private readonly SepReaderOptions _options;

    /// <summary>Creates a reader for one schema (the bundled table's by default).</summary>
    public BatteryCsvReader(BatteryCsvSchema? schema = null)
    {
        _schema = schema ?? BatteryCsvSchema.Shared;
        if (_schema.FeatureColumns.Count == 0)
        {
            throw new ArgumentException("The schema names no feature column.", nameof(schema));
        }

        _options = new SepReaderOptions(new Sep(_schema.Delimiter))
        {
            HasHeader = false,
            DisableColCountCheck = true,
            Unescape = true,
            Trim = SepTrim.Outer,
        };
    }

    /// <summary>What this reader has read so far, counted.</summary>
    public BatteryImportReport Report { get; } = new();

    /// <summary>Reads one file (".gz" is decompressed) and returns its cells, each with its cycles in order.</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="BatteryDataException">The file cannot be read at all.</exception>
    public IReadOnlyList<BatteryCell> ReadFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Cycle file not found: {path}", path);
        }

        using var file = File.OpenRead(path);
        using Stream content = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var text = new StreamReader(content, Encoding.UTF8);
        return Read(text, path);
    }

    /// <summary>Reads cycles from text; <paramref name="sourceName"/> names the source in errors.</summary>
    public IReadOnlyList<BatteryCell> Read(TextReader text, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(sourceName);
        using var csv = _options.From(text, leaveOpen: true);
        if (!csv.MoveNext())
        {
            throw new BatteryDataException(sourceName, 1, null, "the file is empty; a header line is required");
        }

        var header = new List<string>();
        for (var i = 0; i < csv.Current.ColCount; i++)
        {
            header.Add(csv.Current[i].ToString().Trim().TrimStart('\uFEFF'));
        }

        var columns = new ColumnMap(header, _schema, sourceName);
        var cells = new Dictionary<(string Source, string Cell), CellBuilder>();
        var features = _schema.FeatureColumns.Count;
        while (csv.MoveNext())
        {
            var row = csv.Current;
            if (row.Span.Length == 0)
            {
                continue;
            }

            var at = new BatteryRowLocation(sourceName, row.LineNumberFrom);
            if (row.ColCount <= columns.Required)
            {
                Report.CountRejected(BatteryRejectReason.MissingFields, at);
                continue;
            }

            var cell = row[columns.Cell].Span.Trim().ToString();
            if (cell.Length == 0)
            {
                Report.CountRejected(BatteryRejectReason.MissingCell, at);
                continue;
            }

            if (!int.TryParse(row[columns.Cycle].Span.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var cycle) || cycle < 1)
            {
                Report.CountRejected(BatteryRejectReason.UnparsableCycle, at);
                continue;
            }

            if (!TryParseNumber(row[columns.Capacity].Span.Trim(), out var capacity) || !TryParseNumber(row[columns.Nominal].Span.Trim(), out var nominal))
            {
                Report.CountRejected(BatteryRejectReason.UnparsableCapacity, at);
                continue;
            }

            if (capacity <= 0 || nominal <= 0)
            {
                Report.CountRejected(BatteryRejectReason.NonPositiveCapacity, at);
                continue;
            }

            var values = new float[features];
            var ok = true;
            for (var f = 0; f < features && ok; f++)
            {
                ok = TryParseNumber(row[columns.Features[f]].Span.Trim(), out var value) && Math.Abs(value) < float.MaxValue;
                values[f] = (float)value;
            }

            if (!ok)
            {
                Report.CountRejected(BatteryRejectReason.UnparsableFeature, at);
                continue;
            }

            var source = columns.Source >= 0 ? row[columns.Source].Span.Trim().ToString() : string.Empty;
            var chemistry = columns.Chemistry >= 0 ? row[columns.Chemistry].Span.Trim().ToString() : string.Empty;
            if (!cells.TryGetValue((source, cell), out var builder))
            {
                builder = new CellBuilder(cell, source, chemistry, nominal);
                cells.Add((source, cell), builder);
            }

            if (nominal != builder.NominalAh)
            {
                Report.CountRejected(BatteryRejectReason.InconsistentNominal, at);
                continue;
            }

            if (!builder.Cycles.TryAdd(cycle, new CellCycle(cell, cycle, capacity, nominal, values)))
            {
                Report.CountRejected(BatteryRejectReason.Duplicate, at);
                continue;
            }

            Report.CountAccepted();
        }

        return [.. cells.Values.Where(b => b.Cycles.Count > 0).Select(b => b.Build())];
    }

    private bool TryParseNumber(ReadOnlySpan<char> text, out double value)
    {
        value = 0;
        return text.Length > 0 && DecimalText.TryParse(text, _schema.DecimalSeparator, out value);
    }

    private sealed class CellBuilder(string id, string source, string chemistry, double nominalAh)
    {
        public double NominalAh { get; } = nominalAh;

        public SortedDictionary<int, CellCycle> Cycles { get; } = [];

        public BatteryCell Build() => new(id, source, chemistry, NominalAh, [.. Cycles.Values]);
    }

    private sealed class ColumnMap
    {
        public ColumnMap(List<string> header, BatteryCsvSchema schema, string source)
        {
            int Find(string? name, bool required)
            {
                if (name is null)
                {
                    return -1;
                }

                var index = header.FindIndex(h => string.Equals(h, name, StringComparison.OrdinalIgnoreCase));
                return index >= 0 || !required
                    ? index
                    : throw new BatteryDataException(source, 1, name, $"the header has no such column (it has: {string.Join(", ", header.Where(h => h.Length > 0))})");
            }

            Cell = Find(schema.CellColumn, true);
            Cycle = Find(schema.CycleColumn, true);
            Capacity = Find(schema.CapacityColumn, true);
            Nominal = Find(schema.NominalColumn, true);
            Features = [.. schema.FeatureColumns.Select(f => Find(f, true))];
            Source = Find(schema.SourceColumn, true);
            Chemistry = Find(schema.ChemistryColumn, true);
            Required = new[] { Cell, Cycle, Capacity, Nominal, Source, Chemistry }.Concat(Features).Max();
        }

        public int Cell { get; }
        public int Cycle { get; }
        public int Capacity { get; }
        public int Nominal { get; }
        public int[] Features { get; }
        public int Source { get; }
        public int Chemistry { get; }

        /// <summary>The highest column index a row must have.</summary>
        public int Required { get; }
    }
}
