namespace Consortium.Data.BatteryAgeing;

/// <summary>Where a row of a cycle file starts: the file (or source name) and its 1-based line.</summary>
/// <param name="Source">The file or source name.</param>
/// <param name="Line">1-based line on which the row starts.</param>
public readonly record struct BatteryRowLocation(string Source, int Line)
{
    /// <summary>"file, line N", as in <see cref="BatteryDataException"/> messages.</summary>
    public override string ToString() => $"{Source}, line {Line}";
}
