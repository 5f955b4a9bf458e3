namespace Consortium.Data.Sessions;

/// <summary>Why a session row was skipped by the importer.</summary>
public enum SessionRejectReason
{
    /// <summary>The row has fewer fields than the header requires.</summary>
    MissingFields,

    /// <summary>No end date or end time.</summary>
    MissingEndTime,

    /// <summary>No energy value.</summary>
    MissingEnergy,

    /// <summary>The energy value is not a number.</summary>
    UnparsableEnergy,

    /// <summary>The energy value is negative.</summary>
    NegativeEnergy,

    /// <summary>A start or end date/time that does not parse.</summary>
    UnparsableDate,

    /// <summary>The session does not end after it starts.</summary>
    EndNotAfterStart,

    /// <summary>The row belongs to a test site of the network, not a real one.</summary>
    TestSite,

    /// <summary>The row names no site.</summary>
    MissingSite,

    /// <summary>The same session (charge point, connector, start, end, energy) was already read.</summary>
    Duplicate,
}
