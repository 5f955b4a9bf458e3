namespace Consortium.Contracts.Ledger;

/// <summary>A <c>MemberAccused</c> event: the coordinator accused a member of a malicious update, with evidence.</summary>
/// <param name="RoundId">The round.</param>
/// <param name="Member">The accused member.</param>
/// <param name="UpdateHash">The committed update hash the accusation names.</param>
/// <param name="ReasonCode">The coordinator's reason code.</param>
/// <param name="DocumentHash">The hash of its reason document, or zero.</param>
/// <param name="ReasonText">Its statement of the reason.</param>
/// <param name="ChallengeEndsAt">Until when the accused may dispute (chain time).</param>
/// <param name="TxHash">The transaction that emitted it.</param>
/// <param name="BlockNumber">The block it is in.</param>
public sealed record MemberAccusedEvent(
    ulong RoundId,
    ChainAddress Member,
    Hash32 UpdateHash,
    byte ReasonCode,
    Hash32 DocumentHash,
    string ReasonText,
    DateTimeOffset ChallengeEndsAt,
    Hash32 TxHash,
    ulong BlockNumber);
