namespace Consortium.Dashboard.Audit;

/// <summary>Where a training round is in its lifecycle on chain.</summary>
public enum RoundStatus
{
    /// <summary>The round is open: members may still commit updates.</summary>
    Open,

    /// <summary>The coordinator has recorded the new model, the scores and the rewards.</summary>
    Finalized,
}
