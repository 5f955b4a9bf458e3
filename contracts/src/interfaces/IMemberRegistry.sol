// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/// @title Consortium member registry
/// @notice Errors, events and entry points of the consortium's membership: roles, admission and coordinator votes,
/// stakes in the consortium token, exits after a notice period, slashing and each member's reputation.
interface IMemberRegistry {
    /// @notice What a member does in the consortium. Operators and automakers contribute model updates;
    /// auditors vote and verify; exactly one member is the coordinator, who runs rounds and dispatch events.
    enum Role {
        None,
        Operator,
        Automaker,
        Auditor,
        Coordinator
    }

    /// @notice Where an account is in its membership; Left keeps its history (number, reputation) for past rounds.
    enum MemberStatus {
        None,
        Active,
        Leaving,
        Left
    }

    /// @notice What a proposal decides when enough members approve it. RewardPool sets the reward pool per round;
    /// AccusationReversal reverses the round ledger's accusation of its subject (only the members other than the
    /// accused and the coordinator vote on it, until its voting deadline).
    enum ProposalKind {
        None,
        Admission,
        CoordinatorRotation,
        GridPartyRegistration,
        GridPartyRemoval,
        RewardPool,
        AccusationReversal
    }

    /// @notice Where a proposal is; an admitted applicant's or installed coordinator's proposal is Executed.
    enum ProposalStatus {
        None,
        Pending,
        Executed,
        Withdrawn,
        Rejected
    }

    /// @notice The rules the round ledger is created with.
    /// @param maliciousSlashBps The share of its stake (basis points) a member loses when an accusation of a malicious
    /// update against it is upheld.
    /// @param nonDeliverySlashBps The share a member that committed but sent no valid update loses; at most the former.
    /// @param challengeWindow Seconds an accused member has to dispute, and the members then have to vote; at least 1.
    /// @param initialRewardPool The reward pool per round until the members vote another; below 2^96.
    struct RoundRules {
        uint16 maliciousSlashBps;
        uint16 nonDeliverySlashBps;
        uint64 challengeWindow;
        uint256 initialRewardPool;
    }

    /// @notice An account's membership record.
    /// @param role The member's role.
    /// @param status Its membership status.
    /// @param number A permanent number (1, 2, ...) the account keeps even after leaving.
    /// @param exitAvailableAt When a leaving member may withdraw its stake (Unix seconds), zero otherwise.
    /// @param stake The consortium tokens the registry holds for the member.
    struct Member {
        Role role;
        MemberStatus status;
        uint32 number;
        uint64 exitAvailableAt;
        uint128 stake;
    }

    /// @notice What the ledgers have recorded about a member.
    /// @param roundsContributed Rounds whose reward the member settled.
    /// @param totalScore The sum of its fixed-point scores (1e6 = 1.0).
    /// @param slashCount How many times part of its stake was taken.
    /// @param memberSince When the member was admitted (Unix seconds); set at admission, which also spares its first
    /// settled round the cost of creating the record.
    /// @param slashedAmount The tokens taken from its stake in total.
    struct Reputation {
        uint32 roundsContributed;
        int128 totalScore;
        uint32 slashCount;
        uint64 memberSince;
        uint128 slashedAmount;
    }

    /// @notice A membership decision put to the members.
    /// @param kind Admission or coordinator rotation.
    /// @param status Pending, Executed or Withdrawn.
    /// @param subject The applicant, or the member proposed as coordinator.
    /// @param role The role the applicant asked for (admissions).
    /// @param requiredVotes Approvals needed, fixed when the proposal was made.
    /// @param approvals Approvals so far.
    /// @param escrow The applicant's stake held until admission or withdrawal.
    struct Proposal {
        ProposalKind kind;
        ProposalStatus status;
        address subject;
        Role role;
        uint32 requiredVotes;
        uint32 approvals;
        uint128 escrow;
        uint32 rejections;
        uint32 electorate;
    }

    /// @notice Where an account's node answers other nodes, and the TLS certificate it presents there.
    /// @param certificateFingerprint The SHA-256 of the certificate's DER encoding; peers accept the node only while
    /// the certificate it presents hashes to this value.
    /// @param endpoint host:port of the node's gRPC service.
    struct NodeContact {
        bytes32 certificateFingerprint;
        string endpoint;
    }

    /// @notice The founding member lists differ in length, or name no coordinator or more than one.
    error MemberRegistry_InvalidFounders(uint256 accounts, uint256 names, uint256 roles);
    /// @notice The admission threshold must lie in (0, 10000] basis points.
    error MemberRegistry_InvalidThreshold(uint16 thresholdBps);
    /// @notice The zero address cannot take part.
    error MemberRegistry_ZeroAddress();
    /// @notice A member needs a non-empty display name.
    error MemberRegistry_EmptyName();
    /// @notice The role cannot be held this way (None, or Coordinator outside a rotation vote).
    error MemberRegistry_InvalidRole(Role role);
    /// @notice The account is already a member, or was one.
    error MemberRegistry_AlreadyMember(address account);
    /// @notice The account is not an active member.
    error MemberRegistry_NotMember(address account);
    /// @notice The account already has a pending application.
    error MemberRegistry_ApplicationPending(address account, uint256 proposalId);
    /// @notice No proposal has this id.
    error MemberRegistry_UnknownProposal(uint256 proposalId);
    /// @notice The proposal was already executed or withdrawn.
    error MemberRegistry_ProposalNotPending(uint256 proposalId);
    /// @notice The member already approved this proposal.
    error MemberRegistry_AlreadyVoted(uint256 proposalId, address voter);
    /// @notice Only the applicant may withdraw its application.
    error MemberRegistry_NotApplicant(uint256 proposalId, address caller);
    /// @notice The coordinator must hand over its role before leaving.
    error MemberRegistry_CoordinatorCannotLeave(address coordinator);
    /// @notice The account is not leaving the consortium.
    error MemberRegistry_NotLeaving(address account);
    /// @notice The exit notice period has not ended.
    error MemberRegistry_NoticePeriodRunning(address account, uint64 availableAt, uint256 blockTimestamp);
    /// @notice An application must escrow at least the minimum stake.
    error MemberRegistry_StakeTooLow(uint256 stake, uint256 minStake);
    /// @notice A stake top-up must be positive.
    error MemberRegistry_ZeroAmount();
    /// @notice The candidate already is the coordinator.
    error MemberRegistry_AlreadyCoordinator(address account);
    /// @notice The caller is not one of the consortium's ledgers.
    error MemberRegistry_NotLedger(address caller);
    /// @notice Another account already published this certificate fingerprint.
    error MemberRegistry_FingerprintTaken(bytes32 certificateFingerprint, address holder);
    /// @notice A node contact needs an endpoint of 1 to MAX_ENDPOINT_LENGTH bytes and a non-zero fingerprint.
    error MemberRegistry_InvalidContact(uint256 endpointLength, bytes32 certificateFingerprint);
    /// @notice The account is already a registered grid party.
    error MemberRegistry_AlreadyGridParty(address account);
    /// @notice The account is not a registered grid party.
    error MemberRegistry_NotGridParty(address account);
    /// @notice A member (or an applicant) cannot also be a grid party: it would set the terms it is paid under.
    error MemberRegistry_GridPartyIsMember(address account);
    /// @notice The proposed reward pool per round is the one in force.
    error MemberRegistry_RewardPoolUnchanged(uint256 amount);
    /// @notice The accused member and the coordinator do not vote on reversing an accusation.
    error MemberRegistry_IneligibleVoter(uint256 proposalId, address voter);
    /// @notice The proposal's voting deadline passed.
    error MemberRegistry_VotingClosed(uint256 proposalId, uint64 votingEndsAt);

    /// @notice `member` joined the consortium with `role`, holding `stake` tokens.
    event MemberRegistered(address indexed member, string name, Role role, uint256 stake);
    /// @notice `member` announced it leaves; its stake can be withdrawn from `exitAvailableAt`.
    event ExitAnnounced(address indexed member, uint64 exitAvailableAt);
    /// @notice `member` withdrew its remaining `stake` and left.
    event MemberRemoved(address indexed member, uint256 stake);
    /// @notice `member` added `amount` to its stake.
    event StakeIncreased(address indexed member, uint256 amount, uint256 stake);
    /// @notice `applicant` applied to join as `role`, escrowing `stake`.
    event MembershipApplied(uint256 indexed proposalId, address indexed applicant, string name, Role role, uint256 stake);
    /// @notice `proposer` proposed `candidate` as the next coordinator.
    event CoordinatorProposed(uint256 indexed proposalId, address indexed candidate, address indexed proposer);
    /// @notice `voter` approved the proposal; `approvals` of `requiredVotes` so far.
    event ProposalApproved(uint256 indexed proposalId, address indexed voter, uint32 approvals, uint32 requiredVotes);
    /// @notice `voter` rejected the proposal; `rejections` of the `electorate` active when it was proposed so far.
    event ProposalRejected(uint256 indexed proposalId, address indexed voter, uint32 rejections, uint32 electorate);
    /// @notice So many members rejected the proposal that it can no longer reach its threshold; an applicant's escrow went back to it.
    event ProposalDefeated(uint256 indexed proposalId, ProposalKind kind, address indexed subject);
    /// @notice `account` now answers at `endpoint` with the certificate whose SHA-256 is `certificateFingerprint`.
    event NodeContactSet(address indexed account, string endpoint, bytes32 certificateFingerprint);
    /// @notice The proposal reached its threshold and took effect.
    event ProposalExecuted(uint256 indexed proposalId, ProposalKind kind, address indexed subject);
    /// @notice The applicant withdrew its application and its escrowed stake.
    event ApplicationWithdrawn(uint256 indexed proposalId, address indexed applicant, uint256 stake);
    /// @notice The coordinator role moved to another member.
    event CoordinatorTransferred(address indexed previousCoordinator, address indexed newCoordinator);
    /// @notice `proposer` proposed registering (or removing) grid party `account`.
    event GridPartyProposed(uint256 indexed proposalId, address indexed account, string name, bool registration, address indexed proposer);
    /// @notice The members registered `account` as a grid party: dispatch events may answer its signed requests.
    event GridPartyRegistered(address indexed account, string name);
    /// @notice The members removed grid party `account`: no new dispatch event may answer its requests.
    event GridPartyRemoved(address indexed account);
    /// @notice A ledger took `amount` of `member`'s stake (burned) for `reason` in round or dispatch event `ref`.
    event MemberSlashed(address indexed member, address indexed ledger, uint256 amount, uint8 reason, uint256 ref);
    /// @notice `proposer` proposed `amount` as the reward pool per round.
    event RewardPoolProposed(uint256 indexed proposalId, uint256 amount, address indexed proposer);
    /// @notice The reward pool per round changed from `previousAmount` to `amount`; rounds opened from now on use it.
    event RewardPoolChanged(uint256 indexed proposalId, uint256 previousAmount, uint256 amount);
    /// @notice `accused` disputed its accusation for round `roundId`; members other than it and the coordinator vote
    /// on reversing it until `votingEndsAt`.
    event ReversalVoteOpened(uint256 indexed proposalId, address indexed accused, uint256 indexed roundId, uint64 votingEndsAt);
    /// @notice Applies to join as `role`, escrowing `stake` tokens from the caller (approve them first); they become the
    /// member's stake on admission and go back on withdrawal or rejection.
    /// @dev Roles Operator, Automaker or Auditor; admitted when enough active members approve.
    /// @param name A display name.
    /// @param role The role asked for.
    /// @param stake At least minStake().
    /// @return proposalId The admission proposal.
    function applyForMembership(string calldata name, Role role, uint256 stake) external returns (uint256 proposalId);

    /// @notice The name an applicant applied under in admission proposal `proposalId`; empty for other proposals.
    /// @param proposalId The proposal.
    /// @return The name.
    function applicantName(uint256 proposalId) external view returns (string memory);

    /// @notice The pending admission proposal of `applicant`.
    /// @param applicant The account.
    /// @return The proposal id, zero when it has no pending application.
    function pendingApplicationOf(address applicant) external view returns (uint256);

    /// @notice Proposes registering `account` as a grid party named `name`, whose signed flexibility requests dispatch
    /// events may then answer. A grid party holds no stake and has no vote; it needs no tokens or ether, as it only signs.
    /// @dev Only active members; `account` must not be a member, an applicant or a registered grid party.
    /// @return proposalId The registration proposal.
    function proposeGridParty(address account, string calldata name) external returns (uint256 proposalId);

    /// @notice Proposes removing grid party `account`.
    /// @dev Only active members.
    /// @return proposalId The removal proposal.
    function proposeGridPartyRemoval(address account) external returns (uint256 proposalId);

    /// @notice Tells whether `account` is a registered grid party.
    function isGridParty(address account) external view returns (bool);

    /// @notice The name a grid party was registered with; empty for other accounts.
    function gridPartyName(address account) external view returns (string memory);

    /// @notice Every registered grid party.
    function gridParties() external view returns (address[] memory);

    /// @notice Proposes the active member `candidate` as the next coordinator.
    /// @dev Only active members; the previous coordinator takes over the candidate's former role.
    /// @param candidate The member proposed.
    /// @return proposalId The rotation proposal.
    function proposeCoordinator(address candidate) external returns (uint256 proposalId);

    /// @notice Proposes `amount` as the reward pool per round: the most a round opened after it takes effect can pay.
    /// @dev Only active members; adopted like any proposal, by the approval that reaches the threshold.
    /// @param amount Tokens per round in the token's smallest unit; below 2^96.
    /// @return proposalId The proposal.
    function proposeRewardPool(uint256 amount) external returns (uint256 proposalId);

    /// @notice Opens the vote on reversing `accused`'s accusation for round `roundId`, open until `votingEndsAt`; its
    /// electorate is the active members other than the accused and the coordinator.
    /// @dev Only the round ledger, when the accused disputes.
    /// @param accused The accused member.
    /// @param roundId The round.
    /// @param votingEndsAt Unix time after which votes are refused.
    /// @return proposalId The reversal proposal.
    function openReversalVote(address accused, uint256 roundId, uint64 votingEndsAt) external returns (uint256 proposalId);

    /// @notice The reward pool per round: what a round opened now may pay at most.
    /// @return The amount in the token's smallest unit.
    function rewardPoolPerRound() external view returns (uint96);

    /// @notice The amount reward-pool proposal `proposalId` proposes; zero for other proposals.
    /// @param proposalId The proposal.
    /// @return The amount.
    function proposedRewardPool(uint256 proposalId) external view returns (uint256);

    /// @notice The round and voting deadline of reversal proposal `proposalId`; zeros for other proposals.
    /// @param proposalId The proposal.
    /// @return roundId The round of the disputed accusation.
    /// @return votingEndsAt Unix time after which votes are refused.
    function reversalVoteOf(uint256 proposalId) external view returns (uint256 roundId, uint64 votingEndsAt);

    /// @notice Approves proposal `proposalId`; it takes effect in the vote that reaches its threshold.
    /// @dev Only active members, once each; on a reversal, not the accused nor the coordinator, by its deadline.
    /// @param proposalId The proposal.
    function vote(uint256 proposalId) external;

    /// @notice Rejects proposal `proposalId`; it is defeated in the rejection after which the members who have not rejected
    /// it, of those active when it was proposed, are fewer than its threshold. A defeated application's escrow goes back
    /// to the applicant.
    /// @dev Only active members, once each (a member either approves or rejects); on a reversal, as for vote. A defeated
    /// reversal upholds the accusation.
    /// @param proposalId The proposal.
    function reject(uint256 proposalId) external;

    /// @notice Withdraws the caller's pending application and returns its escrowed stake.
    /// @param proposalId The admission proposal.
    function withdrawApplication(uint256 proposalId) external;

    /// @notice Publishes where the caller's node answers and the fingerprint of the certificate it presents, replacing
    /// any earlier contact (a certificate rotation).
    /// @dev Active and leaving members, and applicants with a pending application; the fingerprint must not have been
    /// published by another account.
    /// @param endpoint host:port of the node's gRPC service, 1 to MAX_ENDPOINT_LENGTH bytes.
    /// @param certificateFingerprint SHA-256 of the DER-encoded TLS certificate; not zero.
    function setNodeContact(string calldata endpoint, bytes32 certificateFingerprint) external;

    /// @notice Announces that the caller leaves; it stops contributing and voting at once, its stake stays slashable
    /// until the notice period ends.
    function announceExit() external;

    /// @notice Returns a leaving member's remaining stake once the notice period has ended, and removes it.
    function withdrawStake() external;

    /// @notice Adds `amount` tokens (approve them first) to the caller's stake, e.g. after a slash.
    /// @param amount The tokens added, in the token's smallest unit.
    function topUpStake(uint256 amount) external;

    /// @notice Takes up to `amount` of `member`'s stake and burns it.
    /// @dev Only the registry's ledgers, which slash only members that committed to one of their entries.
    /// @param member The member.
    /// @param amount The tokens to take; capped at the member's stake.
    /// @param reason The ledger's reason code.
    /// @param ref The round or dispatch event the slash is for.
    /// @return taken The tokens actually taken.
    function slash(address member, uint256 amount, uint8 reason, uint256 ref) external returns (uint256 taken);

    /// @notice Adds one settled round with `score` to `member`'s reputation.
    /// @dev Only the registry's ledgers, for members that committed to the round.
    /// @param member The member.
    /// @param score The member's fixed-point score in that round.
    function recordContribution(address member, int256 score) external;

    /// @notice Mints `amount` reward tokens to `to`.
    /// @dev Only the registry's ledgers; the round ledger mints each round's pool to itself.
    /// @param to The receiver.
    /// @param amount The amount in the token's smallest unit.
    function mintRewards(address to, uint256 amount) external;

    /// @notice Tells whether `account` is an active member (not leaving, not left).
    /// @param account The account.
    /// @return True for an active member.
    function isMember(address account) external view returns (bool);

    /// @notice The membership record of `account`; all zero for an account never admitted.
    /// @param account The account.
    /// @return The record.
    function memberOf(address account) external view returns (Member memory);

    /// @notice The display name `account` was admitted with.
    /// @param account A member or former member; reverts with MemberRegistry_NotMember for others.
    /// @return The display name.
    function memberName(address account) external view returns (string memory);

    /// @notice The ledgers' record of `account`.
    /// @param account The account.
    /// @return The reputation.
    function reputationOf(address account) external view returns (Reputation memory);

    /// @notice The permanent number of `account` (memberOf(account).number), read from the slot its contributions are
    /// recorded in, so a reward claim reads and writes one registry slot.
    /// @param account The account.
    /// @return The number, zero for an account never admitted.
    function memberNumber(address account) external view returns (uint32);

    /// @notice Active and leaving members, in no particular order.
    /// @return The members' accounts.
    function members() external view returns (address[] memory);

    /// @notice Where `account`'s node answers and the certificate fingerprint it published; empty when it published none.
    /// @param account The account.
    /// @return The contact.
    function nodeContactOf(address account) external view returns (NodeContact memory);

    /// @notice The longest endpoint setNodeContact takes, in bytes.
    /// @return The limit.
    function MAX_ENDPOINT_LENGTH() external view returns (uint256);

    /// @notice The account that published `certificateFingerprint`, zero when none did; a fingerprint belongs to one
    /// account for good.
    /// @param certificateFingerprint SHA-256 of a DER-encoded certificate.
    /// @return The account.
    function fingerprintHolder(bytes32 certificateFingerprint) external view returns (address);

    /// @notice The proposal `proposalId`; reverts with MemberRegistry_UnknownProposal for an unknown id.
    /// @param proposalId The proposal.
    /// @return The proposal.
    function getProposal(uint256 proposalId) external view returns (Proposal memory);

    /// @notice Whether `voter` approved proposal `proposalId`.
    /// @param proposalId The proposal.
    /// @param voter The member.
    /// @return True once it voted.
    function hasVoted(uint256 proposalId, address voter) external view returns (bool);

    /// @notice The id of the most recent proposal, zero before the first.
    /// @return The proposal id.
    function latestProposalId() external view returns (uint256);

    /// @notice The member allowed to open and finalize rounds and dispatch events.
    /// @return The coordinator's account.
    function coordinator() external view returns (address);

    /// @notice The stake an applicant escrows and a contributor must hold.
    /// @return The minimum stake in the token's smallest unit.
    function minStake() external view returns (uint256);

    /// @notice The share of active members whose approval admits an applicant or installs a coordinator.
    /// @return The threshold in basis points.
    function admissionThresholdBps() external view returns (uint16);

    /// @notice How long a leaving member's stake stays slashable before it can be withdrawn.
    /// @return The notice period in seconds.
    function exitNoticePeriod() external view returns (uint64);

    /// @notice The tokens the registry holds as members' stakes (escrowed applications excluded).
    /// @return The total stake.
    function totalStaked() external view returns (uint256);

    /// @notice The tokens the registry holds for pending applications.
    /// @return The total escrow.
    function totalEscrowed() external view returns (uint256);

    /// @notice The consortium token the registry created and alone mints.
    /// @return The token's address.
    function token() external view returns (address);

    /// @notice The round ledger the registry created.
    /// @return The RoundLedger's address.
    function roundLedger() external view returns (address);

    /// @notice The dispatch ledger the registry created.
    /// @return The DispatchLedger's address.
    function dispatchLedger() external view returns (address);
}
