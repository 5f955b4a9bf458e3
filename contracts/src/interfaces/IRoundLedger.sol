// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ICoordinatedLedger} from "./ICoordinatedLedger.sol";

/// @title Federated learning round ledger
/// @notice Errors, events and entry points of the on-chain record of training rounds: commitments to the members'
/// updates, the aggregated model, a Merkle commitment to every member's score and reward that members claim against,
/// and the members excluded from a round with the reason. A member excluded for not delivering is slashed at once; one
/// excluded as malicious only through an accusation with evidence, after a challenge window in which it can dispute and
/// the other members can reverse it. What a round pays is bounded by the governance pool snapshot at its opening. A round is an entry of
/// the coordinated ledger: unknown or closed rounds, the coordinator's rights, zero hashes and the deadlines a round is
/// opened with revert with the CoordinatedLedger_ errors.
interface IRoundLedger is ICoordinatedLedger {
    /// @notice Where a round is in its lifecycle; None marks an id that was never opened.
    enum RoundStatus {
        None,
        Open,
        Finalized,
        Abandoned
    }

    /// @notice Why the coordinator left a member out of a round. MissedDeadline: it committed nothing in time (no
    /// slash). NotDelivered and InvalidUpdate: it committed but sent no usable update (the smaller slash). Malicious:
    /// its update was judged an attack (the larger slash).
    enum ExclusionReason {
        None,
        MissedDeadline,
        NotDelivered,
        InvalidUpdate,
        Malicious
    }

    /// @notice Where an accusation of a malicious update is. Pending: inside its challenge window, undisputed. Disputed:
    /// the accused objected and the members vote on reversing it. Upheld: the slash was taken. Reversed: the members
    /// reversed it; it never slashes. Lapsed: the dispute vote reached no decision by its deadline; it never slashes.
    enum AccusationStatus {
        None,
        Pending,
        Disputed,
        Upheld,
        Reversed,
        Lapsed
    }

    /// @notice What the coordinator lays on chain when it accuses a member of a malicious update.
    /// @param updateHash The update hash the member committed in the round; must equal its commitment.
    /// @param reasonCode The coordinator's own code for what it found (non-zero; e.g. 1 = norm above bound).
    /// @param documentHash Hash of a reason document kept off chain (e.g. the validator's report), or zero.
    /// @param reasonText A short statement of the reason (at most MAX_STATEMENT_LENGTH bytes); emitted, not stored.
    struct Evidence {
        bytes32 updateHash;
        uint8 reasonCode;
        bytes32 documentHash;
        string reasonText;
    }

    /// @notice An accusation as the ledger stores it.
    /// @param updateHash The committed update hash the accusation names.
    /// @param documentHash The hash of the coordinator's reason document, zero when it gave only a text.
    /// @param reasonCode The coordinator's reason code.
    /// @param status Where the accusation is.
    /// @param challengeEndsAt Unix time until which the accused may dispute; the slash is possible only after it.
    /// @param voteEndsAt Unix time until which members may vote on reversing a disputed accusation, zero when undisputed.
    /// @param reversalProposalId The registry proposal on reversing it, zero when undisputed.
    /// @param slashed Tokens taken from the accused's stake when it was upheld.
    struct Accusation {
        bytes32 updateHash;
        bytes32 documentHash;
        uint8 reasonCode;
        AccusationStatus status;
        uint64 challengeEndsAt;
        uint64 voteEndsAt;
        uint64 reversalProposalId;
        uint128 slashed;
    }

    /// @notice A round as the ledger stores it.
    /// @param globalModelHash The model the round started from.
    /// @param newModelHash The aggregated model, zero until finalized.
    /// @param rewardRoot Merkle root over keccak256(abi.encode(roundId, member, score, reward)) with sorted pairs.
    /// @param scoreTableHash keccak256(abi.encode(roundId, members, scores, rewards)) of the full score table.
    /// @param exclusionsHash keccak256(abi.encode(members, reasons)) of the exclusion list, zero when nobody was excluded.
    /// @param commitDeadline Unix time after which commits are refused.
    /// @param finalizeDeadline Unix time after which the round can only be abandoned.
    /// @param openedAtBlock The block the round was opened in.
    /// @param commitCount How many members committed.
    /// @param status The round's status.
    /// @param exclusionsEnforced Whether the exclusions' slashes were applied.
    /// @param rewardPool Tokens minted for the round's rewards.
    /// @param rewardClaimed Tokens claimed from the pool so far.
    /// @param finalizedAtBlock The block the round was finalized in, zero until then.
    /// @param scoredMembers How many members the score table lists.
    /// @param excludedMembers How many members were excluded.
    /// @param secureAggregation Whether members send their updates only masked.
    /// @param rewardCap The governance reward pool per round when the round was opened: the most it can pay.
    struct Round {
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
        uint128 rewardPool;
        uint128 rewardClaimed;
        uint64 finalizedAtBlock;
        uint32 scoredMembers;
        uint32 excludedMembers;
        bool secureAggregation;
        uint128 rewardCap;
        uint32 task;
    }

    /// @notice Task zero names no federated task.
    error RoundLedger_UnknownTask(uint32 task);
    /// @notice The account is not an active member.
    error RoundLedger_NotMember(address account);
    /// @notice The member's role does not contribute updates (auditors and the coordinator).
    error RoundLedger_NotContributor(address account, uint8 role);
    /// @notice The member's stake fell below the minimum (after a slash); it must top it up to contribute.
    error RoundLedger_StakeBelowMinimum(address account, uint256 stake, uint256 minStake);
    /// @notice The round has not been finalized.
    error RoundLedger_NotFinalized(uint256 roundId);
    /// @notice The round's commit deadline has passed.
    error RoundLedger_DeadlinePassed(uint256 roundId, uint64 deadline);
    /// @notice The round's finalize deadline has passed; it can only be abandoned.
    error RoundLedger_FinalizeDeadlinePassed(uint256 roundId, uint64 deadline);
    /// @notice The round can still be finalized.
    error RoundLedger_FinalizeDeadlineNotPassed(uint256 roundId, uint64 deadline);
    /// @notice The member already committed an update in this round.
    error RoundLedger_AlreadyCommitted(uint256 roundId, address member);
    /// @notice The member did not commit an update in this round.
    error RoundLedger_NotCommitted(uint256 roundId, address member);
    /// @notice The member already claimed its reward for this round.
    error RoundLedger_AlreadyClaimed(uint256 roundId, address member);
    /// @notice The proof does not place (roundId, member, score, reward) under the round's reward root.
    error RoundLedger_InvalidProof(uint256 roundId, address member);
    /// @notice Paying the claim would take more than the round's pool.
    error RoundLedger_PoolExceeded(uint256 roundId, uint256 pool, uint256 claimedAfter);
    /// @notice The excluded members and reasons differ in length.
    error RoundLedger_LengthMismatch(uint256 members, uint256 reasons);
    /// @notice Excluded members must be listed in strictly ascending address order (which also rules out duplicates).
    error RoundLedger_ExclusionsNotSorted(uint256 index);
    /// @notice The reason contradicts the member's commit: MissedDeadline for one that committed, or None.
    error RoundLedger_InvalidExclusion(uint256 roundId, address member, ExclusionReason reason);
    /// @notice The list given is not the one committed at finalization.
    error RoundLedger_ExclusionsMismatch(uint256 roundId);
    /// @notice The round's exclusions were already enforced.
    error RoundLedger_ExclusionsAlreadyEnforced(uint256 roundId);
    /// @notice Slash rates must satisfy nonDelivery <= malicious <= 10000 basis points.
    error RoundLedger_InvalidSlashRates(uint16 maliciousBps, uint16 nonDeliveryBps);
    /// @notice The challenge window must be at least one second.
    error RoundLedger_InvalidChallengeWindow(uint64 challengeWindow);
    /// @notice The finalization declares a pool above the governance pool the round was opened with.
    error RoundLedger_RewardPoolAboveCap(uint256 roundId, uint256 rewardPool, uint256 rewardCap);
    /// @notice The member was not excluded from the round as Malicious, so it cannot be accused of a malicious update.
    error RoundLedger_NotExcludedAsMalicious(uint256 roundId, address member);
    /// @notice The evidence names another update than the one the member committed in the round.
    error RoundLedger_EvidenceMismatch(uint256 roundId, address member, bytes32 evidenceHash, bytes32 committedHash);
    /// @notice An accusation needs a non-zero reason code.
    error RoundLedger_MissingReasonCode(uint256 roundId, address member);
    /// @notice A reason or a dispute statement must be 1 to MAX_STATEMENT_LENGTH bytes (an accusation may instead give
    /// only a document hash, with an empty text).
    error RoundLedger_InvalidStatement(uint256 length, uint256 maxLength);
    /// @notice The member was already accused for this round.
    error RoundLedger_AlreadyAccused(uint256 roundId, address member);
    /// @notice Accusations for the round had to be made by `deadline` (its finalize deadline plus the challenge window).
    error RoundLedger_AccusationTooLate(uint256 roundId, uint256 deadline);
    /// @notice Nobody accused the member for this round.
    error RoundLedger_NoAccusation(uint256 roundId, address member);
    /// @notice The accusation was already disputed.
    error RoundLedger_AlreadyDisputed(uint256 roundId, address member);
    /// @notice The accusation is over (upheld, reversed or lapsed).
    error RoundLedger_AccusationSettled(uint256 roundId, address member, AccusationStatus status);
    /// @notice The challenge window ended at `challengeEndsAt`; the accusation can no longer be disputed.
    error RoundLedger_ChallengeWindowClosed(uint256 roundId, address member, uint64 challengeEndsAt);
    /// @notice The challenge window runs until `challengeEndsAt`; nothing can be settled before.
    error RoundLedger_ChallengeWindowOpen(uint256 roundId, address member, uint64 challengeEndsAt);
    /// @notice The members' vote on reversing the disputed accusation is neither decided nor past `voteEndsAt`.
    error RoundLedger_DisputeVoteOpen(uint256 roundId, address member, uint256 proposalId, uint64 voteEndsAt);

    /// @notice The coordinator opened a round of federated task `task` on the global model with hash `globalModelHash`;
    /// with `secureAggregation` members send their updates only masked, and a member refuses to train such a round in
    /// the clear.
    event RoundOpened(
        uint256 indexed roundId,
        uint32 indexed task,
        bytes32 globalModelHash,
        uint64 commitDeadline,
        uint64 finalizeDeadline,
        bool secureAggregation
    );
    /// @notice `member` committed the hash of its local update for the round.
    event UpdateCommitted(uint256 indexed roundId, address indexed member, bytes32 updateHash);
    /// @notice The coordinator closed the round with the aggregated model and committed to the score table.
    event RoundFinalized(
        uint256 indexed roundId,
        bytes32 newModelHash,
        bytes32 rewardRoot,
        bytes32 scoreTableHash,
        uint256 rewardPool,
        uint32 scoredMembers,
        uint32 excludedMembers
    );
    /// @notice The members the coordinator left out of the round, with their reasons (one event per round).
    event MembersExcluded(uint256 indexed roundId, address[] members, ExclusionReason[] reasons);
    /// @notice The slashes for the round's exclusions were applied; `totalSlashed` tokens were burned.
    event ExclusionsEnforced(uint256 indexed roundId, uint256 totalSlashed);
    /// @notice `member`'s score and reward for the round were proven and its reward paid.
    event RewardClaimed(uint256 indexed roundId, address indexed member, int256 score, uint256 reward);
    /// @notice Nobody finalized the round before its finalize deadline; it is closed without a result.
    event RoundAbandoned(uint256 indexed roundId);
    /// @notice The coordinator accused `member` of a malicious update in the round, naming the update it committed;
    /// the slash can be taken after `challengeEndsAt` unless the member disputes it and the members reverse it.
    event MemberAccused(
        uint256 indexed roundId,
        address indexed member,
        bytes32 updateHash,
        uint8 reasonCode,
        bytes32 documentHash,
        string reasonText,
        uint64 challengeEndsAt
    );
    /// @notice The accused disputed the accusation with `statement`; the members vote on reversing it until `voteEndsAt`
    /// (the registry's ReversalVoteOpened names the proposal).
    event AccusationDisputed(uint256 indexed roundId, address indexed member, string statement, uint64 voteEndsAt);
    /// @notice The accusation ended as `outcome` (Upheld, Reversed or Lapsed); `slashed` tokens were taken when upheld.
    event AccusationSettled(uint256 indexed roundId, address indexed member, AccusationStatus outcome, uint256 slashed);

    /// @notice Opens a new round on the global model `globalModelHash`.
    /// @dev Only the coordinator; round ids start at 1 and increase by one.
    /// @param task The federated task the round trains (1 the operators' load forecast, 2 the automakers' battery
    /// health); each task's rounds form their own chain of models, on the same ledger, scores and token.
    /// @param globalModelHash Keccak-256 of the serialized global model members start from.
    /// @param commitDeadline Unix time (seconds) after which commits are refused.
    /// @param finalizeDeadline Unix time after which the round can no longer be finalized, only abandoned.
    /// @param secureAggregation Whether members send their updates only masked (secure aggregation).
    /// @return roundId The new round's id.
    function openRound(
        uint32 task,
        bytes32 globalModelHash,
        uint64 commitDeadline,
        uint64 finalizeDeadline,
        bool secureAggregation
    ) external returns (uint256 roundId);

    /// @notice Commits the hash of the caller's local update for round `roundId`, once per round.
    /// @dev Only active operators and automakers holding the minimum stake, while the round is open, by its deadline.
    /// @param roundId The round.
    /// @param updateHash Keccak-256 of the serialized update the member sends to the coordinator.
    function commitUpdate(uint256 roundId, bytes32 updateHash) external;

    /// @notice Closes round `roundId` with the aggregated model, a Merkle root of every scored member's
    /// (roundId, member, score, reward), the score table's hash, and the excluded members with reasons;
    /// mints `rewardPool` tokens to the ledger for members to claim. Costs the same whatever the number of scored members.
    /// @dev Only the coordinator, before the finalize deadline. Exclusions sorted by address; each one's reason must
    /// match its commit (MissedDeadline only without one, the others only with one).
    /// @param roundId The round.
    /// @param newModelHash Keccak-256 of the serialized aggregated model.
    /// @param rewardRoot The Merkle root of the score table's leaves; zero when nobody is scored.
    /// @param scoreTableHash keccak256(abi.encode(roundId, members, scores, rewards)).
    /// @param rewardPool The sum of the table's rewards, in the token's smallest unit; at most the round's reward cap
    /// (the governance pool per round when it was opened).
    /// @param scoredMembers How many members the table lists.
    /// @param excludedMembers The excluded members, ascending.
    /// @param reasons Why each was excluded.
    function finalizeRound(
        uint256 roundId,
        bytes32 newModelHash,
        bytes32 rewardRoot,
        bytes32 scoreTableHash,
        uint256 rewardPool,
        uint32 scoredMembers,
        address[] calldata excludedMembers,
        ExclusionReason[] calldata reasons
    ) external;

    /// @notice Applies the immediate slashes of round `roundId`'s exclusions: NotDelivered and InvalidUpdate lose the
    /// non-delivery share of their stake, MissedDeadline nothing, Malicious nothing here (a malicious update is slashed
    /// only through an accusation with evidence and its challenge window: accuse, dispute, settleAccusation).
    /// @dev Anyone, once per round, with exactly the list committed at finalization.
    /// @param roundId The finalized round.
    /// @param excludedMembers The excluded members as finalized.
    /// @param reasons Their reasons as finalized.
    function enforceExclusions(uint256 roundId, address[] calldata excludedMembers, ExclusionReason[] calldata reasons)
        external;

    /// @notice Pays `member` its `reward` for round `roundId` against the round's reward root, and adds the round and
    /// `score` to its reputation.
    /// @dev Anyone may submit it (the tokens go to the member); once per member and round; any finalized round.
    /// @param roundId The finalized round.
    /// @param member The member.
    /// @param score Its fixed-point score (1e6 = 1.0).
    /// @param reward Its reward in the token's smallest unit.
    /// @param proof The sibling hashes from its leaf to the root.
    function claimReward(uint256 roundId, address member, int256 score, uint256 reward, bytes32[] calldata proof)
        external;

    /// @notice Accuses `member`, excluded from round `roundId` as Malicious, with evidence: the update hash it committed
    /// and a reason. Opens the challenge window, after which anyone can settle the accusation.
    /// @dev Only the coordinator; the round finalized; by the round's finalize deadline plus the challenge window; once
    /// per member and round. The exclusion list is the one committed at finalization.
    /// @param roundId The finalized round.
    /// @param member The accused member.
    /// @param evidence The committed update hash, a non-zero reason code, and a reason text and/or document hash.
    /// @param excludedMembers The round's excluded members as finalized.
    /// @param reasons Their reasons as finalized; `member`'s must be Malicious.
    function accuse(
        uint256 roundId,
        address member,
        Evidence calldata evidence,
        address[] calldata excludedMembers,
        ExclusionReason[] calldata reasons
    ) external;

    /// @notice Disputes the caller's accusation for round `roundId` with a short statement; opens a vote in the registry
    /// in which the active members other than the accused and the coordinator may reverse it.
    /// @dev Only the accused, once, within the challenge window. The vote runs for one challenge window from now.
    /// @param roundId The round the caller was accused for.
    /// @param statement The accused's statement, 1 to MAX_STATEMENT_LENGTH bytes.
    function dispute(uint256 roundId, string calldata statement) external;

    /// @notice Ends `member`'s accusation for round `roundId`: undisputed, or disputed and the reversal defeated, it is
    /// upheld and the malicious share of the member's stake is slashed; reversed by the members, or disputed and
    /// undecided when the vote deadline passed, it ends without a slash.
    /// @dev Anyone, once, after the challenge window and, when disputed, after the vote is decided or its deadline passed.
    /// @param roundId The round.
    /// @param member The accused member.
    /// @return slashed The tokens taken from the member's stake (zero unless upheld).
    function settleAccusation(uint256 roundId, address member) external returns (uint256 slashed);

    /// @notice `member`'s accusation for round `roundId`; status None when it was never accused.
    /// @param roundId The round.
    /// @param member The member.
    /// @return The accusation.
    function getAccusation(uint256 roundId, address member) external view returns (Accusation memory);

    /// @notice How long an accused member has to dispute, and how long members then have to vote, in seconds.
    /// @return The challenge window.
    function challengeWindow() external view returns (uint64);

    /// @notice The longest reason text or dispute statement, in bytes.
    /// @return The length.
    function MAX_STATEMENT_LENGTH() external view returns (uint256);

    /// @notice Closes a round nobody finalized by its finalize deadline, so members know it is over.
    /// @dev Anyone, after the finalize deadline.
    /// @param roundId The open round.
    function abandonRound(uint256 roundId) external;

    /// @notice Round `roundId` as stored; reverts with CoordinatedLedger_UnknownEntry for an id never opened.
    /// @param roundId The round.
    /// @return The round.
    function getRound(uint256 roundId) external view returns (Round memory);

    /// @notice The update hash `member` committed in round `roundId` and whether it claimed its reward.
    /// @param roundId The round.
    /// @param member The member.
    /// @return updateHash The committed hash, zero when the member did not commit.
    /// @return claimed Whether the member's reward was claimed.
    function getCommitment(uint256 roundId, address member) external view returns (bytes32 updateHash, bool claimed);

    /// @notice The id of the most recently opened round, zero before the first.
    /// @return The round id.
    function latestRoundId() external view returns (uint256);

    /// @notice The token rewards are paid in.
    /// @return The token's address.
    function rewardToken() external view returns (address);

    /// @notice The shares of its stake a member loses when excluded as malicious, and for a missing or invalid update.
    /// @return maliciousBps The malicious slash in basis points.
    /// @return nonDeliveryBps The non-delivery slash in basis points.
    function slashRates() external view returns (uint16 maliciousBps, uint16 nonDeliveryBps);
}
