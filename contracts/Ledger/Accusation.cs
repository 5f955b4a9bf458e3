using System.Numerics;

namespace Consortium.Contracts.Ledger;

/// <summary>An accusation of a malicious update as the round ledger holds it.</summary>
/// <param name="RoundId">The round.</param>
/// <param name="Member">The accused member.</param>
/// <param name="Status">Where it is; <see cref="AccusationStatus.None"/> when the member was never accused.</param>
/// <param name="UpdateHash">The committed update hash it names.</param>
/// <param name="ReasonCode">The coordinator's reason code.</param>
/// <param name="DocumentHash">The hash of the coordinator's reason document, or zero.</param>
/// <param name="ChallengeEndsAt">Until when the accused may dispute (chain time); the slash is possible only after it.</param>
/// <param name="VoteEndsAt">Until when the members may vote on reversing it; null when undisputed.</param>
/// <param name="ReversalProposalId">The registry proposal on reversing it; null when undisputed.</param>
/// <param name="Slashed">The tokens taken when it was upheld, else zero.</param>
public sealed record Accusation(
    ulong RoundId,
    ChainAddress Member,
    AccusationStatus Status,
    Hash32 UpdateHash,
    byte ReasonCode,
    Hash32 DocumentHash,
    DateTimeOffset ChallengeEndsAt,
    DateTimeOffset? VoteEndsAt,
    ulong? ReversalProposalId,
    BigInteger Slashed);
