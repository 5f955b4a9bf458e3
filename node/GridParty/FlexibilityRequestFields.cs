namespace Consortium.Node.GridParty;

/// <summary>
/// The JSON field names of a flexibility request, in the order the canonical form writes them
/// (<see cref="Signature"/> comes last: the grid party's EIP-712 signature over the others).
/// </summary>
public static class FlexibilityRequestFields
{
    /// <summary>Format version; only 2 exists.</summary>
    public const string Version = "version";

    /// <summary>The grid party's identifier of the request.</summary>
    public const string RequestId = "requestId";

    /// <summary>The grid party's address.</summary>
    public const string GridParty = "gridParty";

    /// <summary>The chain the request is signed for (EIP-712 domain).</summary>
    public const string ChainId = "chainId";

    /// <summary>The consortium's dispatch ledger the request is signed for (EIP-712 verifying contract).</summary>
    public const string DispatchLedger = "dispatchLedger";

    /// <summary>When the grid party issued the request (UTC).</summary>
    public const string IssuedAt = "issuedAt";

    /// <summary>Start of the first step (UTC).</summary>
    public const string Start = "start";

    /// <summary>Step length in minutes; only 15.</summary>
    public const string StepMinutes = "stepMinutes";

    /// <summary>Number of steps.</summary>
    public const string HorizonSteps = "horizonSteps";

    /// <summary>Target aggregate power per step, in kW (whole watts).</summary>
    public const string TargetKw = "targetKw";

    /// <summary>What each kWh of deviation from the target costs the grid party (the price the dispatch minimises).</summary>
    public const string DeviationPenaltyPerKwh = "deviationPenaltyPerKwh";

    /// <summary>Tokens (base units, as a decimal string) per kWh an operator delivers along its allocation.</summary>
    public const string RewardWeiPerKwh = "rewardWeiPerKwh";

    /// <summary>Tokens (base units, as a decimal string) per kWh of deviation beyond the tolerance.</summary>
    public const string PenaltyWeiPerKwh = "penaltyWeiPerKwh";

    /// <summary>Deviation tolerated per step, in basis points of the allocated energy.</summary>
    public const string ToleranceBps = "toleranceBps";

    /// <summary>Deviation always tolerated per step, in Wh.</summary>
    public const string ToleranceWh = "toleranceWh";

    /// <summary>The grid party's EIP-712 signature over the other fields.</summary>
    public const string Signature = "signature";

    /// <summary>The fields of the request proper, in canonical order (all required).</summary>
    public static IReadOnlyList<string> Signed { get; } =
    [
        Version, RequestId, GridParty, ChainId, DispatchLedger, IssuedAt, Start, StepMinutes, HorizonSteps, TargetKw,
        DeviationPenaltyPerKwh, RewardWeiPerKwh, PenaltyWeiPerKwh, ToleranceBps, ToleranceWh,
    ];

    /// <summary>Every field of a signed document (all required, no others allowed).</summary>
    public static IReadOnlyList<string> All { get; } = [.. Signed, Signature];
}
