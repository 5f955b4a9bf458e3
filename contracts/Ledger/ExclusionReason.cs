namespace Consortium.Contracts.Ledger;

/// <summary>Why the coordinator left a member out of a round (mirrors <c>IRoundLedger.ExclusionReason</c>).</summary>
public enum ExclusionReason
{
    /// <summary>Not a reason; the ledger refuses it.</summary>
    None = 0,

    /// <summary>The member committed nothing before the deadline; no slash.</summary>
    MissedDeadline = 1,

    /// <summary>The member committed an update hash but never sent the update; the smaller slash.</summary>
    NotDelivered = 2,

    /// <summary>The member sent an update that does not match its commitment or is not a valid model; the smaller slash.</summary>
    InvalidUpdate = 3,

    /// <summary>The member's update was judged an attack; the larger slash.</summary>
    Malicious = 4,
}
