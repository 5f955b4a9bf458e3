namespace Consortium.Primitives;

/// <summary>
/// Why an operator sits a dispatch event out (mirrors <c>IDispatchLedger.DeclineReason</c>). A primitive because the ledger
/// records it and the dispatch protocol carries it from the operator to the coordinator.
/// </summary>
public enum DeclineReason
{
    /// <summary>The operator did not decline.</summary>
    None = 0,

    /// <summary>None of its vehicles can take part: plugged out, state of charge, or limits.</summary>
    NoDispatchableFleet = 1,

    /// <summary>It cannot take part this time, e.g. maintenance or an outage.</summary>
    Unavailable = 2,

    /// <summary>Another reason, given in the decline's detail.</summary>
    Other = 3,
}
