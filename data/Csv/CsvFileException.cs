namespace Consortium.Data.Csv;

/// <summary>
/// A data file that cannot be read at all (as opposed to single bad rows, which are skipped and counted), naming the
/// place: file, line and, where it is one column's fault, the column.
/// </summary>
public abstract class CsvFileException : Exception
{
    /// <summary>Creates the exception for a place in a file.</summary>
    protected CsvFileException(string file, int line, string? column, string problem)
        : base(column is null ? $"{file}, line {line}: {problem}" : $"{file}, line {line}, column '{column}': {problem}")
    {
        File = file;
        Line = line;
        Column = column;
    }

    /// <summary>The file that could not be read.</summary>
    public string File { get; }

    /// <summary>1-based line number.</summary>
    public int Line { get; }

    /// <summary>The column concerned, if any.</summary>
    public string? Column { get; }
}
