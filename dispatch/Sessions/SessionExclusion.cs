namespace Consortium.Dispatch.Sessions;

/// <summary>Why a charging session is left out of a fleet profile (checked in this order).</summary>
public enum SessionExclusion
{
    /// <summary>
    /// On a DC rapid charger (rated, or when the rating is unknown averaging, at least the rapid threshold, 43 kW by default).
    /// Rapid stops are en-route top-ups of about half an hour with the driver waiting: they offer no flexibility, and capping
    /// them to an AC rate would turn a 20 kWh, 30-minute stop into a need no AC charger could meet. The 43 kW AC outlet of
    /// a rapid unit counts as rapid too: the logged model rates the unit, not the outlet used.
    /// </summary>
    DcRapid,

    /// <summary>
    /// Delivered less than the minimum energy (0.1 kWh by default): a failed or aborted start, or a car that would not take
    /// charge; the data cannot tell which, so such a stay says nothing about charging needs.
    /// </summary>
    NoEnergy,

    /// <summary>Plugged in longer than the longest stay kept (72 hours by default): a cable left in, or an end never logged.</summary>
    TooLong,
}
