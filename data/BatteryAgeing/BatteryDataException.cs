using Consortium.Data.Csv;

namespace Consortium.Data.BatteryAgeing;

/// <summary>A cycle file that cannot be read at all (as opposed to single bad rows, which are skipped and counted).</summary>
public sealed class BatteryDataException(string file, int line, string? column, string problem) : CsvFileException(file, line, column, problem);
