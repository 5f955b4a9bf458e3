namespace Consortium.Data.Sessions;

/// <summary>
/// How to read a charging-session CSV: which header columns hold what, and how values are written.
/// The defaults read the Scottish council exports (Dundee, Perth &amp; Kinross).
/// </summary>
public sealed record SessionCsvSchema
{
    /// <summary>The layout of the ChargePlace Scotland council exports.</summary>
    public static SessionCsvSchema ScottishCouncils { get; } = new();

    /// <summary>Field delimiter.</summary>
    public char Delimiter { get; init; } = ',';

    /// <summary>Decimal separator of the energy column.</summary>
    public char DecimalSeparator { get; init; } = '.';

    /// <summary>Accepted formats of a date and time joined by one space (or of a single date-time column).</summary>
    public IReadOnlyList<string> DateTimeFormats { get; init; } =
        ["dd/MM/yyyy HH:mm", "d/M/yyyy H:mm", "dd/MM/yyyy HH:mm:ss", "d/M/yyyy H:mm:ss"];

    /// <summary>Column with the site name.</summary>
    public string SiteColumn { get; init; } = "Site";

    /// <summary>Column with the charge point identifier.</summary>
    public string ChargePointColumn { get; init; } = "CP ID";

    /// <summary>Column with the connector number, or <see langword="null"/> when the file has none.</summary>
    public string? ConnectorColumn { get; init; } = "Connector";

    /// <summary>Column with the start date (or start date-time when <see cref="StartTimeColumn"/> is null).</summary>
    public string StartColumn { get; init; } = "Start Date";

    /// <summary>Column with the start time of day, or <see langword="null"/>.</summary>
    public string? StartTimeColumn { get; init; } = "Start Time";

    /// <summary>Column with the end date (or end date-time when <see cref="EndTimeColumn"/> is null).</summary>
    public string EndColumn { get; init; } = "End Date";

    /// <summary>Column with the end time of day, or <see langword="null"/>.</summary>
    public string? EndTimeColumn { get; init; } = "End Time";

    /// <summary>Column with the session energy in kWh.</summary>
    public string EnergyColumn { get; init; } = "Total kWh";

    /// <summary>Column with the charger model (used for its rated power), or <see langword="null"/>.</summary>
    public string? ModelColumn { get; init; } = "Model";

    /// <summary>
    /// Column with the vehicle's pack chemistry (<see cref="PackChemistries.Names"/>, any case; an empty cell when not
    /// known), or <see langword="null"/> when the file has none.
    /// </summary>
    public string? ChemistryColumn { get; init; }

    /// <summary>Rows whose site contains this text (case-insensitive) are test sites and are skipped.</summary>
    public string TestSiteMarker { get; init; } = "TEST SITE";
}
