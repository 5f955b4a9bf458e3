using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace Consortium.Contracts.Bindings;

// Typed Nethereum bindings of MemberRegistry.sol / IMemberRegistry.sol; kept in step with the
// compiled ABI by ContractBindingTests.

internal sealed class MemberRegistryDeployment : ContractDeploymentMessage
{
    public MemberRegistryDeployment()
        : base(ContractArtifact.MemberRegistry.Bytecode)
    {
    }

    [Parameter("address[]", "founders", 1)]
    public List<string> Founders { get; set; } = [];

    [Parameter("string[]", "names", 2)]
    public List<string> Names { get; set; } = [];

    [Parameter("uint8[]", "roles", 3)]
    public List<BigInteger> Roles { get; set; } = [];

    [Parameter("uint256", "minStake_", 4)]
    public BigInteger MinStake { get; set; }

    [Parameter("uint16", "admissionThresholdBps_", 5)]
    public ushort AdmissionThresholdBps { get; set; }

    [Parameter("uint64", "exitNoticePeriod_", 6)]
    public ulong ExitNoticePeriod { get; set; }

    [Parameter("address", "treasury", 7)]
    public string Treasury { get; set; } = string.Empty;

    [Parameter("uint256", "treasuryAllocation", 8)]
    public BigInteger TreasuryAllocation { get; set; }

    [Parameter("tuple", "roundRules", 9)]
    public RoundRulesData RoundRules { get; set; } = new();
}

[Function("applyForMembership", "uint256")]
internal sealed class ApplyForMembershipFunction : FunctionMessage
{
    [Parameter("string", "name", 1)]
    public string Name { get; set; } = string.Empty;

    [Parameter("uint8", "role", 2)]
    public byte Role { get; set; }

    [Parameter("uint256", "stake", 3)]
    public BigInteger Stake { get; set; }
}

[Function("applicantName", "string")]
internal sealed class ApplicantNameFunction : FunctionMessage
{
    [Parameter("uint256", "proposalId", 1)]
    public BigInteger ProposalId { get; set; }
}

[Function("fingerprintHolder", "address")]
internal sealed class FingerprintHolderFunction : FunctionMessage
{
    [Parameter("bytes32", "certificateFingerprint", 1)]
    public byte[] CertificateFingerprint { get; set; } = [];
}

[Function("pendingApplicationOf", "uint256")]
internal sealed class PendingApplicationOfFunction : FunctionMessage
{
    [Parameter("address", "applicant", 1)]
    public string Applicant { get; set; } = string.Empty;
}

[Function("proposeCoordinator", "uint256")]
internal sealed class ProposeCoordinatorFunction : FunctionMessage
{
    [Parameter("address", "candidate", 1)]
    public string Candidate { get; set; } = string.Empty;
}

[Function("vote")]
internal sealed class VoteFunction : FunctionMessage
{
    [Parameter("uint256", "proposalId", 1)]
    public BigInteger ProposalId { get; set; }
}

[Function("reject")]
internal sealed class RejectFunction : FunctionMessage
{
    [Parameter("uint256", "proposalId", 1)]
    public BigInteger ProposalId { get; set; }
}

[Function("setNodeContact")]
internal sealed class SetNodeContactFunction : FunctionMessage
{
    [Parameter("string", "endpoint", 1)]
    public string Endpoint { get; set; } = string.Empty;

    [Parameter("bytes32", "certificateFingerprint", 2)]
    public byte[] CertificateFingerprint { get; set; } = [];
}

[Function("nodeContactOf", typeof(NodeContactOfOutput))]
internal sealed class NodeContactOfFunction : FunctionMessage
{
    [Parameter("address", "account", 1)]
    public string Account { get; set; } = string.Empty;
}

[FunctionOutput]
internal sealed class NodeContactOfOutput : IFunctionOutputDTO
{
    [Parameter("tuple", "", 1)]
    public NodeContactData Contact { get; set; } = new();
}

internal sealed class NodeContactData
{
    [Parameter("bytes32", "certificateFingerprint", 1)]
    public byte[] CertificateFingerprint { get; set; } = [];

    [Parameter("string", "endpoint", 2)]
    public string Endpoint { get; set; } = string.Empty;
}

[Function("withdrawApplication")]
internal sealed class WithdrawApplicationFunction : FunctionMessage
{
    [Parameter("uint256", "proposalId", 1)]
    public BigInteger ProposalId { get; set; }
}

[Function("announceExit")]
internal sealed class AnnounceExitFunction : FunctionMessage
{
}

[Function("withdrawStake")]
internal sealed class WithdrawStakeFunction : FunctionMessage
{
}

[Function("topUpStake")]
internal sealed class TopUpStakeFunction : FunctionMessage
{
    [Parameter("uint256", "amount", 1)]
    public BigInteger Amount { get; set; }
}

[Function("slash", "uint256")]
internal sealed class SlashFunction : FunctionMessage
{
    [Parameter("address", "member", 1)]
    public string Member { get; set; } = string.Empty;

    [Parameter("uint256", "amount", 2)]
    public BigInteger Amount { get; set; }

    [Parameter("uint8", "reason", 3)]
    public byte Reason { get; set; }

    [Parameter("uint256", "ref", 4)]
    public BigInteger Ref { get; set; }
}

[Function("mintRewards")]
internal sealed class MintRewardsFunction : FunctionMessage
{
    [Parameter("address", "to", 1)]
    public string To { get; set; } = string.Empty;

    [Parameter("uint256", "amount", 2)]
    public BigInteger Amount { get; set; }
}

[Function("isMember", "bool")]
internal sealed class IsMemberFunction : FunctionMessage
{
    [Parameter("address", "account", 1)]
    public string Account { get; set; } = string.Empty;
}

[Function("memberOf", typeof(MemberOfOutput))]
internal sealed class MemberOfFunction : FunctionMessage
{
    [Parameter("address", "account", 1)]
    public string Account { get; set; } = string.Empty;
}

[FunctionOutput]
internal sealed class MemberOfOutput : IFunctionOutputDTO
{
    [Parameter("tuple", "", 1)]
    public MemberData Member { get; set; } = new();
}

internal sealed class MemberData
{
    [Parameter("uint8", "role", 1)]
    public byte Role { get; set; }

    [Parameter("uint8", "status", 2)]
    public byte Status { get; set; }

    [Parameter("uint32", "number", 3)]
    public uint Number { get; set; }

    [Parameter("uint64", "exitAvailableAt", 4)]
    public ulong ExitAvailableAt { get; set; }

    [Parameter("uint128", "stake", 5)]
    public BigInteger Stake { get; set; }
}

[Function("memberName", "string")]
internal sealed class MemberNameFunction : FunctionMessage
{
    [Parameter("address", "account", 1)]
    public string Account { get; set; } = string.Empty;
}

[Function("reputationOf", typeof(ReputationOfOutput))]
internal sealed class ReputationOfFunction : FunctionMessage
{
    [Parameter("address", "account", 1)]
    public string Account { get; set; } = string.Empty;
}

[FunctionOutput]
internal sealed class ReputationOfOutput : IFunctionOutputDTO
{
    [Parameter("tuple", "", 1)]
    public ReputationData Reputation { get; set; } = new();
}

internal sealed class ReputationData
{
    [Parameter("uint32", "roundsContributed", 1)]
    public uint RoundsContributed { get; set; }

    [Parameter("int128", "totalScore", 2)]
    public BigInteger TotalScore { get; set; }

    [Parameter("uint32", "slashCount", 3)]
    public uint SlashCount { get; set; }

    [Parameter("uint64", "memberSince", 4)]
    public ulong MemberSince { get; set; }

    [Parameter("uint128", "slashedAmount", 5)]
    public BigInteger SlashedAmount { get; set; }
}

[Function("members", "address[]")]
internal sealed class MembersFunction : FunctionMessage
{
}

[Function("getProposal", typeof(GetProposalOutput))]
internal sealed class GetProposalFunction : FunctionMessage
{
    [Parameter("uint256", "proposalId", 1)]
    public BigInteger ProposalId { get; set; }
}

[FunctionOutput]
internal sealed class GetProposalOutput : IFunctionOutputDTO
{
    [Parameter("tuple", "", 1)]
    public ProposalData Proposal { get; set; } = new();
}

internal sealed class ProposalData
{
    [Parameter("uint8", "kind", 1)]
    public byte Kind { get; set; }

    [Parameter("uint8", "status", 2)]
    public byte Status { get; set; }

    [Parameter("address", "subject", 3)]
    public string Subject { get; set; } = string.Empty;

    [Parameter("uint8", "role", 4)]
    public byte Role { get; set; }

    [Parameter("uint32", "requiredVotes", 5)]
    public uint RequiredVotes { get; set; }

    [Parameter("uint32", "approvals", 6)]
    public uint Approvals { get; set; }

    [Parameter("uint128", "escrow", 7)]
    public BigInteger Escrow { get; set; }

    [Parameter("uint32", "rejections", 8)]
    public uint Rejections { get; set; }

    [Parameter("uint32", "electorate", 9)]
    public uint Electorate { get; set; }
}

[Function("hasVoted", "bool")]
internal sealed class HasVotedFunction : FunctionMessage
{
    [Parameter("uint256", "proposalId", 1)]
    public BigInteger ProposalId { get; set; }

    [Parameter("address", "voter", 2)]
    public string Voter { get; set; } = string.Empty;
}

[Function("latestProposalId", "uint256")]
internal sealed class LatestProposalIdFunction : FunctionMessage
{
}

[Function("coordinator", "address")]
internal sealed class CoordinatorFunction : FunctionMessage
{
}

[Function("minStake", "uint256")]
internal sealed class MinStakeFunction : FunctionMessage
{
}

[Function("admissionThresholdBps", "uint16")]
internal sealed class AdmissionThresholdBpsFunction : FunctionMessage
{
}

[Function("exitNoticePeriod", "uint64")]
internal sealed class ExitNoticePeriodFunction : FunctionMessage
{
}

[Function("totalStaked", "uint256")]
internal sealed class TotalStakedFunction : FunctionMessage
{
}

[Function("totalEscrowed", "uint256")]
internal sealed class TotalEscrowedFunction : FunctionMessage
{
}

[Function("token", "address")]
internal sealed class TokenFunction : FunctionMessage
{
}

[Function("roundLedger", "address")]
internal sealed class RoundLedgerAddressFunction : FunctionMessage
{
}

[Function("dispatchLedger", "address")]
internal sealed class DispatchLedgerAddressFunction : FunctionMessage
{
}

[Event("MemberRegistered")]
internal sealed class MemberRegisteredEventDto : IEventDTO
{
    [Parameter("address", "member", 1, true)]
    public string Member { get; set; } = string.Empty;

    [Parameter("string", "name", 2, false)]
    public string Name { get; set; } = string.Empty;

    [Parameter("uint8", "role", 3, false)]
    public byte Role { get; set; }

    [Parameter("uint256", "stake", 4, false)]
    public BigInteger Stake { get; set; }
}

[Event("ExitAnnounced")]
internal sealed class ExitAnnouncedEventDto : IEventDTO
{
    [Parameter("address", "member", 1, true)]
    public string Member { get; set; } = string.Empty;

    [Parameter("uint64", "exitAvailableAt", 2, false)]
    public ulong ExitAvailableAt { get; set; }
}

[Event("MemberRemoved")]
internal sealed class MemberRemovedEventDto : IEventDTO
{
    [Parameter("address", "member", 1, true)]
    public string Member { get; set; } = string.Empty;

    [Parameter("uint256", "stake", 2, false)]
    public BigInteger Stake { get; set; }
}

[Event("StakeIncreased")]
internal sealed class StakeIncreasedEventDto : IEventDTO
{
    [Parameter("address", "member", 1, true)]
    public string Member { get; set; } = string.Empty;

    [Parameter("uint256", "amount", 2, false)]
    public BigInteger Amount { get; set; }

    [Parameter("uint256", "stake", 3, false)]
    public BigInteger Stake { get; set; }
}

[Event("MembershipApplied")]
internal sealed class MembershipAppliedEventDto : IEventDTO
{
    [Parameter("uint256", "proposalId", 1, true)]
    public BigInteger ProposalId { get; set; }

    [Parameter("address", "applicant", 2, true)]
    public string Applicant { get; set; } = string.Empty;

    [Parameter("string", "name", 3, false)]
    public string Name { get; set; } = string.Empty;

    [Parameter("uint8", "role", 4, false)]
    public byte Role { get; set; }

    [Parameter("uint256", "stake", 5, false)]
    public BigInteger Stake { get; set; }
}

[Event("CoordinatorProposed")]
internal sealed class CoordinatorProposedEventDto : IEventDTO
{
    [Parameter("uint256", "proposalId", 1, true)]
    public BigInteger ProposalId { get; set; }

    [Parameter("address", "candidate", 2, true)]
    public string Candidate { get; set; } = string.Empty;

    [Parameter("address", "proposer", 3, true)]
    public string Proposer { get; set; } = string.Empty;
}

[Event("ProposalApproved")]
internal sealed class ProposalApprovedEventDto : IEventDTO
{
    [Parameter("uint256", "proposalId", 1, true)]
    public BigInteger ProposalId { get; set; }

    [Parameter("address", "voter", 2, true)]
    public string Voter { get; set; } = string.Empty;

    [Parameter("uint32", "approvals", 3, false)]
    public uint Approvals { get; set; }

    [Parameter("uint32", "requiredVotes", 4, false)]
    public uint RequiredVotes { get; set; }
}

[Event("ProposalRejected")]
internal sealed class ProposalRejectedEventDto : IEventDTO
{
    [Parameter("uint256", "proposalId", 1, true)]
    public BigInteger ProposalId { get; set; }

    [Parameter("address", "voter", 2, true)]
    public string Voter { get; set; } = string.Empty;

    [Parameter("uint32", "rejections", 3, false)]
    public uint Rejections { get; set; }

    [Parameter("uint32", "electorate", 4, false)]
    public uint Electorate { get; set; }
}

[Event("ProposalDefeated")]
internal sealed class ProposalDefeatedEventDto : IEventDTO
{
    [Parameter("uint256", "proposalId", 1, true)]
    public BigInteger ProposalId { get; set; }

    [Parameter("uint8", "kind", 2, false)]
    public byte Kind { get; set; }

    [Parameter("address", "subject", 3, true)]
    public string Subject { get; set; } = string.Empty;
}

[Event("NodeContactSet")]
internal sealed class NodeContactSetEventDto : IEventDTO
{
    [Parameter("address", "account", 1, true)]
    public string Account { get; set; } = string.Empty;

    [Parameter("string", "endpoint", 2, false)]
    public string Endpoint { get; set; } = string.Empty;

    [Parameter("bytes32", "certificateFingerprint", 3, false)]
    public byte[] CertificateFingerprint { get; set; } = [];
}

[Event("ProposalExecuted")]
internal sealed class ProposalExecutedEventDto : IEventDTO
{
    [Parameter("uint256", "proposalId", 1, true)]
    public BigInteger ProposalId { get; set; }

    [Parameter("uint8", "kind", 2, false)]
    public byte Kind { get; set; }

    [Parameter("address", "subject", 3, true)]
    public string Subject { get; set; } = string.Empty;
}

[Event("ApplicationWithdrawn")]
internal sealed class ApplicationWithdrawnEventDto : IEventDTO
{
    [Parameter("uint256", "proposalId", 1, true)]
    public BigInteger ProposalId { get; set; }

    [Parameter("address", "applicant", 2, true)]
    public string Applicant { get; set; } = string.Empty;

    [Parameter("uint256", "stake", 3, false)]
    public BigInteger Stake { get; set; }
}

[Event("CoordinatorTransferred")]
internal sealed class CoordinatorTransferredEventDto : IEventDTO
{
    [Parameter("address", "previousCoordinator", 1, true)]
    public string PreviousCoordinator { get; set; } = string.Empty;

    [Parameter("address", "newCoordinator", 2, true)]
    public string NewCoordinator { get; set; } = string.Empty;
}

[Event("MemberSlashed")]
internal sealed class MemberSlashedEventDto : IEventDTO
{
    [Parameter("address", "member", 1, true)]
    public string Member { get; set; } = string.Empty;

    [Parameter("address", "ledger", 2, true)]
    public string Ledger { get; set; } = string.Empty;

    [Parameter("uint256", "amount", 3, false)]
    public BigInteger Amount { get; set; }

    [Parameter("uint8", "reason", 4, false)]
    public byte Reason { get; set; }

    [Parameter("uint256", "ref", 5, false)]
    public BigInteger Ref { get; set; }
}

[Error("MemberRegistry_InvalidFounders")]
internal sealed class MemberRegistryInvalidFoundersError
{
    [Parameter("uint256", "accounts", 1)]
    public BigInteger Accounts { get; set; }

    [Parameter("uint256", "names", 2)]
    public BigInteger Names { get; set; }

    [Parameter("uint256", "roles", 3)]
    public BigInteger Roles { get; set; }
}

[Error("MemberRegistry_InvalidThreshold")]
internal sealed class MemberRegistryInvalidThresholdError
{
    [Parameter("uint16", "thresholdBps", 1)]
    public ushort ThresholdBps { get; set; }
}

[Error("MemberRegistry_ZeroAddress")]
internal sealed class MemberRegistryZeroAddressError
{
}

[Error("MemberRegistry_EmptyName")]
internal sealed class MemberRegistryEmptyNameError
{
}

[Error("MemberRegistry_InvalidRole")]
internal sealed class MemberRegistryInvalidRoleError
{
    [Parameter("uint8", "role", 1)]
    public byte Role { get; set; }
}

[Error("MemberRegistry_AlreadyMember")]
internal sealed class MemberRegistryAlreadyMemberError
{
    [Parameter("address", "account", 1)]
    public string Account { get; set; } = string.Empty;
}

[Error("MemberRegistry_NotMember")]
internal sealed class MemberRegistryNotMemberError
{
    [Parameter("address", "account", 1)]
    public string Account { get; set; } = string.Empty;
}

[Error("MemberRegistry_ApplicationPending")]
internal sealed class MemberRegistryApplicationPendingError
{
    [Parameter("address", "account", 1)]
    public string Account { get; set; } = string.Empty;

    [Parameter("uint256", "proposalId", 2)]
    public BigInteger ProposalId { get; set; }
}

[Error("MemberRegistry_UnknownProposal")]
internal sealed class MemberRegistryUnknownProposalError
{
    [Parameter("uint256", "proposalId", 1)]
    public BigInteger ProposalId { get; set; }
}

[Error("MemberRegistry_ProposalNotPending")]
internal sealed class MemberRegistryProposalNotPendingError
{
    [Parameter("uint256", "proposalId", 1)]
    public BigInteger ProposalId { get; set; }
}

[Error("MemberRegistry_AlreadyVoted")]
internal sealed class MemberRegistryAlreadyVotedError
{
    [Parameter("uint256", "proposalId", 1)]
    public BigInteger ProposalId { get; set; }

    [Parameter("address", "voter", 2)]
    public string Voter { get; set; } = string.Empty;
}

[Error("MemberRegistry_StakeTooLow")]
internal sealed class MemberRegistryStakeTooLowError
{
    [Parameter("uint256", "stake", 1)]
    public BigInteger Stake { get; set; }

    [Parameter("uint256", "minStake", 2)]
    public BigInteger MinStake { get; set; }
}

[Error("MemberRegistry_FingerprintTaken")]
internal sealed class MemberRegistryFingerprintTakenError
{
    [Parameter("bytes32", "certificateFingerprint", 1)]
    public byte[] CertificateFingerprint { get; set; } = [];

    [Parameter("address", "holder", 2)]
    public string Holder { get; set; } = string.Empty;
}

[Error("MemberRegistry_InvalidContact")]
internal sealed class MemberRegistryInvalidContactError
{
    [Parameter("uint256", "endpointLength", 1)]
    public BigInteger EndpointLength { get; set; }

    [Parameter("bytes32", "certificateFingerprint", 2)]
    public byte[] CertificateFingerprint { get; set; } = [];
}

[Error("MemberRegistry_NotApplicant")]
internal sealed class MemberRegistryNotApplicantError
{
    [Parameter("uint256", "proposalId", 1)]
    public BigInteger ProposalId { get; set; }

    [Parameter("address", "caller", 2)]
    public string Caller { get; set; } = string.Empty;
}

[Error("MemberRegistry_CoordinatorCannotLeave")]
internal sealed class MemberRegistryCoordinatorCannotLeaveError
{
    [Parameter("address", "coordinator", 1)]
    public string Coordinator { get; set; } = string.Empty;
}

[Error("MemberRegistry_NotLeaving")]
internal sealed class MemberRegistryNotLeavingError
{
    [Parameter("address", "account", 1)]
    public string Account { get; set; } = string.Empty;
}

[Error("MemberRegistry_NoticePeriodRunning")]
internal sealed class MemberRegistryNoticePeriodRunningError
{
    [Parameter("address", "account", 1)]
    public string Account { get; set; } = string.Empty;

    [Parameter("uint64", "availableAt", 2)]
    public ulong AvailableAt { get; set; }

    [Parameter("uint256", "blockTimestamp", 3)]
    public BigInteger BlockTimestamp { get; set; }
}

[Error("MemberRegistry_ZeroAmount")]
internal sealed class MemberRegistryZeroAmountError
{
}

[Error("MemberRegistry_AlreadyCoordinator")]
internal sealed class MemberRegistryAlreadyCoordinatorError
{
    [Parameter("address", "account", 1)]
    public string Account { get; set; } = string.Empty;
}

[Error("MemberRegistry_NotLedger")]
internal sealed class MemberRegistryNotLedgerError
{
    [Parameter("address", "caller", 1)]
    public string Caller { get; set; } = string.Empty;
}

[Function("proposeGridParty", "uint256")]
internal sealed class ProposeGridPartyFunction : FunctionMessage
{
    [Parameter("address", "account", 1)]
    public string Account { get; set; } = string.Empty;

    [Parameter("string", "name", 2)]
    public string Name { get; set; } = string.Empty;
}

[Function("proposeGridPartyRemoval", "uint256")]
internal sealed class ProposeGridPartyRemovalFunction : FunctionMessage
{
    [Parameter("address", "account", 1)]
    public string Account { get; set; } = string.Empty;
}

[Function("isGridParty", "bool")]
internal sealed class IsGridPartyFunction : FunctionMessage
{
    [Parameter("address", "account", 1)]
    public string Account { get; set; } = string.Empty;
}

[Function("gridPartyName", "string")]
internal sealed class GridPartyNameFunction : FunctionMessage
{
    [Parameter("address", "account", 1)]
    public string Account { get; set; } = string.Empty;
}

[Function("gridParties", "address[]")]
internal sealed class GridPartiesFunction : FunctionMessage
{
}

[Event("GridPartyProposed")]
internal sealed class GridPartyProposedEventDto : IEventDTO
{
    [Parameter("uint256", "proposalId", 1, true)]
    public BigInteger ProposalId { get; set; }

    [Parameter("address", "account", 2, true)]
    public string Account { get; set; } = string.Empty;

    [Parameter("string", "name", 3, false)]
    public string Name { get; set; } = string.Empty;

    [Parameter("bool", "registration", 4, false)]
    public bool Registration { get; set; }

    [Parameter("address", "proposer", 5, true)]
    public string Proposer { get; set; } = string.Empty;
}

[Event("GridPartyRegistered")]
internal sealed class GridPartyRegisteredEventDto : IEventDTO
{
    [Parameter("address", "account", 1, true)]
    public string Account { get; set; } = string.Empty;

    [Parameter("string", "name", 2, false)]
    public string Name { get; set; } = string.Empty;
}

[Event("GridPartyRemoved")]
internal sealed class GridPartyRemovedEventDto : IEventDTO
{
    [Parameter("address", "account", 1, true)]
    public string Account { get; set; } = string.Empty;
}

[Error("MemberRegistry_AlreadyGridParty")]
internal sealed class MemberRegistryAlreadyGridPartyError
{
    [Parameter("address", "account", 1)]
    public string Account { get; set; } = string.Empty;
}

[Error("MemberRegistry_NotGridParty")]
internal sealed class MemberRegistryNotGridPartyError
{
    [Parameter("address", "account", 1)]
    public string Account { get; set; } = string.Empty;
}

[Error("MemberRegistry_GridPartyIsMember")]
internal sealed class MemberRegistryGridPartyIsMemberError
{
    [Parameter("address", "account", 1)]
    public string Account { get; set; } = string.Empty;
}

internal sealed class RoundRulesData
{
    [Parameter("uint16", "maliciousSlashBps", 1)]
    public ushort MaliciousSlashBps { get; set; }

    [Parameter("uint16", "nonDeliverySlashBps", 2)]
    public ushort NonDeliverySlashBps { get; set; }

    [Parameter("uint64", "challengeWindow", 3)]
    public ulong ChallengeWindow { get; set; }

    [Parameter("uint256", "initialRewardPool", 4)]
    public BigInteger InitialRewardPool { get; set; }
}

[Function("proposeRewardPool", "uint256")]
internal sealed class ProposeRewardPoolFunction : FunctionMessage
{
    [Parameter("uint256", "amount", 1)]
    public BigInteger Amount { get; set; }
}

[Function("openReversalVote", "uint256")]
internal sealed class OpenReversalVoteFunction : FunctionMessage
{
    [Parameter("address", "accused", 1)]
    public string Accused { get; set; } = string.Empty;

    [Parameter("uint256", "roundId", 2)]
    public BigInteger RoundId { get; set; }

    [Parameter("uint64", "votingEndsAt", 3)]
    public ulong VotingEndsAt { get; set; }
}

[Function("rewardPoolPerRound", "uint96")]
internal sealed class RewardPoolPerRoundFunction : FunctionMessage
{
}

[Function("proposedRewardPool", "uint256")]
internal sealed class ProposedRewardPoolFunction : FunctionMessage
{
    [Parameter("uint256", "proposalId", 1)]
    public BigInteger ProposalId { get; set; }
}

[Function("reversalVoteOf", typeof(ReversalVoteOfOutput))]
internal sealed class ReversalVoteOfFunction : FunctionMessage
{
    [Parameter("uint256", "proposalId", 1)]
    public BigInteger ProposalId { get; set; }
}

[FunctionOutput]
internal sealed class ReversalVoteOfOutput : IFunctionOutputDTO
{
    [Parameter("uint256", "roundId", 1)]
    public BigInteger RoundId { get; set; }

    [Parameter("uint64", "votingEndsAt", 2)]
    public ulong VotingEndsAt { get; set; }
}

[Event("RewardPoolProposed")]
internal sealed class RewardPoolProposedEventDto : IEventDTO
{
    [Parameter("uint256", "proposalId", 1, true)]
    public BigInteger ProposalId { get; set; }

    [Parameter("uint256", "amount", 2, false)]
    public BigInteger Amount { get; set; }

    [Parameter("address", "proposer", 3, true)]
    public string Proposer { get; set; } = string.Empty;
}

[Event("RewardPoolChanged")]
internal sealed class RewardPoolChangedEventDto : IEventDTO
{
    [Parameter("uint256", "proposalId", 1, true)]
    public BigInteger ProposalId { get; set; }

    [Parameter("uint256", "previousAmount", 2, false)]
    public BigInteger PreviousAmount { get; set; }

    [Parameter("uint256", "amount", 3, false)]
    public BigInteger Amount { get; set; }
}

[Event("ReversalVoteOpened")]
internal sealed class ReversalVoteOpenedEventDto : IEventDTO
{
    [Parameter("uint256", "proposalId", 1, true)]
    public BigInteger ProposalId { get; set; }

    [Parameter("address", "accused", 2, true)]
    public string Accused { get; set; } = string.Empty;

    [Parameter("uint256", "roundId", 3, true)]
    public BigInteger RoundId { get; set; }

    [Parameter("uint64", "votingEndsAt", 4, false)]
    public ulong VotingEndsAt { get; set; }
}

[Error("MemberRegistry_RewardPoolUnchanged")]
internal sealed class MemberRegistryRewardPoolUnchangedError
{
    [Parameter("uint256", "amount", 1)]
    public BigInteger Amount { get; set; }
}

[Error("MemberRegistry_IneligibleVoter")]
internal sealed class MemberRegistryIneligibleVoterError
{
    [Parameter("uint256", "proposalId", 1)]
    public BigInteger ProposalId { get; set; }

    [Parameter("address", "voter", 2)]
    public string Voter { get; set; } = string.Empty;
}

[Error("MemberRegistry_VotingClosed")]
internal sealed class MemberRegistryVotingClosedError
{
    [Parameter("uint256", "proposalId", 1)]
    public BigInteger ProposalId { get; set; }

    [Parameter("uint64", "votingEndsAt", 2)]
    public ulong VotingEndsAt { get; set; }
}
