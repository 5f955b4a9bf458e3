namespace Consortium.Contracts.Ledger;

/// <summary>Where a training round is in its lifecycle (mirrors <c>IRoundLedger.RoundStatus</c>).</summary>
public enum RoundStatus
{
    /// <summary>No round with this id was opened.</summary>
    None = 0,

    /// <summary>Members may commit their update hashes until the commit deadline.</summary>
    Open = 1,

    /// <summary>The coordinator recorded the aggregated model and committed to the scores, rewards and exclusions.</summary>
    Finalized = 2,

    /// <summary>Nobody finalized the round by its finalize deadline; it closed without a result.</summary>
    Abandoned = 3,
}
