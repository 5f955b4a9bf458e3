namespace Consortium.Node.GridParty;

/// <summary>
/// The JSON field names of a flexibility request, in the order the canonical form writes them
/// (<see cref="Signature"/> comes last and is not part of what is signed).
/// </summary>
public static class FlexibilityRequestFields
{
    /// <summary>Format version; only 1 exists.</summary>
    public const string Version = "version";

    /// <summary>The grid party's identifier of the request.</summary>
    public const string RequestId = "requestId";

    /// <summary>The grid party's address.</summary>
    public const string GridParty = "gridParty";

    /// <summary>When the grid party issued the request (UTC).</summary>
    public const string IssuedAt = "issuedAt";

    /// <summary>Start of the first step (UTC).</summary>
    public const string Start = "start";

    /// <summary>Step length in minutes; only 15.</summary>
    public const string StepMinutes = "stepMinutes";

    /// <summary>Number of steps.</summary>
    public const string HorizonSteps = "horizonSteps";

    /// <summary>Target aggregate power per step, in kW.</summary>
    public const string TargetKw = "targetKw";

    /// <summary>What the grid party pays per kWh delivered along the target.</summary>
    public const string PricePerKwh = "pricePerKwh";

    /// <summary>What each kWh of deviation from the target costs.</summary>
    public const string DeviationPenaltyPerKwh = "deviationPenaltyPerKwh";

    /// <summary>The grid party's EIP-191 signature over the canonical form of the other fields.</summary>
    public const string Signature = "signature";

    /// <summary>The fields of the request proper, in canonical order (all required).</summary>
    public static IReadOnlyList<string> Signed { get; } =
        [Version, RequestId, GridParty, IssuedAt, Start, StepMinutes, HorizonSteps, TargetKw, PricePerKwh, DeviationPenaltyPerKwh];

    /// <summary>Every field of a signed document (all required, no others allowed).</summary>
    public static IReadOnlyList<string> All { get; } = [.. Signed, Signature];
}
