namespace Consortium.Contracts.Ledger;

/// <summary>Where a training round is in its lifecycle (mirrors <c>IRoundLedger.RoundStatus</c>).</summary>
public enum RoundStatus
{
    /// <summary>No round with this id was opened.</summary>
    None = 0,

    /// <summary>Members may commit their update hashes until the deadline.</summary>
    Open = 1,

    /// <summary>The coordinator recorded the aggregated model, the scores and the rewards.</summary>
    Finalized = 2,
}
