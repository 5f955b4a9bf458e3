// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {DispatchLedger} from "./DispatchLedger.sol";
import {IMemberRegistry} from "./interfaces/IMemberRegistry.sol";
import {RewardToken} from "./RewardToken.sol";
import {RoundLedger} from "./RoundLedger.sol";

/// @title Consortium member registry
/// @notice Who belongs to the consortium and with what stake. Founding members are set at deployment, each staked
/// with a founding allocation the registry mints; later members apply with a stake and are admitted when a threshold
/// of active members approves; members leave after a notice period and take back what is left of their stake.
/// The registry creates the consortium token and both ledgers, and is the token's only minter: the ledgers ask it for
/// reward tokens. Nobody keeps special rights after deployment.
contract MemberRegistry is IMemberRegistry {
    /// @dev What the registry keeps about a member besides its Member record, in the slot a ledger's claim reads (the
    /// number, which Member repeats for memberOf) and writes (the contributions). Admission writes it, so even a member's
    /// first claim rewrites a live slot.
    struct Standing {
        uint32 number;
        uint64 memberSince;
        uint32 roundsContributed;
        int128 totalScore;
    }

    /// @dev The accusation a reversal proposal is about, and when its vote closes.
    struct ReversalVote {
        uint256 roundId;
        uint64 votingEndsAt;
    }

    /// @dev What the ledgers took from a member's stake.
    struct SlashRecord {
        uint32 slashCount;
        uint128 slashedAmount;
    }

    uint16 private constant _BPS = 10_000;

    /// @inheritdoc IMemberRegistry
    uint256 public constant MAX_ENDPOINT_LENGTH = 255;

    RewardToken private immutable _token;
    address private immutable _roundLedger;
    address private immutable _dispatchLedger;
    uint256 private immutable _minStake;
    uint16 private immutable _admissionThresholdBps;
    uint64 private immutable _exitNoticePeriod;

    address private _coordinator;
    uint32 private _memberCount;
    uint32 private _activeCount;
    uint256 private _latestProposalId;
    uint256 private _totalStaked;
    uint256 private _totalEscrowed;
    uint96 private _rewardPoolPerRound;

    mapping(address account => Member member) private _members;
    mapping(address account => string name) private _nameOf;
    mapping(address account => Standing standing) private _standings;
    mapping(address account => SlashRecord record) private _slashRecords;
    /// @dev One past the member's position in `_memberList`; zero for accounts not listed.
    mapping(address account => uint256 position) private _positionOf;
    mapping(address applicant => uint256 proposalId) private _pendingApplication;
    mapping(uint256 proposalId => Proposal proposal) private _proposals;
    mapping(uint256 proposalId => string name) private _applicantName;
    mapping(uint256 proposalId => mapping(address voter => bool voted)) private _votes;
    mapping(address account => NodeContact contact) private _contacts;
    /// @dev Who published each certificate fingerprint; a fingerprint names one account only, so a peer presenting the
    /// certificate is never ambiguous. It stays reserved after its account replaced it or left.
    mapping(bytes32 fingerprint => address account) private _fingerprintHolder;
    address[] private _memberList;
    mapping(address account => string name) private _gridPartyNames;
    /// @dev One past the grid party's position in `_gridPartyList`; zero for other accounts.
    mapping(address account => uint256 position) private _gridPartyPosition;
    address[] private _gridPartyList;
    mapping(uint256 proposalId => uint256 amount) private _proposedRewardPool;
    mapping(uint256 proposalId => ReversalVote reversal) private _reversalVotes;

    /// @notice Creates the token and the two ledgers, admits the founding members with a minted founding stake each and
    /// mints the treasury's allocation, from which applicants can be funded.
    /// @dev Creating the ledgers here makes their addresses immutable, so checking that a caller is one of them reads no
    /// storage; it also leaves no window in which the registry exists without its ledgers.
    /// @param founders The founding members' accounts; exactly one has the Coordinator role.
    /// @param names Their display names.
    /// @param roles Their roles.
    /// @param minStake_ The stake an applicant escrows and a contributor must hold.
    /// @param admissionThresholdBps_ The share of active members (basis points) whose approval carries a proposal.
    /// @param exitNoticePeriod_ Seconds between announcing an exit and withdrawing the stake.
    /// @param treasury The account receiving `treasuryAllocation`; may be zero when the allocation is zero.
    /// @param treasuryAllocation Tokens minted to the treasury.
    /// @param roundRules The round ledger's slash rates and challenge window, and the initial reward pool per round.
    constructor(
        address[] memory founders,
        string[] memory names,
        Role[] memory roles,
        uint256 minStake_,
        uint16 admissionThresholdBps_,
        uint64 exitNoticePeriod_,
        address treasury,
        uint256 treasuryAllocation,
        RoundRules memory roundRules
    ) {
        if (admissionThresholdBps_ == 0 || admissionThresholdBps_ > _BPS) {
            revert MemberRegistry_InvalidThreshold(admissionThresholdBps_);
        }
        if (founders.length == 0 || names.length != founders.length || roles.length != founders.length) {
            revert MemberRegistry_InvalidFounders(founders.length, names.length, roles.length);
        }
        RewardToken token_ = new RewardToken(address(this));
        _token = token_;
        _roundLedger = address(
            new RoundLedger(
                IMemberRegistry(address(this)),
                IERC20(address(token_)),
                minStake_,
                roundRules.maliciousSlashBps,
                roundRules.nonDeliverySlashBps,
                roundRules.challengeWindow
            )
        );
        _dispatchLedger = address(new DispatchLedger(IMemberRegistry(address(this))));
        _minStake = minStake_;
        _admissionThresholdBps = admissionThresholdBps_;
        _exitNoticePeriod = exitNoticePeriod_;
        _rewardPoolPerRound = SafeCast.toUint96(roundRules.initialRewardPool);
        emit RewardPoolChanged(0, 0, roundRules.initialRewardPool);
        uint256 coordinators;
        for (uint256 i = 0; i < founders.length; ++i) {
            if (roles[i] == Role.Coordinator) {
                ++coordinators;
                _setCoordinator(founders[i]);
            }
            _admit(founders[i], names[i], roles[i], minStake_);
        }
        if (coordinators != 1) revert MemberRegistry_InvalidFounders(founders.length, names.length, roles.length);
        if (treasuryAllocation != 0 && treasury == address(0)) revert MemberRegistry_ZeroAddress();
        token_.mint(address(this), minStake_ * founders.length);
        if (treasuryAllocation != 0) token_.mint(treasury, treasuryAllocation);
    }

    modifier onlyActiveMember() {
        if (_members[msg.sender].status != MemberStatus.Active) revert MemberRegistry_NotMember(msg.sender);
        _;
    }

    modifier onlyLedger() {
        if (msg.sender != _roundLedger && msg.sender != _dispatchLedger) revert MemberRegistry_NotLedger(msg.sender);
        _;
    }

    /// @inheritdoc IMemberRegistry
    function applyForMembership(string calldata name, Role role, uint256 stake) external returns (uint256 proposalId) {
        if (bytes(name).length == 0) revert MemberRegistry_EmptyName();
        if (stake < _minStake) revert MemberRegistry_StakeTooLow(stake, _minStake);
        if (role == Role.None || role == Role.Coordinator) revert MemberRegistry_InvalidRole(role);
        if (_members[msg.sender].status != MemberStatus.None) revert MemberRegistry_AlreadyMember(msg.sender);
        if (_gridPartyPosition[msg.sender] != 0) revert MemberRegistry_GridPartyIsMember(msg.sender);
        uint256 pending = _pendingApplication[msg.sender];
        if (pending != 0) revert MemberRegistry_ApplicationPending(msg.sender, pending);
        proposalId = _propose(ProposalKind.Admission, msg.sender, role);
        Proposal storage proposal = _proposals[proposalId];
        proposal.escrow = SafeCast.toUint128(stake);
        _applicantName[proposalId] = name;
        _pendingApplication[msg.sender] = proposalId;
        _totalEscrowed += stake;
        emit MembershipApplied(proposalId, msg.sender, name, role, stake);
        _pullTokens(msg.sender, stake);
    }

    /// @inheritdoc IMemberRegistry
    function proposeCoordinator(address candidate) external onlyActiveMember returns (uint256 proposalId) {
        if (_members[candidate].status != MemberStatus.Active) revert MemberRegistry_NotMember(candidate);
        if (candidate == _coordinator) revert MemberRegistry_AlreadyCoordinator(candidate);
        proposalId = _propose(ProposalKind.CoordinatorRotation, candidate, Role.Coordinator);
        emit CoordinatorProposed(proposalId, candidate, msg.sender);
    }

    /// @inheritdoc IMemberRegistry
    function proposeGridParty(address account, string calldata name) external onlyActiveMember returns (uint256 proposalId) {
        if (account == address(0)) revert MemberRegistry_ZeroAddress();
        if (bytes(name).length == 0) revert MemberRegistry_EmptyName();
        if (_gridPartyPosition[account] != 0) revert MemberRegistry_AlreadyGridParty(account);
        if (_members[account].status != MemberStatus.None || _pendingApplication[account] != 0) {
            revert MemberRegistry_GridPartyIsMember(account);
        }
        proposalId = _propose(ProposalKind.GridPartyRegistration, account, Role.None);
        _applicantName[proposalId] = name;
        emit GridPartyProposed(proposalId, account, name, true, msg.sender);
    }

    /// @inheritdoc IMemberRegistry
    function proposeGridPartyRemoval(address account) external onlyActiveMember returns (uint256 proposalId) {
        if (_gridPartyPosition[account] == 0) revert MemberRegistry_NotGridParty(account);
        proposalId = _propose(ProposalKind.GridPartyRemoval, account, Role.None);
        emit GridPartyProposed(proposalId, account, _gridPartyNames[account], false, msg.sender);
    }

    /// @inheritdoc IMemberRegistry
    function proposeRewardPool(uint256 amount) external onlyActiveMember returns (uint256 proposalId) {
        if (SafeCast.toUint96(amount) == _rewardPoolPerRound) revert MemberRegistry_RewardPoolUnchanged(amount);
        proposalId = _propose(ProposalKind.RewardPool, msg.sender, Role.None);
        _proposedRewardPool[proposalId] = amount;
        emit RewardPoolProposed(proposalId, amount, msg.sender);
    }

    /// @inheritdoc IMemberRegistry
    function openReversalVote(address accused, uint256 roundId, uint64 votingEndsAt)
        external
        returns (uint256 proposalId)
    {
        if (msg.sender != _roundLedger) revert MemberRegistry_NotLedger(msg.sender);
        // The accuser (the coordinator) and the accused are parties, not judges.
        uint256 electorate = _activeCount;
        if (_members[accused].status == MemberStatus.Active) electorate -= 1;
        if (accused != _coordinator) electorate -= 1;
        proposalId = _proposeAmong(ProposalKind.AccusationReversal, accused, Role.None, electorate);
        _reversalVotes[proposalId] = ReversalVote({roundId: roundId, votingEndsAt: votingEndsAt});
        emit ReversalVoteOpened(proposalId, accused, roundId, votingEndsAt);
    }

    /// @inheritdoc IMemberRegistry
    function vote(uint256 proposalId) external onlyActiveMember {
        Proposal storage proposal = _pendingProposal(proposalId);
        if (_votes[proposalId][msg.sender]) revert MemberRegistry_AlreadyVoted(proposalId, msg.sender);
        if (proposal.kind == ProposalKind.AccusationReversal) _requireReversalVoter(proposalId, proposal);
        _votes[proposalId][msg.sender] = true;
        uint32 approvals = proposal.approvals + 1;
        proposal.approvals = approvals;
        emit ProposalApproved(proposalId, msg.sender, approvals, proposal.requiredVotes);
        if (approvals >= proposal.requiredVotes) _execute(proposalId, proposal);
    }

    /// @inheritdoc IMemberRegistry
    function reject(uint256 proposalId) external onlyActiveMember {
        Proposal storage proposal = _pendingProposal(proposalId);
        if (_votes[proposalId][msg.sender]) revert MemberRegistry_AlreadyVoted(proposalId, msg.sender);
        if (proposal.kind == ProposalKind.AccusationReversal) _requireReversalVoter(proposalId, proposal);
        _votes[proposalId][msg.sender] = true;
        uint32 rejections = proposal.rejections + 1;
        proposal.rejections = rejections;
        emit ProposalRejected(proposalId, msg.sender, rejections, proposal.electorate);
        if (uint256(rejections) + proposal.requiredVotes > proposal.electorate) _defeat(proposalId, proposal);
    }

    /// @inheritdoc IMemberRegistry
    function withdrawApplication(uint256 proposalId) external {
        Proposal storage proposal = _pendingProposal(proposalId);
        if (proposal.kind != ProposalKind.Admission || proposal.subject != msg.sender) {
            revert MemberRegistry_NotApplicant(proposalId, msg.sender);
        }
        uint256 escrow = proposal.escrow;
        proposal.status = ProposalStatus.Withdrawn;
        proposal.escrow = 0;
        delete _pendingApplication[msg.sender];
        _totalEscrowed -= escrow;
        emit ApplicationWithdrawn(proposalId, msg.sender, escrow);
        _sendTokens(msg.sender, escrow);
    }

    /// @inheritdoc IMemberRegistry
    function setNodeContact(string calldata endpoint, bytes32 certificateFingerprint) external {
        MemberStatus status = _members[msg.sender].status;
        if (status != MemberStatus.Active && status != MemberStatus.Leaving && _pendingApplication[msg.sender] == 0) {
            revert MemberRegistry_NotMember(msg.sender);
        }
        uint256 length = bytes(endpoint).length;
        if (length == 0 || length > MAX_ENDPOINT_LENGTH || certificateFingerprint == bytes32(0)) {
            revert MemberRegistry_InvalidContact(length, certificateFingerprint);
        }
        address holder = _fingerprintHolder[certificateFingerprint];
        if (holder == address(0)) {
            _fingerprintHolder[certificateFingerprint] = msg.sender;
        } else if (holder != msg.sender) {
            revert MemberRegistry_FingerprintTaken(certificateFingerprint, holder);
        }
        _contacts[msg.sender] = NodeContact({certificateFingerprint: certificateFingerprint, endpoint: endpoint});
        emit NodeContactSet(msg.sender, endpoint, certificateFingerprint);
    }

    /// @inheritdoc IMemberRegistry
    function announceExit() external onlyActiveMember {
        if (msg.sender == _coordinator) revert MemberRegistry_CoordinatorCannotLeave(msg.sender);
        Member storage member = _members[msg.sender];
        uint64 availableAt = SafeCast.toUint64(block.timestamp) + _exitNoticePeriod;
        member.status = MemberStatus.Leaving;
        member.exitAvailableAt = availableAt;
        _activeCount -= 1;
        emit ExitAnnounced(msg.sender, availableAt);
    }

    /// @inheritdoc IMemberRegistry
    function withdrawStake() external {
        Member storage member = _members[msg.sender];
        if (member.status != MemberStatus.Leaving) revert MemberRegistry_NotLeaving(msg.sender);
        if (block.timestamp < member.exitAvailableAt) {
            revert MemberRegistry_NoticePeriodRunning(msg.sender, member.exitAvailableAt, block.timestamp);
        }
        uint256 stake = member.stake;
        member.stake = 0;
        member.status = MemberStatus.Left;
        member.exitAvailableAt = 0;
        _totalStaked -= stake;
        _unlist(msg.sender);
        emit MemberRemoved(msg.sender, stake);
        _sendTokens(msg.sender, stake);
    }

    /// @inheritdoc IMemberRegistry
    function topUpStake(uint256 amount) external onlyActiveMember {
        if (amount == 0) revert MemberRegistry_ZeroAmount();
        Member storage member = _members[msg.sender];
        uint128 stake = member.stake + SafeCast.toUint128(amount);
        member.stake = stake;
        _totalStaked += amount;
        emit StakeIncreased(msg.sender, amount, stake);
        _pullTokens(msg.sender, amount);
    }

    /// @inheritdoc IMemberRegistry
    function slash(address account, uint256 amount, uint8 reason, uint256 ref) external onlyLedger returns (uint256 taken) {
        // The ledgers slash only accounts that committed to one of their entries, which only members can.
        Member storage member = _members[account];
        taken = amount < member.stake ? amount : member.stake;
        uint128 taken128 = SafeCast.toUint128(taken);
        member.stake -= taken128;
        _totalStaked -= taken;
        SlashRecord storage record = _slashRecords[account];
        record.slashCount += 1;
        record.slashedAmount += taken128;
        emit MemberSlashed(account, msg.sender, taken, reason, ref);
        if (taken != 0) _token.burn(taken);
    }

    /// @inheritdoc IMemberRegistry
    function recordContribution(address account, int256 score) external onlyLedger {
        // The round ledger records only members that committed, so the one slot a claim touches here is the standing.
        Standing memory standing = _standings[account];
        standing.roundsContributed += 1;
        standing.totalScore += SafeCast.toInt128(score);
        _standings[account] = standing;
    }

    /// @inheritdoc IMemberRegistry
    function mintRewards(address to, uint256 amount) external onlyLedger {
        _token.mint(to, amount);
    }

    /// @inheritdoc IMemberRegistry
    function isGridParty(address account) external view returns (bool) {
        return _gridPartyPosition[account] != 0;
    }

    /// @inheritdoc IMemberRegistry
    function gridPartyName(address account) external view returns (string memory) {
        return _gridPartyNames[account];
    }

    /// @inheritdoc IMemberRegistry
    function gridParties() external view returns (address[] memory) {
        return _gridPartyList;
    }

    /// @inheritdoc IMemberRegistry
    function rewardPoolPerRound() external view returns (uint96) {
        return _rewardPoolPerRound;
    }

    /// @inheritdoc IMemberRegistry
    function proposedRewardPool(uint256 proposalId) external view returns (uint256) {
        return _proposedRewardPool[proposalId];
    }

    /// @inheritdoc IMemberRegistry
    function reversalVoteOf(uint256 proposalId) external view returns (uint256 roundId, uint64 votingEndsAt) {
        ReversalVote storage reversal = _reversalVotes[proposalId];
        return (reversal.roundId, reversal.votingEndsAt);
    }

    /// @inheritdoc IMemberRegistry
    function isMember(address account) external view returns (bool) {
        return _members[account].status == MemberStatus.Active;
    }

    /// @inheritdoc IMemberRegistry
    function memberOf(address account) external view returns (Member memory) {
        return _members[account];
    }

    /// @inheritdoc IMemberRegistry
    function memberName(address account) external view returns (string memory) {
        if (_members[account].status == MemberStatus.None) revert MemberRegistry_NotMember(account);
        return _nameOf[account];
    }

    /// @inheritdoc IMemberRegistry
    function reputationOf(address account) external view returns (Reputation memory) {
        Standing storage standing = _standings[account];
        SlashRecord storage record = _slashRecords[account];
        return Reputation({
            roundsContributed: standing.roundsContributed,
            totalScore: standing.totalScore,
            slashCount: record.slashCount,
            memberSince: standing.memberSince,
            slashedAmount: record.slashedAmount
        });
    }

    /// @inheritdoc IMemberRegistry
    function memberNumber(address account) external view returns (uint32) {
        return _standings[account].number;
    }

    /// @inheritdoc IMemberRegistry
    function applicantName(uint256 proposalId) external view returns (string memory) {
        return _applicantName[proposalId];
    }

    /// @inheritdoc IMemberRegistry
    function pendingApplicationOf(address applicant) external view returns (uint256) {
        return _pendingApplication[applicant];
    }

    /// @inheritdoc IMemberRegistry
    function fingerprintHolder(bytes32 certificateFingerprint) external view returns (address) {
        return _fingerprintHolder[certificateFingerprint];
    }

    /// @inheritdoc IMemberRegistry
    function nodeContactOf(address account) external view returns (NodeContact memory) {
        return _contacts[account];
    }

    /// @inheritdoc IMemberRegistry
    function members() external view returns (address[] memory) {
        return _memberList;
    }

    /// @inheritdoc IMemberRegistry
    function getProposal(uint256 proposalId) external view returns (Proposal memory) {
        Proposal storage proposal = _proposals[proposalId];
        if (proposal.kind == ProposalKind.None) revert MemberRegistry_UnknownProposal(proposalId);
        return proposal;
    }

    /// @inheritdoc IMemberRegistry
    function hasVoted(uint256 proposalId, address voter) external view returns (bool) {
        return _votes[proposalId][voter];
    }

    /// @inheritdoc IMemberRegistry
    function latestProposalId() external view returns (uint256) {
        return _latestProposalId;
    }

    /// @inheritdoc IMemberRegistry
    function coordinator() external view returns (address) {
        return _coordinator;
    }

    /// @inheritdoc IMemberRegistry
    function minStake() external view returns (uint256) {
        return _minStake;
    }

    /// @inheritdoc IMemberRegistry
    function admissionThresholdBps() external view returns (uint16) {
        return _admissionThresholdBps;
    }

    /// @inheritdoc IMemberRegistry
    function exitNoticePeriod() external view returns (uint64) {
        return _exitNoticePeriod;
    }

    /// @inheritdoc IMemberRegistry
    function totalStaked() external view returns (uint256) {
        return _totalStaked;
    }

    /// @inheritdoc IMemberRegistry
    function totalEscrowed() external view returns (uint256) {
        return _totalEscrowed;
    }

    /// @inheritdoc IMemberRegistry
    function token() external view returns (address) {
        return address(_token);
    }

    /// @inheritdoc IMemberRegistry
    function roundLedger() external view returns (address) {
        return _roundLedger;
    }

    /// @inheritdoc IMemberRegistry
    function dispatchLedger() external view returns (address) {
        return _dispatchLedger;
    }

    /// @dev The one place an account becomes a member.
    function _admit(address account, string memory name, Role role, uint256 stake) private {
        if (account == address(0)) revert MemberRegistry_ZeroAddress();
        if (bytes(name).length == 0) revert MemberRegistry_EmptyName();
        if (role == Role.None) revert MemberRegistry_InvalidRole(role);
        Member storage member = _members[account];
        if (member.status != MemberStatus.None) revert MemberRegistry_AlreadyMember(account);
        uint32 number = ++_memberCount;
        member.role = role;
        member.status = MemberStatus.Active;
        member.number = number;
        member.stake = SafeCast.toUint128(stake);
        _nameOf[account] = name;
        _standings[account] =
            Standing({number: number, memberSince: SafeCast.toUint64(block.timestamp), roundsContributed: 0, totalScore: 0});
        _memberList.push(account);
        _positionOf[account] = _memberList.length;
        _activeCount += 1;
        _totalStaked += stake;
        emit MemberRegistered(account, name, role, stake);
    }

    /// @dev A proposal all of today's active members vote on.
    function _propose(ProposalKind kind, address subject, Role role) private returns (uint256 proposalId) {
        proposalId = _proposeAmong(kind, subject, role, _activeCount);
    }

    /// @dev The one place a proposal is created; its threshold is fixed against its electorate as it is today.
    function _proposeAmong(ProposalKind kind, address subject, Role role, uint256 electorate)
        private
        returns (uint256 proposalId)
    {
        proposalId = ++_latestProposalId;
        uint256 required = (electorate * _admissionThresholdBps + _BPS - 1) / _BPS;
        Proposal storage proposal = _proposals[proposalId];
        proposal.kind = kind;
        proposal.status = ProposalStatus.Pending;
        proposal.subject = subject;
        proposal.role = role;
        proposal.requiredVotes = required == 0 ? 1 : SafeCast.toUint32(required);
        proposal.electorate = SafeCast.toUint32(electorate);
    }

    /// @dev Reverts unless the caller may vote on reversal `proposalId` now.
    function _requireReversalVoter(uint256 proposalId, Proposal storage proposal) private view {
        if (msg.sender == proposal.subject || msg.sender == _coordinator) {
            revert MemberRegistry_IneligibleVoter(proposalId, msg.sender);
        }
        uint64 votingEndsAt = _reversalVotes[proposalId].votingEndsAt;
        if (block.timestamp > votingEndsAt) revert MemberRegistry_VotingClosed(proposalId, votingEndsAt);
    }

    function _defeat(uint256 proposalId, Proposal storage proposal) private {
        proposal.status = ProposalStatus.Rejected;
        address subject = proposal.subject;
        uint256 escrow = proposal.escrow;
        if (proposal.kind == ProposalKind.Admission) {
            proposal.escrow = 0;
            delete _pendingApplication[subject];
            _totalEscrowed -= escrow;
        }
        emit ProposalDefeated(proposalId, proposal.kind, subject);
        if (escrow != 0) _sendTokens(subject, escrow);
    }

    function _execute(uint256 proposalId, Proposal storage proposal) private {
        proposal.status = ProposalStatus.Executed;
        address subject = proposal.subject;
        emit ProposalExecuted(proposalId, proposal.kind, subject);
        if (proposal.kind == ProposalKind.Admission) {
            uint256 escrow = proposal.escrow;
            proposal.escrow = 0;
            delete _pendingApplication[subject];
            _totalEscrowed -= escrow;
            _admit(subject, _applicantName[proposalId], proposal.role, escrow);
        } else if (proposal.kind == ProposalKind.GridPartyRegistration) {
            // Registered only if nothing changed while the proposal was pending.
            if (_gridPartyPosition[subject] != 0) revert MemberRegistry_AlreadyGridParty(subject);
            if (_members[subject].status != MemberStatus.None || _pendingApplication[subject] != 0) {
                revert MemberRegistry_GridPartyIsMember(subject);
            }
            string memory name = _applicantName[proposalId];
            _gridPartyNames[subject] = name;
            _gridPartyList.push(subject);
            _gridPartyPosition[subject] = _gridPartyList.length;
            emit GridPartyRegistered(subject, name);
        } else if (proposal.kind == ProposalKind.GridPartyRemoval) {
            uint256 position = _gridPartyPosition[subject];
            if (position == 0) revert MemberRegistry_NotGridParty(subject);
            address last = _gridPartyList[_gridPartyList.length - 1];
            _gridPartyList[position - 1] = last;
            _gridPartyPosition[last] = position;
            _gridPartyList.pop();
            delete _gridPartyPosition[subject];
            delete _gridPartyNames[subject];
            emit GridPartyRemoved(subject);
        } else if (proposal.kind == ProposalKind.RewardPool) {
            uint256 previous = _rewardPoolPerRound;
            uint256 amount = _proposedRewardPool[proposalId];
            _rewardPoolPerRound = SafeCast.toUint96(amount);
            emit RewardPoolChanged(proposalId, previous, amount);
        } else if (proposal.kind == ProposalKind.CoordinatorRotation) {
            if (_members[subject].status != MemberStatus.Active) revert MemberRegistry_NotMember(subject);
            address previous = _coordinator;
            _members[previous].role = _members[subject].role;
            _members[subject].role = Role.Coordinator;
            _setCoordinator(subject);
        }
        // An executed AccusationReversal changes nothing here: the round ledger reads the outcome when it settles.
    }

    function _setCoordinator(address newCoordinator) private {
        address previous = _coordinator;
        _coordinator = newCoordinator;
        emit CoordinatorTransferred(previous, newCoordinator);
    }

    function _unlist(address account) private {
        uint256 position = _positionOf[account];
        address last = _memberList[_memberList.length - 1];
        _memberList[position - 1] = last;
        _positionOf[last] = position;
        _memberList.pop();
        delete _positionOf[account];
    }

    function _pendingProposal(uint256 proposalId) private view returns (Proposal storage proposal) {
        proposal = _proposals[proposalId];
        if (proposal.kind == ProposalKind.None) revert MemberRegistry_UnknownProposal(proposalId);
        if (proposal.status != ProposalStatus.Pending) revert MemberRegistry_ProposalNotPending(proposalId);
    }

    function _pullTokens(address from, uint256 amount) private {
        // The token is the registry's own OpenZeppelin ERC-20: it reverts rather than return false.
        _token.transferFrom(from, address(this), amount);
    }

    function _sendTokens(address to, uint256 amount) private {
        if (amount != 0) _token.transfer(to, amount);
    }
}
