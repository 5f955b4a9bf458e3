// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IMemberRegistry} from "./interfaces/IMemberRegistry.sol";
import {IRoundLedger} from "./interfaces/IRoundLedger.sol";
import {RewardToken} from "./RewardToken.sol";

/// @title Federated learning round ledger
/// @notice Records each training round: the model it started from, every member's update hash,
/// the aggregated model, the members' scores; mints their rewards in the consortium's token.
contract RoundLedger is IRoundLedger {
    struct Round {
        bytes32 globalModelHash;
        bytes32 newModelHash;
        uint64 deadline;
        uint64 openedAtBlock;
        uint64 finalizedAtBlock;
        uint32 commitCount;
        RoundStatus status;
    }

    struct Commitment {
        bytes32 updateHash;
        uint64 committedAtBlock;
        bool scored;
        int128 score;
        uint256 reward;
    }

    IMemberRegistry private immutable _registry;
    RewardToken private immutable _token;
    address private _coordinator;
    uint256 private _latestRoundId;

    mapping(uint256 roundId => Round round) private _rounds;
    mapping(uint256 roundId => mapping(address member => Commitment commitment)) private _commitments;

    /// @notice Creates the ledger and its reward token; the deployer becomes the coordinator.
    /// @param registry The registry whose members may commit.
    constructor(IMemberRegistry registry) {
        if (address(registry) == address(0)) revert Rounds_ZeroAddress();
        _registry = registry;
        _token = new RewardToken(address(this));
        _setCoordinator(msg.sender);
    }

    modifier onlyCoordinator() {
        if (msg.sender != _coordinator) revert Rounds_NotCoordinator(msg.sender);
        _;
    }

    /// @inheritdoc IRoundLedger
    function openRound(bytes32 globalModelHash, uint64 deadline) external onlyCoordinator returns (uint256 roundId) {
        if (globalModelHash == bytes32(0)) revert Rounds_ZeroHash();
        if (deadline <= block.timestamp) revert Rounds_DeadlineNotInFuture(deadline, block.timestamp);
        roundId = ++_latestRoundId;
        Round storage round = _rounds[roundId];
        round.globalModelHash = globalModelHash;
        round.deadline = deadline;
        round.openedAtBlock = uint64(block.number);
        round.status = RoundStatus.Open;
        emit RoundOpened(roundId, globalModelHash, deadline);
    }

    /// @inheritdoc IRoundLedger
    function commitUpdate(uint256 roundId, bytes32 updateHash) external {
        if (!_registry.isMember(msg.sender)) revert Rounds_NotMember(msg.sender);
        Round storage round = _openRound(roundId);
        if (block.timestamp > round.deadline) revert Rounds_DeadlinePassed(roundId, round.deadline);
        if (updateHash == bytes32(0)) revert Rounds_ZeroHash();
        Commitment storage commitment = _commitments[roundId][msg.sender];
        if (commitment.updateHash != bytes32(0)) revert Rounds_AlreadyCommitted(roundId, msg.sender);
        commitment.updateHash = updateHash;
        commitment.committedAtBlock = uint64(block.number);
        round.commitCount += 1;
        emit UpdateCommitted(roundId, msg.sender, updateHash);
    }

    /// @inheritdoc IRoundLedger
    function finalizeRound(
        uint256 roundId,
        bytes32 newModelHash,
        address[] calldata scoredMembers,
        int256[] calldata scores,
        uint256[] calldata rewards
    ) external onlyCoordinator {
        Round storage round = _openRound(roundId);
        if (newModelHash == bytes32(0)) revert Rounds_ZeroHash();
        uint256 count = scoredMembers.length;
        if (scores.length != count || rewards.length != count) {
            revert Rounds_LengthMismatch(count, scores.length, rewards.length);
        }
        round.newModelHash = newModelHash;
        round.finalizedAtBlock = uint64(block.number);
        round.status = RoundStatus.Finalized;
        uint256 totalReward;
        for (uint256 i = 0; i < count; ++i) {
            _score(roundId, scoredMembers[i], scores[i], rewards[i]);
            totalReward += rewards[i];
        }
        emit RoundFinalized(roundId, newModelHash, count, totalReward);
    }

    /// @inheritdoc IRoundLedger
    function transferCoordinator(address newCoordinator) external onlyCoordinator {
        if (newCoordinator == address(0)) revert Rounds_ZeroAddress();
        _setCoordinator(newCoordinator);
    }

    /// @inheritdoc IRoundLedger
    function getRound(uint256 roundId)
        external
        view
        returns (
            RoundStatus status,
            bytes32 globalModelHash,
            bytes32 newModelHash,
            uint64 deadline,
            uint32 commitCount,
            uint64 openedAtBlock,
            uint64 finalizedAtBlock
        )
    {
        Round storage round = _knownRound(roundId);
        return (
            round.status,
            round.globalModelHash,
            round.newModelHash,
            round.deadline,
            round.commitCount,
            round.openedAtBlock,
            round.finalizedAtBlock
        );
    }

    /// @inheritdoc IRoundLedger
    function getCommitment(uint256 roundId, address member)
        external
        view
        returns (bytes32 updateHash, uint64 committedAtBlock, bool scored, int256 score, uint256 reward)
    {
        _knownRound(roundId);
        Commitment storage commitment = _commitments[roundId][member];
        return (
            commitment.updateHash,
            commitment.committedAtBlock,
            commitment.scored,
            commitment.score,
            commitment.reward
        );
    }

    /// @inheritdoc IRoundLedger
    function latestRoundId() external view returns (uint256) {
        return _latestRoundId;
    }

    /// @inheritdoc IRoundLedger
    function coordinator() external view returns (address) {
        return _coordinator;
    }

    /// @inheritdoc IRoundLedger
    function memberRegistry() external view returns (address) {
        return address(_registry);
    }

    /// @inheritdoc IRoundLedger
    function rewardToken() external view returns (address) {
        return address(_token);
    }

    /// @dev The one place a member's score and reward are recorded and its tokens minted.
    function _score(uint256 roundId, address member, int256 score, uint256 reward) private {
        Commitment storage commitment = _commitments[roundId][member];
        if (commitment.updateHash == bytes32(0)) revert Rounds_NotCommitted(roundId, member);
        if (commitment.scored) revert Rounds_AlreadyScored(roundId, member);
        if (score > type(int128).max || score < type(int128).min) revert Rounds_ScoreOutOfRange(score);
        commitment.scored = true;
        commitment.score = int128(score);
        if (reward != 0) {
            commitment.reward = reward;
            _token.mint(member, reward);
        }
        emit MemberScored(roundId, member, score, reward);
    }

    function _setCoordinator(address newCoordinator) private {
        address previous = _coordinator;
        _coordinator = newCoordinator;
        emit CoordinatorTransferred(previous, newCoordinator);
    }

    function _knownRound(uint256 roundId) private view returns (Round storage round) {
        round = _rounds[roundId];
        if (round.status == RoundStatus.None) revert Rounds_UnknownRound(roundId);
    }

    function _openRound(uint256 roundId) private view returns (Round storage round) {
        round = _knownRound(roundId);
        if (round.status != RoundStatus.Open) revert Rounds_RoundClosed(roundId);
    }
}
