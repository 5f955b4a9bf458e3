using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace Consortium.Contracts.Bindings;

// Typed Nethereum bindings of RoundLedger.sol / IRoundLedger.sol; kept in step with the
// compiled ABI by ContractBindingTests. coordinator() is bound once, in MemberRegistryDefinition.

[Function("openRound", "uint256")]
internal sealed class OpenRoundFunction : FunctionMessage
{
    [Parameter("uint32", "task", 1)]
    public uint Task { get; set; }

    [Parameter("bytes32", "globalModelHash", 2)]
    public byte[] GlobalModelHash { get; set; } = [];

    [Parameter("uint64", "commitDeadline", 3)]
    public ulong CommitDeadline { get; set; }

    [Parameter("uint64", "finalizeDeadline", 4)]
    public ulong FinalizeDeadline { get; set; }

    [Parameter("bool", "secureAggregation", 5)]
    public bool SecureAggregation { get; set; }
}

[Function("commitUpdate")]
internal sealed class CommitUpdateFunction : FunctionMessage
{
    [Parameter("uint256", "roundId", 1)]
    public BigInteger RoundId { get; set; }

    [Parameter("bytes32", "updateHash", 2)]
    public byte[] UpdateHash { get; set; } = [];
}

[Function("finalizeRound")]
internal sealed class FinalizeRoundFunction : FunctionMessage
{
    [Parameter("uint256", "roundId", 1)]
    public BigInteger RoundId { get; set; }

    [Parameter("bytes32", "newModelHash", 2)]
    public byte[] NewModelHash { get; set; } = [];

    [Parameter("bytes32", "rewardRoot", 3)]
    public byte[] RewardRoot { get; set; } = [];

    [Parameter("bytes32", "scoreTableHash", 4)]
    public byte[] ScoreTableHash { get; set; } = [];

    [Parameter("uint256", "rewardPool", 5)]
    public BigInteger RewardPool { get; set; }

    [Parameter("uint32", "scoredMembers", 6)]
    public uint ScoredMembers { get; set; }

    [Parameter("address[]", "excludedMembers", 7)]
    public List<string> ExcludedMembers { get; set; } = [];

    [Parameter("uint8[]", "reasons", 8)]
    public List<BigInteger> Reasons { get; set; } = [];
}

[Function("enforceExclusions")]
internal sealed class EnforceExclusionsFunction : FunctionMessage
{
    [Parameter("uint256", "roundId", 1)]
    public BigInteger RoundId { get; set; }

    [Parameter("address[]", "excludedMembers", 2)]
    public List<string> ExcludedMembers { get; set; } = [];

    [Parameter("uint8[]", "reasons", 3)]
    public List<BigInteger> Reasons { get; set; } = [];
}

[Function("claimReward")]
internal sealed class ClaimRewardFunction : FunctionMessage
{
    [Parameter("uint256", "roundId", 1)]
    public BigInteger RoundId { get; set; }

    [Parameter("address", "member", 2)]
    public string Member { get; set; } = string.Empty;

    [Parameter("int256", "score", 3)]
    public BigInteger Score { get; set; }

    [Parameter("uint256", "reward", 4)]
    public BigInteger Reward { get; set; }

    [Parameter("bytes32[]", "proof", 5)]
    public List<byte[]> Proof { get; set; } = [];
}

[Function("abandonRound")]
internal sealed class AbandonRoundFunction : FunctionMessage
{
    [Parameter("uint256", "roundId", 1)]
    public BigInteger RoundId { get; set; }
}

[Function("getRound", typeof(GetRoundOutput))]
internal sealed class GetRoundFunction : FunctionMessage
{
    [Parameter("uint256", "roundId", 1)]
    public BigInteger RoundId { get; set; }
}

[FunctionOutput]
internal sealed class GetRoundOutput : IFunctionOutputDTO
{
    [Parameter("tuple", "", 1)]
    public RoundData Round { get; set; } = new();
}

internal sealed class RoundData
{
    [Parameter("bytes32", "globalModelHash", 1)]
    public byte[] GlobalModelHash { get; set; } = [];

    [Parameter("bytes32", "newModelHash", 2)]
    public byte[] NewModelHash { get; set; } = [];

    [Parameter("bytes32", "rewardRoot", 3)]
    public byte[] RewardRoot { get; set; } = [];

    [Parameter("bytes32", "scoreTableHash", 4)]
    public byte[] ScoreTableHash { get; set; } = [];

    [Parameter("bytes32", "exclusionsHash", 5)]
    public byte[] ExclusionsHash { get; set; } = [];

    [Parameter("uint64", "commitDeadline", 6)]
    public ulong CommitDeadline { get; set; }

    [Parameter("uint64", "finalizeDeadline", 7)]
    public ulong FinalizeDeadline { get; set; }

    [Parameter("uint64", "openedAtBlock", 8)]
    public ulong OpenedAtBlock { get; set; }

    [Parameter("uint32", "commitCount", 9)]
    public uint CommitCount { get; set; }

    [Parameter("uint8", "status", 10)]
    public byte Status { get; set; }

    [Parameter("bool", "exclusionsEnforced", 11)]
    public bool ExclusionsEnforced { get; set; }

    [Parameter("uint128", "rewardPool", 12)]
    public BigInteger RewardPool { get; set; }

    [Parameter("uint128", "rewardClaimed", 13)]
    public BigInteger RewardClaimed { get; set; }

    [Parameter("uint64", "finalizedAtBlock", 14)]
    public ulong FinalizedAtBlock { get; set; }

    [Parameter("uint32", "scoredMembers", 15)]
    public uint ScoredMembers { get; set; }

    [Parameter("uint32", "excludedMembers", 16)]
    public uint ExcludedMembers { get; set; }

    [Parameter("bool", "secureAggregation", 17)]
    public bool SecureAggregation { get; set; }

    [Parameter("uint128", "rewardCap", 18)]
    public BigInteger RewardCap { get; set; }

    [Parameter("uint32", "task", 19)]
    public uint Task { get; set; }
}

[Function("getCommitment", typeof(GetCommitmentOutput))]
internal sealed class GetCommitmentFunction : FunctionMessage
{
    [Parameter("uint256", "roundId", 1)]
    public BigInteger RoundId { get; set; }

    [Parameter("address", "member", 2)]
    public string Member { get; set; } = string.Empty;
}

[FunctionOutput]
internal sealed class GetCommitmentOutput : IFunctionOutputDTO
{
    [Parameter("bytes32", "updateHash", 1)]
    public byte[] UpdateHash { get; set; } = [];

    [Parameter("bool", "claimed", 2)]
    public bool Claimed { get; set; }
}

[Function("latestRoundId", "uint256")]
internal sealed class LatestRoundIdFunction : FunctionMessage
{
}

[Function("memberRegistry", "address")]
internal sealed class MemberRegistryFunction : FunctionMessage
{
}

[Function("rewardToken", "address")]
internal sealed class RewardTokenFunction : FunctionMessage
{
}

[Function("slashRates", typeof(SlashRatesOutput))]
internal sealed class SlashRatesFunction : FunctionMessage
{
}

[FunctionOutput]
internal sealed class SlashRatesOutput : IFunctionOutputDTO
{
    [Parameter("uint16", "maliciousBps", 1)]
    public ushort MaliciousBps { get; set; }

    [Parameter("uint16", "nonDeliveryBps", 2)]
    public ushort NonDeliveryBps { get; set; }
}

[Event("RoundOpened")]
internal sealed class RoundOpenedEventDto : IEventDTO
{
    [Parameter("uint256", "roundId", 1, true)]
    public BigInteger RoundId { get; set; }

    [Parameter("uint32", "task", 2, true)]
    public uint Task { get; set; }

    [Parameter("bytes32", "globalModelHash", 3, false)]
    public byte[] GlobalModelHash { get; set; } = [];

    [Parameter("uint64", "commitDeadline", 4, false)]
    public ulong CommitDeadline { get; set; }

    [Parameter("uint64", "finalizeDeadline", 5, false)]
    public ulong FinalizeDeadline { get; set; }

    [Parameter("bool", "secureAggregation", 6, false)]
    public bool SecureAggregation { get; set; }
}

[Event("UpdateCommitted")]
internal sealed class UpdateCommittedEventDto : IEventDTO
{
    [Parameter("uint256", "roundId", 1, true)]
    public BigInteger RoundId { get; set; }

    [Parameter("address", "member", 2, true)]
    public string Member { get; set; } = string.Empty;

    [Parameter("bytes32", "updateHash", 3, false)]
    public byte[] UpdateHash { get; set; } = [];
}

[Event("RoundFinalized")]
internal sealed class RoundFinalizedEventDto : IEventDTO
{
    [Parameter("uint256", "roundId", 1, true)]
    public BigInteger RoundId { get; set; }

    [Parameter("bytes32", "newModelHash", 2, false)]
    public byte[] NewModelHash { get; set; } = [];

    [Parameter("bytes32", "rewardRoot", 3, false)]
    public byte[] RewardRoot { get; set; } = [];

    [Parameter("bytes32", "scoreTableHash", 4, false)]
    public byte[] ScoreTableHash { get; set; } = [];

    [Parameter("uint256", "rewardPool", 5, false)]
    public BigInteger RewardPool { get; set; }

    [Parameter("uint32", "scoredMembers", 6, false)]
    public uint ScoredMembers { get; set; }

    [Parameter("uint32", "excludedMembers", 7, false)]
    public uint ExcludedMembers { get; set; }
}

[Event("MembersExcluded")]
internal sealed class MembersExcludedEventDto : IEventDTO
{
    [Parameter("uint256", "roundId", 1, true)]
    public BigInteger RoundId { get; set; }

    [Parameter("address[]", "members", 2, false)]
    public List<string> Members { get; set; } = [];

    [Parameter("uint8[]", "reasons", 3, false)]
    public List<BigInteger> Reasons { get; set; } = [];
}

[Event("ExclusionsEnforced")]
internal sealed class ExclusionsEnforcedEventDto : IEventDTO
{
    [Parameter("uint256", "roundId", 1, true)]
    public BigInteger RoundId { get; set; }

    [Parameter("uint256", "totalSlashed", 2, false)]
    public BigInteger TotalSlashed { get; set; }
}

[Event("RewardClaimed")]
internal sealed class RewardClaimedEventDto : IEventDTO
{
    [Parameter("uint256", "roundId", 1, true)]
    public BigInteger RoundId { get; set; }

    [Parameter("address", "member", 2, true)]
    public string Member { get; set; } = string.Empty;

    [Parameter("int256", "score", 3, false)]
    public BigInteger Score { get; set; }

    [Parameter("uint256", "reward", 4, false)]
    public BigInteger Reward { get; set; }
}

[Event("RoundAbandoned")]
internal sealed class RoundAbandonedEventDto : IEventDTO
{
    [Parameter("uint256", "roundId", 1, true)]
    public BigInteger RoundId { get; set; }
}

[Error("RoundLedger_UnknownTask")]
internal sealed class RoundLedgerUnknownTaskError
{
    [Parameter("uint32", "task", 1)]
    public uint Task { get; set; }
}

[Error("RoundLedger_NotMember")]
internal sealed class RoundLedgerNotMemberError
{
    [Parameter("address", "account", 1)]
    public string Account { get; set; } = string.Empty;
}

[Error("RoundLedger_NotContributor")]
internal sealed class RoundLedgerNotContributorError
{
    [Parameter("address", "account", 1)]
    public string Account { get; set; } = string.Empty;

    [Parameter("uint8", "role", 2)]
    public byte Role { get; set; }
}

[Error("RoundLedger_StakeBelowMinimum")]
internal sealed class RoundLedgerStakeBelowMinimumError
{
    [Parameter("address", "account", 1)]
    public string Account { get; set; } = string.Empty;

    [Parameter("uint256", "stake", 2)]
    public BigInteger Stake { get; set; }

    [Parameter("uint256", "minStake", 3)]
    public BigInteger MinStake { get; set; }
}

[Error("RoundLedger_NotFinalized")]
internal sealed class RoundLedgerNotFinalizedError
{
    [Parameter("uint256", "roundId", 1)]
    public BigInteger RoundId { get; set; }
}

[Error("RoundLedger_DeadlinePassed")]
internal sealed class RoundLedgerDeadlinePassedError
{
    [Parameter("uint256", "roundId", 1)]
    public BigInteger RoundId { get; set; }

    [Parameter("uint64", "deadline", 2)]
    public ulong Deadline { get; set; }
}

[Error("RoundLedger_FinalizeDeadlinePassed")]
internal sealed class RoundLedgerFinalizeDeadlinePassedError
{
    [Parameter("uint256", "roundId", 1)]
    public BigInteger RoundId { get; set; }

    [Parameter("uint64", "deadline", 2)]
    public ulong Deadline { get; set; }
}

[Error("RoundLedger_FinalizeDeadlineNotPassed")]
internal sealed class RoundLedgerFinalizeDeadlineNotPassedError
{
    [Parameter("uint256", "roundId", 1)]
    public BigInteger RoundId { get; set; }

    [Parameter("uint64", "deadline", 2)]
    public ulong Deadline { get; set; }
}

[Error("RoundLedger_AlreadyCommitted")]
internal sealed class RoundLedgerAlreadyCommittedError
{
    [Parameter("uint256", "roundId", 1)]
    public BigInteger RoundId { get; set; }

    [Parameter("address", "member", 2)]
    public string Member { get; set; } = string.Empty;
}

[Error("RoundLedger_NotCommitted")]
internal sealed class RoundLedgerNotCommittedError
{
    [Parameter("uint256", "roundId", 1)]
    public BigInteger RoundId { get; set; }

    [Parameter("address", "member", 2)]
    public string Member { get; set; } = string.Empty;
}

[Error("RoundLedger_AlreadyClaimed")]
internal sealed class RoundLedgerAlreadyClaimedError
{
    [Parameter("uint256", "roundId", 1)]
    public BigInteger RoundId { get; set; }

    [Parameter("address", "member", 2)]
    public string Member { get; set; } = string.Empty;
}

[Error("RoundLedger_InvalidProof")]
internal sealed class RoundLedgerInvalidProofError
{
    [Parameter("uint256", "roundId", 1)]
    public BigInteger RoundId { get; set; }

    [Parameter("address", "member", 2)]
    public string Member { get; set; } = string.Empty;
}

[Error("RoundLedger_PoolExceeded")]
internal sealed class RoundLedgerPoolExceededError
{
    [Parameter("uint256", "roundId", 1)]
    public BigInteger RoundId { get; set; }

    [Parameter("uint256", "pool", 2)]
    public BigInteger Pool { get; set; }

    [Parameter("uint256", "claimedAfter", 3)]
    public BigInteger ClaimedAfter { get; set; }
}

[Error("RoundLedger_LengthMismatch")]
internal sealed class RoundLedgerLengthMismatchError
{
    [Parameter("uint256", "members", 1)]
    public BigInteger Members { get; set; }

    [Parameter("uint256", "reasons", 2)]
    public BigInteger Reasons { get; set; }
}

[Error("RoundLedger_ExclusionsNotSorted")]
internal sealed class RoundLedgerExclusionsNotSortedError
{
    [Parameter("uint256", "index", 1)]
    public BigInteger Index { get; set; }
}

[Error("RoundLedger_InvalidExclusion")]
internal sealed class RoundLedgerInvalidExclusionError
{
    [Parameter("uint256", "roundId", 1)]
    public BigInteger RoundId { get; set; }

    [Parameter("address", "member", 2)]
    public string Member { get; set; } = string.Empty;

    [Parameter("uint8", "reason", 3)]
    public byte Reason { get; set; }
}

[Error("RoundLedger_ExclusionsMismatch")]
internal sealed class RoundLedgerExclusionsMismatchError
{
    [Parameter("uint256", "roundId", 1)]
    public BigInteger RoundId { get; set; }
}

[Error("RoundLedger_ExclusionsAlreadyEnforced")]
internal sealed class RoundLedgerExclusionsAlreadyEnforcedError
{
    [Parameter("uint256", "roundId", 1)]
    public BigInteger RoundId { get; set; }
}

[Error("RoundLedger_InvalidSlashRates")]
internal sealed class RoundLedgerInvalidSlashRatesError
{
    [Parameter("uint16", "maliciousBps", 1)]
    public ushort MaliciousBps { get; set; }

    [Parameter("uint16", "nonDeliveryBps", 2)]
    public ushort NonDeliveryBps { get; set; }
}

[Function("accuse")]
internal sealed class AccuseFunction : FunctionMessage
{
    [Parameter("uint256", "roundId", 1)]
    public BigInteger RoundId { get; set; }

    [Parameter("address", "member", 2)]
    public string Member { get; set; } = string.Empty;

    [Parameter("tuple", "evidence", 3)]
    public EvidenceData Evidence { get; set; } = new();

    [Parameter("address[]", "excludedMembers", 4)]
    public List<string> ExcludedMembers { get; set; } = [];

    [Parameter("uint8[]", "reasons", 5)]
    public List<BigInteger> Reasons { get; set; } = [];
}

internal sealed class EvidenceData
{
    [Parameter("bytes32", "updateHash", 1)]
    public byte[] UpdateHash { get; set; } = [];

    [Parameter("uint8", "reasonCode", 2)]
    public byte ReasonCode { get; set; }

    [Parameter("bytes32", "documentHash", 3)]
    public byte[] DocumentHash { get; set; } = [];

    [Parameter("string", "reasonText", 4)]
    public string ReasonText { get; set; } = string.Empty;
}

[Function("dispute")]
internal sealed class DisputeFunction : FunctionMessage
{
    [Parameter("uint256", "roundId", 1)]
    public BigInteger RoundId { get; set; }

    [Parameter("string", "statement", 2)]
    public string Statement { get; set; } = string.Empty;
}

[Function("settleAccusation", "uint256")]
internal sealed class SettleAccusationFunction : FunctionMessage
{
    [Parameter("uint256", "roundId", 1)]
    public BigInteger RoundId { get; set; }

    [Parameter("address", "member", 2)]
    public string Member { get; set; } = string.Empty;
}

[Function("getAccusation", typeof(GetAccusationOutput))]
internal sealed class GetAccusationFunction : FunctionMessage
{
    [Parameter("uint256", "roundId", 1)]
    public BigInteger RoundId { get; set; }

    [Parameter("address", "member", 2)]
    public string Member { get; set; } = string.Empty;
}

[FunctionOutput]
internal sealed class GetAccusationOutput : IFunctionOutputDTO
{
    [Parameter("tuple", "", 1)]
    public AccusationData Accusation { get; set; } = new();
}

internal sealed class AccusationData
{
    [Parameter("bytes32", "updateHash", 1)]
    public byte[] UpdateHash { get; set; } = [];

    [Parameter("bytes32", "documentHash", 2)]
    public byte[] DocumentHash { get; set; } = [];

    [Parameter("uint8", "reasonCode", 3)]
    public byte ReasonCode { get; set; }

    [Parameter("uint8", "status", 4)]
    public byte Status { get; set; }

    [Parameter("uint64", "challengeEndsAt", 5)]
    public ulong ChallengeEndsAt { get; set; }

    [Parameter("uint64", "voteEndsAt", 6)]
    public ulong VoteEndsAt { get; set; }

    [Parameter("uint64", "reversalProposalId", 7)]
    public ulong ReversalProposalId { get; set; }

    [Parameter("uint128", "slashed", 8)]
    public BigInteger Slashed { get; set; }
}

[Function("challengeWindow", "uint64")]
internal sealed class ChallengeWindowFunction : FunctionMessage
{
}

[Function("MAX_STATEMENT_LENGTH", "uint256")]
internal sealed class MaxStatementLengthFunction : FunctionMessage
{
}

[Event("MemberAccused")]
internal sealed class MemberAccusedEventDto : IEventDTO
{
    [Parameter("uint256", "roundId", 1, true)]
    public BigInteger RoundId { get; set; }

    [Parameter("address", "member", 2, true)]
    public string Member { get; set; } = string.Empty;

    [Parameter("bytes32", "updateHash", 3, false)]
    public byte[] UpdateHash { get; set; } = [];

    [Parameter("uint8", "reasonCode", 4, false)]
    public byte ReasonCode { get; set; }

    [Parameter("bytes32", "documentHash", 5, false)]
    public byte[] DocumentHash { get; set; } = [];

    [Parameter("string", "reasonText", 6, false)]
    public string ReasonText { get; set; } = string.Empty;

    [Parameter("uint64", "challengeEndsAt", 7, false)]
    public ulong ChallengeEndsAt { get; set; }
}

[Event("AccusationDisputed")]
internal sealed class AccusationDisputedEventDto : IEventDTO
{
    [Parameter("uint256", "roundId", 1, true)]
    public BigInteger RoundId { get; set; }

    [Parameter("address", "member", 2, true)]
    public string Member { get; set; } = string.Empty;

    [Parameter("string", "statement", 3, false)]
    public string Statement { get; set; } = string.Empty;

    [Parameter("uint64", "voteEndsAt", 4, false)]
    public ulong VoteEndsAt { get; set; }
}

[Event("AccusationSettled")]
internal sealed class AccusationSettledEventDto : IEventDTO
{
    [Parameter("uint256", "roundId", 1, true)]
    public BigInteger RoundId { get; set; }

    [Parameter("address", "member", 2, true)]
    public string Member { get; set; } = string.Empty;

    [Parameter("uint8", "outcome", 3, false)]
    public byte Outcome { get; set; }

    [Parameter("uint256", "slashed", 4, false)]
    public BigInteger Slashed { get; set; }
}

[Error("RoundLedger_InvalidChallengeWindow")]
internal sealed class RoundLedgerInvalidChallengeWindowError
{
    [Parameter("uint64", "challengeWindow", 1)]
    public ulong ChallengeWindow { get; set; }
}

[Error("RoundLedger_RewardPoolAboveCap")]
internal sealed class RoundLedgerRewardPoolAboveCapError
{
    [Parameter("uint256", "roundId", 1)]
    public BigInteger RoundId { get; set; }

    [Parameter("uint256", "rewardPool", 2)]
    public BigInteger RewardPool { get; set; }

    [Parameter("uint256", "rewardCap", 3)]
    public BigInteger RewardCap { get; set; }
}

[Error("RoundLedger_NotExcludedAsMalicious")]
internal sealed class RoundLedgerNotExcludedAsMaliciousError
{
    [Parameter("uint256", "roundId", 1)]
    public BigInteger RoundId { get; set; }

    [Parameter("address", "member", 2)]
    public string Member { get; set; } = string.Empty;
}

[Error("RoundLedger_EvidenceMismatch")]
internal sealed class RoundLedgerEvidenceMismatchError
{
    [Parameter("uint256", "roundId", 1)]
    public BigInteger RoundId { get; set; }

    [Parameter("address", "member", 2)]
    public string Member { get; set; } = string.Empty;

    [Parameter("bytes32", "evidenceHash", 3)]
    public byte[] EvidenceHash { get; set; } = [];

    [Parameter("bytes32", "committedHash", 4)]
    public byte[] CommittedHash { get; set; } = [];
}

[Error("RoundLedger_MissingReasonCode")]
internal sealed class RoundLedgerMissingReasonCodeError
{
    [Parameter("uint256", "roundId", 1)]
    public BigInteger RoundId { get; set; }

    [Parameter("address", "member", 2)]
    public string Member { get; set; } = string.Empty;
}

[Error("RoundLedger_InvalidStatement")]
internal sealed class RoundLedgerInvalidStatementError
{
    [Parameter("uint256", "length", 1)]
    public BigInteger Length { get; set; }

    [Parameter("uint256", "maxLength", 2)]
    public BigInteger MaxLength { get; set; }
}

[Error("RoundLedger_AlreadyAccused")]
internal sealed class RoundLedgerAlreadyAccusedError
{
    [Parameter("uint256", "roundId", 1)]
    public BigInteger RoundId { get; set; }

    [Parameter("address", "member", 2)]
    public string Member { get; set; } = string.Empty;
}

[Error("RoundLedger_AccusationTooLate")]
internal sealed class RoundLedgerAccusationTooLateError
{
    [Parameter("uint256", "roundId", 1)]
    public BigInteger RoundId { get; set; }

    [Parameter("uint256", "deadline", 2)]
    public BigInteger Deadline { get; set; }
}

[Error("RoundLedger_NoAccusation")]
internal sealed class RoundLedgerNoAccusationError
{
    [Parameter("uint256", "roundId", 1)]
    public BigInteger RoundId { get; set; }

    [Parameter("address", "member", 2)]
    public string Member { get; set; } = string.Empty;
}

[Error("RoundLedger_AlreadyDisputed")]
internal sealed class RoundLedgerAlreadyDisputedError
{
    [Parameter("uint256", "roundId", 1)]
    public BigInteger RoundId { get; set; }

    [Parameter("address", "member", 2)]
    public string Member { get; set; } = string.Empty;
}

[Error("RoundLedger_AccusationSettled")]
internal sealed class RoundLedgerAccusationSettledError
{
    [Parameter("uint256", "roundId", 1)]
    public BigInteger RoundId { get; set; }

    [Parameter("address", "member", 2)]
    public string Member { get; set; } = string.Empty;

    [Parameter("uint8", "status", 3)]
    public byte Status { get; set; }
}

[Error("RoundLedger_ChallengeWindowClosed")]
internal sealed class RoundLedgerChallengeWindowClosedError
{
    [Parameter("uint256", "roundId", 1)]
    public BigInteger RoundId { get; set; }

    [Parameter("address", "member", 2)]
    public string Member { get; set; } = string.Empty;

    [Parameter("uint64", "challengeEndsAt", 3)]
    public ulong ChallengeEndsAt { get; set; }
}

[Error("RoundLedger_ChallengeWindowOpen")]
internal sealed class RoundLedgerChallengeWindowOpenError
{
    [Parameter("uint256", "roundId", 1)]
    public BigInteger RoundId { get; set; }

    [Parameter("address", "member", 2)]
    public string Member { get; set; } = string.Empty;

    [Parameter("uint64", "challengeEndsAt", 3)]
    public ulong ChallengeEndsAt { get; set; }
}

[Error("RoundLedger_DisputeVoteOpen")]
internal sealed class RoundLedgerDisputeVoteOpenError
{
    [Parameter("uint256", "roundId", 1)]
    public BigInteger RoundId { get; set; }

    [Parameter("address", "member", 2)]
    public string Member { get; set; } = string.Empty;

    [Parameter("uint256", "proposalId", 3)]
    public BigInteger ProposalId { get; set; }

    [Parameter("uint64", "voteEndsAt", 4)]
    public ulong VoteEndsAt { get; set; }
}
