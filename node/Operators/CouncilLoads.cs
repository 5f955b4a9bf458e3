using Consortium.Fl.Data;

namespace Consortium.Node.Operators;

/// <summary>One council's imported sessions as hourly loads per site.</summary>
public sealed record CouncilLoads(
    string Name,
    IReadOnlyList<string> Files,
    SessionImportReport Report,
    IReadOnlyDictionary<string, HourlyLoadSeries> Sites);
