// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {CoordinatedLedger} from "./CoordinatedLedger.sol";
import {IMemberRegistry} from "./interfaces/IMemberRegistry.sol";
import {IRoundLedger} from "./interfaces/IRoundLedger.sol";

/// @title Federated learning round ledger
/// @notice Records each training round: the model it started from, every member's update hash, the aggregated model,
/// a Merkle commitment to the members' scores and rewards, and who was excluded and why. The coordinator's gas per
/// round does not grow with the number of members: each member claims its own reward with a proof.
contract RoundLedger is CoordinatedLedger, IRoundLedger {
    /// @dev A round as stored; getRound returns it as a Round. What a commit reads and writes (status, commit deadline,
    /// count) shares one slot, and what a claim reads and writes (pool, claimed, the finalization block, which is non-zero
    /// exactly for finalized rounds) another, so each reads one slot of the round besides the reward root. The pool is
    /// stored in 96 bits: up to 79 billion tokens a round.
    struct RoundRecord {
        bytes32 globalModelHash;
        bytes32 newModelHash;
        bytes32 rewardRoot;
        bytes32 scoreTableHash;
        bytes32 exclusionsHash;
        uint64 commitDeadline;
        uint64 finalizeDeadline;
        uint64 openedAtBlock;
        uint32 commitCount;
        RoundStatus status;
        bool exclusionsEnforced;
        bool secureAggregation;
        uint96 rewardPool;
        uint96 rewardClaimed;
        uint64 finalizedAtBlock;
        uint32 scoredMembers;
        uint32 excludedMembers;
        uint96 rewardCap;
        uint32 task;
    }

    uint16 private constant _BPS = 10_000;

    /// @inheritdoc IRoundLedger
    uint256 public constant MAX_STATEMENT_LENGTH = 280;

    IERC20 private immutable _token;
    uint256 private immutable _minStake;
    uint16 private immutable _maliciousSlashBps;
    uint16 private immutable _nonDeliverySlashBps;
    uint64 private immutable _challengeWindow;

    mapping(uint256 roundId => RoundRecord round) private _rounds;
    mapping(uint256 roundId => mapping(address member => bytes32 updateHash)) private _updateHashes;
    /// @dev Claimed flags by the member's permanent registry number, 256 members per word. Numbers start at 1, so bit 0
    /// of word 0 is set at finalization: every claim then rewrites a live word instead of creating one.
    mapping(uint256 roundId => mapping(uint256 word => uint256 bits)) private _claimedBits;
    mapping(uint256 roundId => mapping(address member => Accusation accusation)) private _accusations;

    /// @notice Binds the ledger to the registry and its token, with the slash rates for excluded members.
    /// @dev The registry creates the ledger in its own constructor, so nothing here may call it.
    /// @param registry The registry whose members commit and whose coordinator runs rounds.
    /// @param token The registry's token, in which rewards are paid.
    /// @param minStake_ The registry's minimum stake, which a contributor must hold.
    /// @param maliciousSlashBps_ The share of its stake (basis points) a member excluded as malicious loses.
    /// @param nonDeliverySlashBps_ The share a member that committed but sent no valid update loses; at most the former.
    /// @param challengeWindow_ Seconds an accused member has to dispute, and members then have to vote; at least 1.
    constructor(
        IMemberRegistry registry,
        IERC20 token,
        uint256 minStake_,
        uint16 maliciousSlashBps_,
        uint16 nonDeliverySlashBps_,
        uint64 challengeWindow_
    ) CoordinatedLedger(registry) {
        if (maliciousSlashBps_ > _BPS || nonDeliverySlashBps_ > maliciousSlashBps_) {
            revert RoundLedger_InvalidSlashRates(maliciousSlashBps_, nonDeliverySlashBps_);
        }
        if (challengeWindow_ == 0) revert RoundLedger_InvalidChallengeWindow(challengeWindow_);
        _challengeWindow = challengeWindow_;
        _token = token;
        _minStake = minStake_;
        _maliciousSlashBps = maliciousSlashBps_;
        _nonDeliverySlashBps = nonDeliverySlashBps_;
    }

    /// @inheritdoc IRoundLedger
    function openRound(
        uint32 task,
        bytes32 globalModelHash,
        uint64 commitDeadline,
        uint64 finalizeDeadline,
        bool secureAggregation
    ) external onlyCoordinator returns (uint256 roundId) {
        if (task == 0) revert RoundLedger_UnknownTask(task);
        Schedule memory schedule;
        (roundId, schedule) = _openEntry(globalModelHash, commitDeadline, finalizeDeadline);
        RoundRecord storage round = _rounds[roundId];
        round.globalModelHash = globalModelHash;
        round.commitDeadline = schedule.firstDeadline;
        round.finalizeDeadline = schedule.secondDeadline;
        round.openedAtBlock = schedule.openedAtBlock;
        round.status = RoundStatus.Open;
        round.secureAggregation = secureAggregation;
        round.task = task;
        // The pool governance sets when the round opens is what it can pay: a later change does not apply to it.
        round.rewardCap = _memberRegistry().rewardPoolPerRound();
        emit RoundOpened(roundId, task, globalModelHash, commitDeadline, finalizeDeadline, secureAggregation);
    }

    /// @inheritdoc IRoundLedger
    function commitUpdate(uint256 roundId, bytes32 updateHash) external {
        _requireContributor(msg.sender);
        RoundRecord storage round = _openRound(roundId);
        if (block.timestamp > round.commitDeadline) revert RoundLedger_DeadlinePassed(roundId, round.commitDeadline);
        if (updateHash == bytes32(0)) revert CoordinatedLedger_ZeroHash();
        mapping(address member => bytes32 updateHash) storage hashes = _updateHashes[roundId];
        if (hashes[msg.sender] != bytes32(0)) revert RoundLedger_AlreadyCommitted(roundId, msg.sender);
        hashes[msg.sender] = updateHash;
        round.commitCount += 1;
        emit UpdateCommitted(roundId, msg.sender, updateHash);
    }

    /// @inheritdoc IRoundLedger
    function finalizeRound(
        uint256 roundId,
        bytes32 newModelHash,
        bytes32 rewardRoot,
        bytes32 scoreTableHash,
        uint256 rewardPool,
        uint32 scoredMembers,
        address[] calldata excludedMembers,
        ExclusionReason[] calldata reasons
    ) external onlyCoordinator {
        RoundRecord storage round = _openRound(roundId);
        if (block.timestamp > round.finalizeDeadline) revert RoundLedger_FinalizeDeadlinePassed(roundId, round.finalizeDeadline);
        if (newModelHash == bytes32(0) || (rewardPool != 0 && rewardRoot == bytes32(0))) revert CoordinatedLedger_ZeroHash();
        if (rewardPool > round.rewardCap) revert RoundLedger_RewardPoolAboveCap(roundId, rewardPool, round.rewardCap);
        bytes32 exclusionsHash = _checkExclusions(roundId, excludedMembers, reasons);
        round.newModelHash = newModelHash;
        round.rewardRoot = rewardRoot;
        round.scoreTableHash = scoreTableHash;
        round.exclusionsHash = exclusionsHash;
        round.status = RoundStatus.Finalized;
        round.rewardPool = SafeCast.toUint96(rewardPool);
        round.finalizedAtBlock = SafeCast.toUint64(block.number);
        round.scoredMembers = scoredMembers;
        uint32 excludedCount = SafeCast.toUint32(excludedMembers.length);
        round.excludedMembers = excludedCount;
        if (scoredMembers != 0) _claimedBits[roundId][0] = 1;
        emit RoundFinalized(roundId, newModelHash, rewardRoot, scoreTableHash, rewardPool, scoredMembers, excludedCount);
        if (excludedMembers.length != 0) emit MembersExcluded(roundId, excludedMembers, reasons);
        if (rewardPool != 0) _memberRegistry().mintRewards(address(this), rewardPool);
    }

    /// @inheritdoc IRoundLedger
    function enforceExclusions(uint256 roundId, address[] calldata excludedMembers, ExclusionReason[] calldata reasons)
        external
    {
        RoundRecord storage round = _finalizedRound(roundId);
        if (round.exclusionsEnforced) revert RoundLedger_ExclusionsAlreadyEnforced(roundId);
        if (round.exclusionsHash == bytes32(0) || keccak256(abi.encode(excludedMembers, reasons)) != round.exclusionsHash) {
            revert RoundLedger_ExclusionsMismatch(roundId);
        }
        round.exclusionsEnforced = true;
        // Each member is listed once and loses a share of its own stake only, so every slash is known before any is taken.
        uint256[] memory amounts = new uint256[](excludedMembers.length);
        uint256 totalSlashed;
        for (uint256 i = 0; i < excludedMembers.length; ++i) {
            uint256 bps = _slashRate(reasons[i]);
            if (bps != 0) amounts[i] = _memberRegistry().memberOf(excludedMembers[i]).stake * bps / _BPS;
            totalSlashed += amounts[i];
        }
        emit ExclusionsEnforced(roundId, totalSlashed);
        for (uint256 i = 0; i < excludedMembers.length; ++i) {
            if (_slashRate(reasons[i]) != 0) _slash(roundId, excludedMembers[i], reasons[i], amounts[i]);
        }
    }

    /// @inheritdoc IRoundLedger
    function claimReward(uint256 roundId, address member, int256 score, uint256 reward, bytes32[] calldata proof)
        external
    {
        RoundRecord storage round = _finalizedRound(roundId);
        if (_updateHashes[roundId][member] == bytes32(0)) revert RoundLedger_NotCommitted(roundId, member);
        uint256 number = _memberRegistry().memberNumber(member);
        uint256 bit = 1 << (number & 0xff);
        mapping(uint256 word => uint256 bits) storage claimed = _claimedBits[roundId];
        uint256 bits = claimed[number >> 8];
        if (bits & bit != 0) revert RoundLedger_AlreadyClaimed(roundId, member);
        bytes32 leaf = keccak256(abi.encode(roundId, member, score, reward));
        if (!MerkleProof.verifyCalldata(proof, round.rewardRoot, leaf)) revert RoundLedger_InvalidProof(roundId, member);
        uint256 claimedAfter = round.rewardClaimed + reward;
        if (claimedAfter > round.rewardPool) revert RoundLedger_PoolExceeded(roundId, round.rewardPool, claimedAfter);
        claimed[number >> 8] = bits | bit;
        round.rewardClaimed = SafeCast.toUint96(claimedAfter);
        emit RewardClaimed(roundId, member, score, reward);
        _memberRegistry().recordContribution(member, score);
        // The token is the consortium's own OpenZeppelin ERC-20: it reverts rather than return false.
        if (reward != 0) _token.transfer(member, reward);
    }

    /// @inheritdoc IRoundLedger
    function accuse(
        uint256 roundId,
        address member,
        Evidence calldata evidence,
        address[] calldata excludedMembers,
        ExclusionReason[] calldata reasons
    ) external onlyCoordinator {
        _checkEvidence(roundId, member, evidence, excludedMembers, reasons);
        Accusation storage accusation = _accusations[roundId][member];
        if (accusation.status != AccusationStatus.None) revert RoundLedger_AlreadyAccused(roundId, member);
        uint64 challengeEndsAt = SafeCast.toUint64(block.timestamp + _challengeWindow);
        accusation.updateHash = evidence.updateHash;
        accusation.documentHash = evidence.documentHash;
        accusation.reasonCode = evidence.reasonCode;
        accusation.status = AccusationStatus.Pending;
        accusation.challengeEndsAt = challengeEndsAt;
        emit MemberAccused(
            roundId, member, evidence.updateHash, evidence.reasonCode, evidence.documentHash, evidence.reasonText, challengeEndsAt
        );
    }

    /// @inheritdoc IRoundLedger
    function dispute(uint256 roundId, string calldata statement) external {
        Accusation storage accusation = _accusations[roundId][msg.sender];
        AccusationStatus status = accusation.status;
        if (status == AccusationStatus.None) revert RoundLedger_NoAccusation(roundId, msg.sender);
        if (status == AccusationStatus.Disputed) revert RoundLedger_AlreadyDisputed(roundId, msg.sender);
        if (status != AccusationStatus.Pending) revert RoundLedger_AccusationSettled(roundId, msg.sender, status);
        if (block.timestamp > accusation.challengeEndsAt) {
            revert RoundLedger_ChallengeWindowClosed(roundId, msg.sender, accusation.challengeEndsAt);
        }
        uint256 length = bytes(statement).length;
        if (length == 0 || length > MAX_STATEMENT_LENGTH) revert RoundLedger_InvalidStatement(length, MAX_STATEMENT_LENGTH);
        uint64 voteEndsAt = SafeCast.toUint64(block.timestamp + _challengeWindow);
        accusation.status = AccusationStatus.Disputed;
        accusation.voteEndsAt = voteEndsAt;
        emit AccusationDisputed(roundId, msg.sender, statement, voteEndsAt);
        accusation.reversalProposalId = SafeCast.toUint64(_memberRegistry().openReversalVote(msg.sender, roundId, voteEndsAt));
    }

    /// @inheritdoc IRoundLedger
    function settleAccusation(uint256 roundId, address member) external returns (uint256 slashed) {
        Accusation storage accusation = _accusations[roundId][member];
        AccusationStatus status = accusation.status;
        if (status == AccusationStatus.None) revert RoundLedger_NoAccusation(roundId, member);
        if (status != AccusationStatus.Pending && status != AccusationStatus.Disputed) {
            revert RoundLedger_AccusationSettled(roundId, member, status);
        }
        if (block.timestamp <= accusation.challengeEndsAt) {
            revert RoundLedger_ChallengeWindowOpen(roundId, member, accusation.challengeEndsAt);
        }
        AccusationStatus outcome = AccusationStatus.Upheld;
        if (status == AccusationStatus.Disputed) {
            uint256 proposalId = accusation.reversalProposalId;
            IMemberRegistry.ProposalStatus vote = _memberRegistry().getProposal(proposalId).status;
            if (vote == IMemberRegistry.ProposalStatus.Executed) {
                outcome = AccusationStatus.Reversed;
            } else if (vote == IMemberRegistry.ProposalStatus.Pending) {
                if (block.timestamp <= accusation.voteEndsAt) {
                    revert RoundLedger_DisputeVoteOpen(roundId, member, proposalId, accusation.voteEndsAt);
                }
                // An undecided dispute does not slash: a member that objects loses its stake only if its peers agree.
                outcome = AccusationStatus.Lapsed;
            }
        }
        if (outcome == AccusationStatus.Upheld) {
            slashed = _memberRegistry().memberOf(member).stake * _maliciousSlashBps / _BPS;
            accusation.slashed = SafeCast.toUint128(slashed);
        }
        accusation.status = outcome;
        emit AccusationSettled(roundId, member, outcome, slashed);
        if (outcome == AccusationStatus.Upheld) _slash(roundId, member, ExclusionReason.Malicious, slashed);
    }

    /// @inheritdoc IRoundLedger
    function getAccusation(uint256 roundId, address member) external view returns (Accusation memory) {
        return _accusations[roundId][member];
    }

    /// @inheritdoc IRoundLedger
    function challengeWindow() external view returns (uint64) {
        return _challengeWindow;
    }

    /// @inheritdoc IRoundLedger
    function abandonRound(uint256 roundId) external {
        RoundRecord storage round = _openRound(roundId);
        if (block.timestamp <= round.finalizeDeadline) {
            revert RoundLedger_FinalizeDeadlineNotPassed(roundId, round.finalizeDeadline);
        }
        round.status = RoundStatus.Abandoned;
        emit RoundAbandoned(roundId);
    }

    /// @inheritdoc IRoundLedger
    function getRound(uint256 roundId) external view returns (Round memory result) {
        RoundRecord storage round = _knownRound(roundId);
        result.globalModelHash = round.globalModelHash;
        result.newModelHash = round.newModelHash;
        result.rewardRoot = round.rewardRoot;
        result.scoreTableHash = round.scoreTableHash;
        result.exclusionsHash = round.exclusionsHash;
        result.commitDeadline = round.commitDeadline;
        result.finalizeDeadline = round.finalizeDeadline;
        result.openedAtBlock = round.openedAtBlock;
        result.commitCount = round.commitCount;
        result.status = round.status;
        result.exclusionsEnforced = round.exclusionsEnforced;
        result.rewardPool = round.rewardPool;
        result.rewardClaimed = round.rewardClaimed;
        result.finalizedAtBlock = round.finalizedAtBlock;
        result.scoredMembers = round.scoredMembers;
        result.excludedMembers = round.excludedMembers;
        result.secureAggregation = round.secureAggregation;
        result.rewardCap = round.rewardCap;
        result.task = round.task;
    }

    /// @inheritdoc IRoundLedger
    function getCommitment(uint256 roundId, address member) external view returns (bytes32 updateHash, bool claimed) {
        _knownRound(roundId);
        updateHash = _updateHashes[roundId][member];
        uint256 number = _memberRegistry().memberNumber(member);
        claimed = number != 0 && (_claimedBits[roundId][number >> 8] & (1 << (number & 0xff))) != 0;
    }

    /// @inheritdoc IRoundLedger
    function latestRoundId() external view returns (uint256) {
        return _latestId();
    }

    /// @inheritdoc IRoundLedger
    function rewardToken() external view returns (address) {
        return address(_token);
    }

    /// @inheritdoc IRoundLedger
    function slashRates() external view returns (uint16 maliciousBps, uint16 nonDeliveryBps) {
        return (_maliciousSlashBps, _nonDeliverySlashBps);
    }

    /// @dev The one place an exclusion costs a member part of its stake; `amount` never exceeds the stake.
    function _slash(uint256 roundId, address member, ExclusionReason reason, uint256 amount) private {
        _memberRegistry().slash(member, amount, uint8(reason), roundId);
    }

    /// @dev The share of its stake (basis points) an exclusion for `reason` costs at once: a malicious update costs
    /// nothing here, only through an accusation that went through its challenge window.
    function _slashRate(ExclusionReason reason) private view returns (uint256) {
        if (reason == ExclusionReason.NotDelivered || reason == ExclusionReason.InvalidUpdate) return _nonDeliverySlashBps;
        return 0;
    }

    /// @dev Checks an accusation's evidence: the round finalized and not too long ago, the member excluded as malicious
    /// in it, the update hash its commitment, and a reason given.
    function _checkEvidence(
        uint256 roundId,
        address member,
        Evidence calldata evidence,
        address[] calldata excludedMembers,
        ExclusionReason[] calldata reasons
    ) private view {
        RoundRecord storage round = _finalizedRound(roundId);
        uint256 lateAfter = uint256(round.finalizeDeadline) + _challengeWindow;
        if (block.timestamp > lateAfter) revert RoundLedger_AccusationTooLate(roundId, lateAfter);
        if (keccak256(abi.encode(excludedMembers, reasons)) != round.exclusionsHash) revert RoundLedger_ExclusionsMismatch(roundId);
        if (!_excludedAsMalicious(member, excludedMembers, reasons)) revert RoundLedger_NotExcludedAsMalicious(roundId, member);
        bytes32 committed = _updateHashes[roundId][member];
        if (evidence.updateHash != committed) revert RoundLedger_EvidenceMismatch(roundId, member, evidence.updateHash, committed);
        if (evidence.reasonCode == 0) revert RoundLedger_MissingReasonCode(roundId, member);
        uint256 length = bytes(evidence.reasonText).length;
        if (length > MAX_STATEMENT_LENGTH || (length == 0 && evidence.documentHash == bytes32(0))) {
            revert RoundLedger_InvalidStatement(length, MAX_STATEMENT_LENGTH);
        }
    }

    /// @dev Whether `member` is on the (finalized, hence sorted) exclusion list with the reason Malicious.
    function _excludedAsMalicious(address member, address[] calldata excludedMembers, ExclusionReason[] calldata reasons)
        private
        pure
        returns (bool)
    {
        for (uint256 i = 0; i < excludedMembers.length; ++i) {
            if (excludedMembers[i] == member) return reasons[i] == ExclusionReason.Malicious;
        }
        return false;
    }

    /// @dev Checks each exclusion against the member's commit and returns the hash the list is committed under.
    function _checkExclusions(uint256 roundId, address[] calldata excludedMembers, ExclusionReason[] calldata reasons)
        private
        view
        returns (bytes32)
    {
        if (excludedMembers.length != reasons.length) revert RoundLedger_LengthMismatch(excludedMembers.length, reasons.length);
        if (excludedMembers.length == 0) return bytes32(0);
        mapping(address member => bytes32 updateHash) storage hashes = _updateHashes[roundId];
        address previous = address(0);
        for (uint256 i = 0; i < excludedMembers.length; ++i) {
            address member = excludedMembers[i];
            if (member <= previous) revert RoundLedger_ExclusionsNotSorted(i);
            previous = member;
            ExclusionReason reason = reasons[i];
            bool committed = hashes[member] != bytes32(0);
            if (reason == ExclusionReason.None || (reason == ExclusionReason.MissedDeadline) == committed) {
                revert RoundLedger_InvalidExclusion(roundId, member, reason);
            }
        }
        return keccak256(abi.encode(excludedMembers, reasons));
    }

    function _requireContributor(address account) private view {
        IMemberRegistry.Member memory member = _memberRegistry().memberOf(account);
        if (member.status != IMemberRegistry.MemberStatus.Active) revert RoundLedger_NotMember(account);
        if (member.role != IMemberRegistry.Role.Operator && member.role != IMemberRegistry.Role.Automaker) {
            revert RoundLedger_NotContributor(account, uint8(member.role));
        }
        if (member.stake < _minStake) revert RoundLedger_StakeBelowMinimum(account, member.stake, _minStake);
    }

    function _knownRound(uint256 roundId) private view returns (RoundRecord storage round) {
        _requireKnown(roundId);
        round = _rounds[roundId];
    }

    function _openRound(uint256 roundId) private view returns (RoundRecord storage round) {
        _requireOpen(roundId);
        round = _rounds[roundId];
    }

    /// @dev A finalized round, recognised by its finalization block so that a claim reads no other slot of it.
    function _finalizedRound(uint256 roundId) private view returns (RoundRecord storage round) {
        round = _rounds[roundId];
        if (round.finalizedAtBlock == 0) {
            _requireKnown(roundId);
            revert RoundLedger_NotFinalized(roundId);
        }
    }

    /// @dev A finalized or abandoned round is closed.
    function _phaseOf(uint256 roundId) internal view override returns (Phase) {
        RoundStatus status = _rounds[roundId].status;
        if (status == RoundStatus.None) return Phase.None;
        return status == RoundStatus.Open ? Phase.Open : Phase.Closed;
    }
}
