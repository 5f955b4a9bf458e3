namespace Consortium.Node.Store;

/// <summary>
/// An operator's record of a dispatch event's day in progress (intraday), kept as it goes so that a node restarted
/// mid-day takes the day up where it stood: the terms it joined under (to join again, checked against the chain as the
/// first time), the salt of its step commitments, and each step it set. Each step's setpoints sit in the store's file
/// storage under <see cref="StepFileId"/>, kept before the step's hash goes on chain; the step realized and not yet
/// committed under <see cref="PendingFileId"/>.
/// </summary>
public sealed class IntradayDayDocument
{
    /// <summary>The ledger's event id.</summary>
    public long Id { get; set; }

    /// <summary>The hash of the grid party's request the event was opened for.</summary>
    public Hash32 RequestHash { get; set; }

    /// <summary>The event's steps.</summary>
    public int HorizonSteps { get; set; }

    /// <summary>The step length, minutes.</summary>
    public double StepMinutes { get; set; }

    /// <summary>Wear per kWh discharged for chemistries without a price of their own.</summary>
    public double WearCostPerKwh { get; set; }

    /// <summary>What each kWh of deviation costs.</summary>
    public double DeviationPenaltyPerKwh { get; set; }

    /// <summary>What each kWh a driver misses costs.</summary>
    public double ShortfallPenaltyPerKwh { get; set; }

    /// <summary>The grid party's signed request in full, as the join carried it.</summary>
    public string RequestDocument { get; set; } = string.Empty;

    /// <summary>Each chemistry's wear price as the join carried it (chemistry name, price); empty for the uniform price.</summary>
    public Dictionary<string, double> WearPrices { get; set; } = [];

    /// <summary>The salt of the step commitments (and of the allocation's).</summary>
    public byte[] Salt { get; set; } = [];

    /// <summary>Steps whose setpoints are kept (0 to <c>StepsKept − 1</c>).</summary>
    public int StepsKept { get; set; }

    /// <summary>The step realized and not yet committed whose setpoints are kept, or −1.</summary>
    public int PendingStep { get; set; } = -1;

    /// <summary>The file-storage id of step <paramref name="step"/>'s setpoints for event <paramref name="eventId"/>.</summary>
    public static string StepFileId(long eventId, int step) => $"intraday-{eventId}-step-{step}";

    /// <summary>The file-storage id of event <paramref name="eventId"/>'s step realized and not yet committed.</summary>
    public static string PendingFileId(long eventId) => $"intraday-{eventId}-pending";
}
