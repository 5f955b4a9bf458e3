// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ICoordinatedLedger} from "./ICoordinatedLedger.sol";

/// @title V2G dispatch ledger
/// @notice Errors, events and entry points of the record of dispatch events: the grid party's signed request and its
/// terms, the hash of each operator's accepted allocation (or its declining the event, with a reason), later the hash of
/// its metered delivery, and the settlement that rewards or penalises each operator that committed, within the terms.
/// A dispatch event is an entry of the coordinated ledger: unknown or settled events, the coordinator's rights, zero
/// hashes and the deadlines an event is opened with revert with the CoordinatedLedger_ errors.
interface IDispatchLedger is ICoordinatedLedger {
    /// @notice Where a dispatch event is; None marks an id that was never opened.
    enum DispatchStatus {
        None,
        Open,
        Settled
    }

    /// @notice Why an operator sits a dispatch event out; None marks an operator that did not decline.
    /// NoDispatchableFleet: none of its vehicles can take part (plugged out, state of charge, limits). Unavailable: it
    /// cannot take part this time (maintenance, an outage). Other: see the detail emitted with DispatchDeclined.
    enum DeclineReason {
        None,
        NoDispatchableFleet,
        Unavailable,
        Other
    }

    /// @notice A grid party's flexibility request as it signs it (EIP-712 typed data, primary type FlexibilityRequest),
    /// with the two variable-length fields given by their EIP-712 encodings: the request id's Keccak-256 and the
    /// Keccak-256 of the targets' 32-byte words.
    /// @param requestIdHash Keccak-256 of the request id (UTF-8).
    /// @param gridParty The grid party whose key signed the request; registered in the member registry.
    /// @param issuedAt Unix time the request was issued.
    /// @param start Unix time of the first step's start.
    /// @param stepMinutes Length of a step, in minutes.
    /// @param horizonSteps Number of steps.
    /// @param targetHash The EIP-712 encoding of the int64[] targetW (watts per step): Keccak-256 of the targets, each
    /// sign-extended to 32 bytes.
    /// @param deviationPenaltyMicrosPerKwh What a kWh of deviation costs the grid party, in millionths of its currency:
    /// the price the dispatch minimises.
    /// @param rewardWeiPerKwh Tokens (smallest unit) per kWh an operator delivers along its allocation.
    /// @param penaltyWeiPerKwh Tokens per kWh of deviation beyond the tolerance.
    /// @param toleranceBps Deviation tolerated per step, in basis points of the allocated energy.
    /// @param toleranceWh Deviation always tolerated per step, in Wh.
    struct FlexibilityTerms {
        bytes32 requestIdHash;
        address gridParty;
        uint64 issuedAt;
        uint64 start;
        uint32 stepMinutes;
        uint32 horizonSteps;
        bytes32 targetHash;
        uint256 deviationPenaltyMicrosPerKwh;
        uint256 rewardWeiPerKwh;
        uint256 penaltyWeiPerKwh;
        uint32 toleranceBps;
        uint32 toleranceWh;
    }

    /// @notice A dispatch event as the ledger stores it.
    /// @param requestHash The EIP-712 digest of the grid party's request the event answers (see requestDigest).
    /// @param allocationDeadline Unix time after which allocations can no longer be committed.
    /// @param deliveryDeadline Unix time after which deliveries can no longer be reported.
    /// @param openedAtBlock The block the event was opened in.
    /// @param allocationCount How many operators committed an allocation.
    /// @param deliveryCount How many reported their metered delivery.
    /// @param declineCount How many declined the event.
    /// @param status Open or Settled.
    /// @param totalRewards Tokens minted to operators at settlement.
    /// @param totalPenalties Tokens slashed from operators at settlement.
    struct DispatchEvent {
        bytes32 requestHash;
        uint64 allocationDeadline;
        uint64 deliveryDeadline;
        uint64 openedAtBlock;
        uint32 allocationCount;
        uint32 deliveryCount;
        uint32 declineCount;
        DispatchStatus status;
        uint128 totalRewards;
        uint128 totalPenalties;
        uint64 wearRound;
    }


    /// @notice One operator's part in a dispatch event.
    /// @param allocationHash Keccak-256 of the allocation it accepted, zero when it committed none.
    /// @param deliveryHash Keccak-256 of its metered delivery, zero until reported.
    /// @param settlement Its reward (positive) or penalty (negative) at settlement, in the token's smallest unit.
    /// @param settled Whether the settlement covered it.
    /// @param declineReason Why it declined the event; None when it did not (then it may have committed).
    /// @param allocatedWh The grid energy of its allocation, summed over steps in absolute value, as it committed it.
    /// @param deliveredWh Its metered grid energy, summed over steps in absolute value, as it reported it.
    struct OperatorDispatch {
        bytes32 allocationHash;
        bytes32 deliveryHash;
        int128 settlement;
        bool settled;
        DeclineReason declineReason;
        uint64 allocatedWh;
        uint64 deliveredWh;
    }

    /// @notice The request's signature does not recover to its grid party.
    error DispatchLedger_WrongGridSignature(address recovered, address gridParty);
    /// @notice The request's grid party is not registered in the member registry.
    error DispatchLedger_NotGridParty(address gridParty);
    /// @notice The request is malformed: a step length, horizon or tolerance the ledger cannot settle against.
    error DispatchLedger_InvalidTerms(string field);
    /// @notice Wear prices come from a finalized round of the battery-health task; `roundId` is another task's.
    error DispatchLedger_NotBatteryRound(uint256 roundId, uint32 task);
    /// @notice Wear prices come from a finalized round; `roundId` is not finalized.
    error DispatchLedger_RoundNotFinalized(uint256 roundId);
    /// @notice Wear prices in force came from round `latestRoundId`; only a later battery round may replace them.
    error DispatchLedger_StaleWearRound(uint256 roundId, uint256 latestRoundId);
    /// @notice A price list needs 1 to MAX_CHEMISTRIES chemistries, one price each.
    error DispatchLedger_InvalidWearPrices(uint256 chemistries, uint256 prices);
    /// @notice Chemistry labels must be non-zero and strictly increasing (no repeats); the one at `index` is not.
    error DispatchLedger_UnorderedChemistry(uint256 index);
    /// @notice A dispatch event was already opened for this request.
    error DispatchLedger_RequestAlreadyOpened(bytes32 requestHash, uint256 eventId);
    /// @notice A settlement would pay `operator` more than the request's price times the energy it delivered along
    /// its allocation (at most the smaller of its allocated and delivered energy).
    error DispatchLedger_RewardAboveTerms(uint256 eventId, address operator, uint256 reward, uint256 maxReward);
    /// @notice A settlement would take more from `operator` than the request's penalty times its largest possible
    /// deviation (its allocated plus its delivered energy).
    error DispatchLedger_PenaltyAboveTerms(uint256 eventId, address operator, uint256 penalty, uint256 maxPenalty);
    /// @notice The account is not an active operator.
    error DispatchLedger_NotOperator(address account);
    /// @notice The allocation deadline has passed.
    error DispatchLedger_AllocationDeadlinePassed(uint256 eventId, uint64 deadline);
    /// @notice The delivery deadline has passed.
    error DispatchLedger_DeliveryDeadlinePassed(uint256 eventId, uint64 deadline);
    /// @notice The operator already committed an allocation for this event, so it can neither commit again nor decline.
    error DispatchLedger_AlreadyCommitted(uint256 eventId, address operator);
    /// @notice The operator declined this event: it cannot decline again, commit an allocation, or be settled.
    error DispatchLedger_Declined(uint256 eventId, address operator);
    /// @notice A decline must give a reason other than None.
    error DispatchLedger_NoDeclineReason();
    /// @notice The operator committed no allocation for this event.
    error DispatchLedger_NotCommitted(uint256 eventId, address operator);
    /// @notice The operator already reported its delivery for this event.
    error DispatchLedger_AlreadyReported(uint256 eventId, address operator);
    /// @notice The operators and amounts differ in length.
    error DispatchLedger_LengthMismatch(uint256 operators, uint256 amounts);
    /// @notice Settled operators must be listed in strictly ascending address order.
    error DispatchLedger_NotSorted(uint256 index);

    /// @notice The coordinator opened dispatch event `eventId` for the request `requestHash`.
    event DispatchOpened(uint256 indexed eventId, bytes32 requestHash, uint64 allocationDeadline, uint64 deliveryDeadline);
    /// @notice Event `eventId` answers `gridParty`'s request, whose signature the ledger checked.
    event RequestAccepted(uint256 indexed eventId, address indexed gridParty, uint256 rewardWeiPerKwh, uint256 penaltyWeiPerKwh);
    /// @notice The coordinator published the wear prices derived from battery round `roundId`'s model; events opened from
    /// now on price their vehicles' wear with them (each event records the round of the prices in force).
    event WearPricesPublished(
        uint256 indexed roundId, bytes32 modelHash, bytes32 assumptionsHash, bytes32[] chemistries, uint128[] weiPerKwh
    );
    /// @notice Intraday, `operator` committed the hash of its setpoints for step `step` of the event, as they were set.
    event StepCommitted(uint256 indexed eventId, address indexed operator, uint32 step, bytes32 stepHash);
    /// @notice `operator` committed the hash of the allocation it accepted.
    event AllocationCommitted(uint256 indexed eventId, address indexed operator, bytes32 allocationHash);
    /// @notice `operator` sits the event out for `reason`; `detail` is free text for auditors, not stored.
    event DispatchDeclined(uint256 indexed eventId, address indexed operator, DeclineReason reason, string detail);
    /// @notice `operator` reported the hash of its metered delivery.
    event DeliveryReported(uint256 indexed eventId, address indexed operator, bytes32 deliveryHash);
    /// @notice `operator` was rewarded (positive `amount`, minted) or penalised (negative, `taken` slashed from its stake).
    event DeliverySettled(uint256 indexed eventId, address indexed operator, int256 amount, uint256 taken);
    /// @notice The coordinator settled the event.
    event DispatchSettled(uint256 indexed eventId, uint256 totalRewards, uint256 totalPenalties);

    /// @notice Opens a dispatch event answering a grid party's signed request, and records its terms: every
    /// settlement of the event is bounded by them.
    /// @dev Only the coordinator; event ids start at 1. The signature must recover to `terms.gridParty` (low-s, 65
    /// bytes), the grid party must be registered in the member registry, the request must not have been opened before,
    /// steps must be 15 minutes long, the horizon 1 to 672 steps and the relative tolerance at most 100 %.
    /// @param terms The request as the grid party signed it.
    /// @param signature The grid party's EIP-712 signature over requestDigest(terms).
    /// @param allocationDeadline Unix time after which allocations are refused.
    /// @param deliveryDeadline Unix time after which delivery reports are refused.
    /// @return eventId The new event's id.
    function openDispatch(
        FlexibilityTerms calldata terms,
        bytes calldata signature,
        uint64 allocationDeadline,
        uint64 deliveryDeadline
    ) external returns (uint256 eventId);

    /// @notice Commits the hash of the allocation the calling operator accepted, once per event.
    /// @dev Only active operators, by the allocation deadline, and not after declining the event.
    /// @param eventId The event.
    /// @param allocationHash Keccak-256 of the accepted allocation.
    /// @param allocatedWh The allocation's grid energy, summed over steps in absolute value (bounds the settlement).
    function commitAllocation(uint256 eventId, bytes32 allocationHash, uint64 allocatedWh) external;

    /// @notice Intraday: records, as a StepCommitted log, the hash of the calling operator's setpoints for step `step` as
    /// it sets the step. The ledger keeps no state for it: the logs, in chain order and each in its block, are the
    /// record an auditor reads (every step once, in order from 0, all before the operator's allocation commitment).
    /// @dev Only active operators, while the event is open and by its allocation deadline. Kept to a log so that the
    /// registry's creation code, which embeds this ledger's, stays under the 49,152-byte initcode limit (EIP-3860).
    /// @param eventId The event.
    /// @param step The step.
    /// @param stepHash Keccak-256 of the step's setpoints, salted by the operator.
    function commitStep(uint256 eventId, uint32 step, bytes32 stepHash) external;

    /// @notice Sits dispatch event `eventId` out: records that the calling operator commits no allocation, and why.
    /// @dev Only active operators, while the event is open and by its allocation deadline, once, and only without a
    /// committed allocation. An operator that declined can no longer commit and is not settled.
    /// @param eventId The event.
    /// @param reason Why the operator sits the event out; not None.
    /// @param detail Free text for auditors, emitted with DispatchDeclined and not stored.
    function declineDispatch(uint256 eventId, DeclineReason reason, string calldata detail) external;

    /// @notice Reports the hash of the calling operator's metered delivery, once per event.
    /// @dev Only operators that committed an allocation, by the delivery deadline.
    /// @param eventId The event.
    /// @param deliveryHash Keccak-256 of the metered delivery.
    /// @param deliveredWh The metered grid energy, summed over steps in absolute value (bounds the settlement).
    function reportDelivery(uint256 eventId, bytes32 deliveryHash, uint64 deliveredWh) external;

    /// @notice Settles the event: mints each positive amount to its operator and slashes each negative one from its stake.
    /// @dev Only the coordinator, once; operators ascending, each with a committed allocation (never one that declined).
    /// @param eventId The event.
    /// @param operators The settled operators.
    /// @param amounts Reward (positive) or penalty (negative) per operator, in the token's smallest unit.
    function settleDispatch(uint256 eventId, address[] calldata operators, int256[] calldata amounts) external;

    /// @notice Publishes the wear prices per chemistry derived from the model battery round `roundId` finalized.
    /// @dev Only the coordinator; the round must be a finalized round of the battery-health task (2), later than the one
    /// the prices in force came from; the model hash is taken from the round ledger, not from the caller.
    /// @param roundId The battery round whose finalized model the prices were derived from.
    /// @param chemistries Chemistry labels, non-zero, strictly increasing; at most MAX_CHEMISTRIES.
    /// @param weiPerKwh The wear price of each chemistry, in the token's smallest unit per kWh discharged.
    /// @param assumptionsHash Keccak-256 of the document stating how the prices were derived (pack cost, end of life).
    function publishWearPrices(
        uint256 roundId,
        bytes32[] calldata chemistries,
        uint128[] calldata weiPerKwh,
        bytes32 assumptionsHash
    ) external;

    /// @notice The battery round whose wear prices are in force and the model it finalized; zero when none were
    /// published. The prices are in that round's WearPricesPublished event.
    function wearPrices() external view returns (uint256 roundId, bytes32 modelHash);

    /// @notice The most chemistries one price list may hold.
    function MAX_CHEMISTRIES() external view returns (uint256);

    /// @notice Dispatch event `eventId`; reverts with CoordinatedLedger_UnknownEntry for an unknown id.
    /// @param eventId The event.
    /// @return The event.
    function getDispatch(uint256 eventId) external view returns (DispatchEvent memory);

    /// @notice `operator`'s part in dispatch event `eventId`.
    /// @param eventId The event.
    /// @param operator The operator.
    /// @return The operator's record.
    function getOperatorDispatch(uint256 eventId, address operator) external view returns (OperatorDispatch memory);

    /// @notice The id of the most recent dispatch event, zero before the first.
    /// @return The event id.
    function latestDispatchId() external view returns (uint256);

    /// @notice The terms of the request event `eventId` answers, as its grid party signed them.
    function getRequestTerms(uint256 eventId) external view returns (FlexibilityTerms memory);

    /// @notice The event opened for the request with EIP-712 digest `requestHash`, zero when none was.
    function eventOfRequest(bytes32 requestHash) external view returns (uint256);

    /// @notice The EIP-712 digest a grid party signs for `terms` under this ledger's domain (name "Consortium
    /// dispatch", version "1", this chain, this ledger): the request's identity on the ledger.
    function requestDigest(FlexibilityTerms calldata terms) external view returns (bytes32);
}
