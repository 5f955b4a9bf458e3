using Consortium.Contracts;
using Consortium.Contracts.Ledger;
using Consortium.Fl.Contribution;

namespace Consortium.Node.Federation.Coordinator;

/// <summary>
/// What one federated round did, as the coordinator knows it: the models it started from and ended with, who was
/// sampled, whose updates were accepted and who was excluded and why, the score table the round was finalized with,
/// the claims, the validation errors, the coordinator's transactions and the timings. A reporter turns it into
/// whatever record a caller keeps.
/// </summary>
public sealed record RoundOutcome
{
    /// <summary>The round's id on the ledger.</summary>
    public required ulong RoundId { get; init; }

    /// <summary>Keccak-256 of the global model the round was opened with.</summary>
    public required Hash32 OpenedModelHash { get; init; }

    /// <summary>Keccak-256 of the model the round was finalized with: the aggregate, or the opened model when the quorum was missed.</summary>
    public required Hash32 GlobalModelHash { get; init; }

    /// <summary>The members asked to train, in the order they are known.</summary>
    public required IReadOnlyList<ChainAddress> Sampled { get; init; }

    /// <summary>The updates accepted, in the order of <see cref="Sampled"/>.</summary>
    public required IReadOnlyList<AcceptedUpdate> Updates { get; init; }

    /// <summary>The sampled members left out, in the order of <see cref="Sampled"/>.</summary>
    public required IReadOnlyList<RoundExclusion> Exclusions { get; init; }

    /// <summary>Whether enough updates were accepted to change the model.</summary>
    public required bool QuorumReached { get; init; }

    /// <summary>The table the round was finalized with: scores, rewards, exclusions and the reward root (empty of scores below quorum).</summary>
    public required RoundScoreTable Table { get; init; }

    /// <summary>How the contributions were estimated (e.g. <c>shapley-exact</c>); empty when nobody was scored.</summary>
    public required string Scoring { get; init; }

    /// <summary>Candidate models evaluated to score the contributions.</summary>
    public required int ScoringEvaluations { get; init; }

    /// <summary>The new model's validation errors; null when the quorum was missed.</summary>
    public required RoundValidation? Validation { get; init; }

    /// <summary>The claims of the members with a reward, in the order of <see cref="Updates"/>.</summary>
    public required IReadOnlyList<RewardClaimResult> Claims { get; init; }

    /// <summary>The transaction that opened the round.</summary>
    public required LedgerTransaction Opening { get; init; }

    /// <summary>The transaction that finalized the round.</summary>
    public required LedgerTransaction Finalization { get; init; }

    /// <summary>The transaction that enforced the exclusions (the non-delivery slashes); null when nobody was excluded.</summary>
    public required LedgerTransaction? Enforcement { get; init; }

    /// <summary>The accusations of the members excluded as malicious, one transaction each; their slashes follow the challenge window.</summary>
    public IReadOnlyList<LedgerTransaction> Accusations { get; init; } = [];

    /// <summary>Accusations of earlier rounds the coordinator settled before this round opened, as the ledger holds them after.</summary>
    public IReadOnlyList<Accusation> SettledAccusations { get; init; } = [];

    /// <summary>Where the round's wall time went.</summary>
    public required RoundTimings Timings { get; init; }

    /// <summary>Whether the round was secure: the coordinator learned only the sum of the members' masked updates.</summary>
    public bool Secure { get; init; }

    /// <summary>The federated task the round trained.</summary>
    public FederatedTask Task { get; init; } = FederatedTask.LoadForecast;

    /// <summary>In a secure round, members that stopped answering after their masked input arrived (their input is in the sum).</summary>
    public IReadOnlyList<ChainAddress> DroppedAfterInput { get; init; } = [];

    /// <summary>With distributed DP, the noise the released sum carried and the (ε, δ) spent so far; null otherwise.</summary>
    public SumPrivacyRound? SumPrivacy { get; init; }

    /// <summary>Under the served rule, each scored member's served score and verdict, in the order of <see cref="Updates"/>; null under the pooled rule and in secure rounds.</summary>
    public IReadOnlyList<ServedScore>? Served { get; init; }

    /// <summary>Each accepted member's score and reward, in the order of <see cref="Updates"/>; empty below quorum.</summary>
    public IReadOnlyList<MemberScore> Scores => QuorumReached ? [.. Updates.Select(update => Table.Tree.GetScore(update.Member))] : [];

    /// <summary>The root members claim their rewards against (<see cref="Hash32.Zero"/> when nobody was scored).</summary>
    public Hash32 RewardRoot => Table.RewardRoot;

    /// <summary>The coordinator's transactions in the order it sent them: opening, finalization, enforcement, accusations.</summary>
    public IReadOnlyList<LedgerTransaction> CoordinatorTransactions =>
        Enforcement is null ? [Opening, Finalization, .. Accusations] : [Opening, Finalization, Enforcement, .. Accusations];
}
