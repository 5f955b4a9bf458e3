namespace Consortium.Data.BatteryAgeing;

/// <summary>A cycle file that cannot be read at all (as opposed to single bad rows, which are skipped and counted).</summary>
public sealed class BatteryDataException : Exception
{
    /// <summary>Creates the exception for a place in a file.</summary>
    public BatteryDataException(string file, int line, string? column, string problem)
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
