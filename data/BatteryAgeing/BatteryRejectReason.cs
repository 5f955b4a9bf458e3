namespace Consortium.Data.BatteryAgeing;

/// <summary>Why a cycle row was skipped by the importer.</summary>
public enum BatteryRejectReason
{
    /// <summary>The row has fewer fields than the header requires.</summary>
    MissingFields,

    /// <summary>No cell identifier.</summary>
    MissingCell,

    /// <summary>The cycle number is not a whole number of at least 1.</summary>
    UnparsableCycle,

    /// <summary>The capacity or the nominal capacity is not a number.</summary>
    UnparsableCapacity,

    /// <summary>The capacity or the nominal capacity is zero or negative.</summary>
    NonPositiveCapacity,

    /// <summary>A feature is empty, not a number, or not finite.</summary>
    UnparsableFeature,

    /// <summary>The same cell and cycle number were already read.</summary>
    Duplicate,

    /// <summary>The cell's nominal capacity differs from the one its first row gave.</summary>
    InconsistentNominal,
}
