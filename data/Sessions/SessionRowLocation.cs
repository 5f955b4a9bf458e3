namespace Consortium.Data.Sessions;

/// <summary>Where a row of a session file starts: the file (or source name) and its 1-based line.</summary>
/// <param name="Source">The file or source name the row was read from.</param>
/// <param name="Line">1-based line on which the row starts (a quoted field may carry it over several lines).</param>
public readonly record struct SessionRowLocation(string Source, int Line)
{
    /// <summary>"file, line N", as in <see cref="SessionDataException"/> messages.</summary>
    public override string ToString() => $"{Source}, line {Line}";
}
