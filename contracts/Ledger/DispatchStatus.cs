namespace Consortium.Contracts.Ledger;

/// <summary>Where a dispatch event is (mirrors <c>IDispatchLedger.DispatchStatus</c>).</summary>
public enum DispatchStatus
{
    /// <summary>No event with this id was opened.</summary>
    None = 0,

    /// <summary>Operators commit allocations and report deliveries.</summary>
    Open = 1,

    /// <summary>The coordinator rewarded and penalised the operators.</summary>
    Settled = 2,
}
