// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/// @title Federated learning round ledger
/// @notice Errors, events and entry points of the on-chain record of training rounds.
interface IRoundLedger {
    /// @notice Where a round is in its lifecycle; None marks an id that was never opened.
    enum RoundStatus {
        None,
        Open,
        Finalized
    }

    /// @notice The caller is not the coordinator.
    error Rounds_NotCoordinator(address caller);
    /// @notice The account is not a registered member.
    error Rounds_NotMember(address account);
    /// @notice No round with this id was ever opened.
    error Rounds_UnknownRound(uint256 roundId);
    /// @notice The round was already finalized.
    error Rounds_RoundClosed(uint256 roundId);
    /// @notice The round's commit deadline has passed.
    error Rounds_DeadlinePassed(uint256 roundId, uint64 deadline);
    /// @notice A new round's deadline must lie after the current block's timestamp.
    error Rounds_DeadlineNotInFuture(uint64 deadline, uint256 blockTimestamp);
    /// @notice A model or update hash cannot be zero.
    error Rounds_ZeroHash();
    /// @notice The member already committed an update in this round.
    error Rounds_AlreadyCommitted(uint256 roundId, address member);
    /// @notice The member did not commit an update in this round, so it cannot be scored.
    error Rounds_NotCommitted(uint256 roundId, address member);
    /// @notice The member appears twice in one finalization.
    error Rounds_AlreadyScored(uint256 roundId, address member);
    /// @notice The members, scores and rewards arrays differ in length.
    error Rounds_LengthMismatch(uint256 members, uint256 scores, uint256 rewards);
    /// @notice The score does not fit the ledger's 128-bit storage.
    error Rounds_ScoreOutOfRange(int256 score);
    /// @notice The zero address cannot coordinate.
    error Rounds_ZeroAddress();

    /// @notice The coordinator opened a round on the global model with hash `globalModelHash`.
    event RoundOpened(uint256 indexed roundId, bytes32 globalModelHash, uint64 deadline);
    /// @notice `member` committed the hash of its local update for the round.
    event UpdateCommitted(uint256 indexed roundId, address indexed member, bytes32 updateHash);
    /// @notice The coordinator scored `member`'s contribution and paid it `reward` tokens.
    event MemberScored(uint256 indexed roundId, address indexed member, int256 score, uint256 reward);
    /// @notice The coordinator closed the round with the aggregated model `newModelHash`.
    event RoundFinalized(uint256 indexed roundId, bytes32 newModelHash, uint256 scoredMembers, uint256 totalReward);
    /// @notice The coordinator role moved to another account.
    event CoordinatorTransferred(address indexed previousCoordinator, address indexed newCoordinator);

    /// @notice Opens a new round on the global model `globalModelHash`; members may commit until `deadline`.
    /// @dev Only the coordinator; round ids start at 1 and increase by one.
    /// @param globalModelHash Keccak-256 of the serialized global model members start from.
    /// @param deadline Unix time (seconds) after which commits are refused.
    /// @return roundId The new round's id.
    function openRound(bytes32 globalModelHash, uint64 deadline) external returns (uint256 roundId);

    /// @notice Commits the hash of the caller's local update for round `roundId`, once per round.
    /// @dev Only registered members, only while the round is open and before its deadline.
    /// @param roundId The round.
    /// @param updateHash Keccak-256 of the serialized update the member sends to the coordinator.
    function commitUpdate(uint256 roundId, bytes32 updateHash) external;

    /// @notice Closes round `roundId` with the aggregated model, records each member's score and mints its reward.
    /// @dev Only the coordinator; every scored member must have committed in this round, each at most once.
    /// @param roundId The round.
    /// @param newModelHash Keccak-256 of the serialized aggregated model.
    /// @param scoredMembers Members whose contribution was scored.
    /// @param scores Fixed-point scores (scaled by 1e6), negative when a member's update hurt the model.
    /// @param rewards Reward token amounts (in the token's smallest unit) minted to each member.
    function finalizeRound(
        uint256 roundId,
        bytes32 newModelHash,
        address[] calldata scoredMembers,
        int256[] calldata scores,
        uint256[] calldata rewards
    ) external;

    /// @notice Hands the coordinator role to `newCoordinator`.
    /// @dev Only the current coordinator.
    /// @param newCoordinator The next coordinator's account.
    function transferCoordinator(address newCoordinator) external;

    /// @notice The state of round `roundId`; reverts with Rounds_UnknownRound for an id never opened.
    /// @param roundId The round.
    /// @return status Open or Finalized.
    /// @return globalModelHash The model the round started from.
    /// @return newModelHash The aggregated model, zero until finalized.
    /// @return deadline Unix time after which commits are refused.
    /// @return commitCount How many members committed.
    /// @return openedAtBlock The block the round was opened in.
    /// @return finalizedAtBlock The block the round was finalized in, zero until then.
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
        );

    /// @notice What `member` committed in round `roundId` and how it was scored.
    /// @param roundId The round.
    /// @param member The member.
    /// @return updateHash The committed hash, zero when the member did not commit.
    /// @return committedAtBlock The block of the commit, zero when the member did not commit.
    /// @return scored Whether the finalization scored this member.
    /// @return score The member's fixed-point score (scaled by 1e6).
    /// @return reward The tokens minted to the member for this round.
    function getCommitment(uint256 roundId, address member)
        external
        view
        returns (bytes32 updateHash, uint64 committedAtBlock, bool scored, int256 score, uint256 reward);

    /// @notice The id of the most recently opened round, zero before the first.
    /// @return The round id.
    function latestRoundId() external view returns (uint256);

    /// @notice The account allowed to open and finalize rounds.
    /// @return The coordinator's account.
    function coordinator() external view returns (address);

    /// @notice The registry whose members may commit.
    /// @return The registry's address.
    function memberRegistry() external view returns (address);

    /// @notice The token rewards are minted in.
    /// @return The token's address.
    function rewardToken() external view returns (address);
}
