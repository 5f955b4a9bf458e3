namespace Consortium.Contracts.Ledger;

/// <summary>Everything the ledger's events say about one round, in chain order: what an auditor replays.</summary>
/// <param name="Opened">The opening.</param>
/// <param name="Commits">Every member's commit.</param>
/// <param name="Finalized">The finalization; null while the round is open or once abandoned.</param>
/// <param name="Exclusions">The members excluded at finalization with their reasons; empty when none were.</param>
/// <param name="Claims">Every score and reward claimed against the round's reward root so far.</param>
public sealed record RoundHistory(
    RoundOpenedEvent Opened,
    IReadOnlyList<UpdateCommittedEvent> Commits,
    RoundFinalizedEvent? Finalized,
    IReadOnlyList<MemberExclusion> Exclusions,
    IReadOnlyList<RewardClaimedEvent> Claims);
