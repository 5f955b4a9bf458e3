using Consortium.Data.Loads;
using Consortium.Data.Sessions;

namespace Consortium.Data.Councils;

/// <summary>One council's imported sessions, and their hourly loads per site.</summary>
/// <param name="Name">The council's folder name.</param>
/// <param name="Files">The session files read.</param>
/// <param name="Report">What the import kept and skipped.</param>
/// <param name="Sites">Hourly load per site over the common period.</param>
/// <param name="Sessions">Every valid session read, over all the files' dates (not only the common period), in file order.</param>
public sealed record CouncilLoads(
    string Name,
    IReadOnlyList<string> Files,
    SessionImportReport Report,
    IReadOnlyDictionary<string, HourlyLoadSeries> Sites,
    IReadOnlyList<ChargingSession> Sessions);
