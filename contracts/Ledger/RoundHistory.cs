namespace Consortium.Contracts.Ledger;

/// <summary>Everything the ledger's events say about one round, in chain order: what an auditor replays.</summary>
/// <param name="Opened">The opening.</param>
/// <param name="Commits">Every member's commit.</param>
/// <param name="Scores">Every member's score and reward; empty until finalized.</param>
/// <param name="Finalized">The finalization; null while the round is open.</param>
public sealed record RoundHistory(
    RoundOpenedEvent Opened,
    IReadOnlyList<UpdateCommittedEvent> Commits,
    IReadOnlyList<MemberScoredEvent> Scores,
    RoundFinalizedEvent? Finalized);
