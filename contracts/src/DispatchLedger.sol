// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {CoordinatedLedger} from "./CoordinatedLedger.sol";
import {IDispatchLedger} from "./interfaces/IDispatchLedger.sol";
import {IMemberRegistry} from "./interfaces/IMemberRegistry.sol";
import {IRoundLedger} from "./interfaces/IRoundLedger.sol";

/// @title V2G dispatch ledger
/// @notice Opens a dispatch event only for a request a registered grid party signed (EIP-712), keeps its reward and
/// penalty terms, commits each operator to the allocation it accepted (or records that it declined the event and why),
/// then to its metered delivery, and settles the event within the terms: rewards are minted through the registry,
/// penalties slashed from the operator's stake. The coordinator chooses the amounts; the ledger refuses any above what
/// the grid party's price and penalty allow for the energy each operator committed and reported with its own key.
contract DispatchLedger is CoordinatedLedger, EIP712, IDispatchLedger {
    /// @dev A dispatch event as stored; getDispatch returns it as a DispatchEvent. What an operator's commit, decline or
    /// report reads and writes (the status, both deadlines and the three counts) shares one slot.
    struct EventRecord {
        bytes32 requestHash;
        uint64 allocationDeadline;
        uint64 deliveryDeadline;
        uint32 allocationCount;
        uint32 deliveryCount;
        uint32 declineCount;
        DispatchStatus status;
        uint128 totalRewards;
        uint128 totalPenalties;
        uint64 openedAtBlock;
        uint64 wearRound;
        uint128 rewardWeiPerKwh;
        uint128 penaltyWeiPerKwh;
    }

    /// @dev The EIP-712 type of a grid party's request; targetW and requestId enter as their hashes.
    bytes32 private constant _REQUEST_TYPEHASH = keccak256(
        "FlexibilityRequest(string requestId,address gridParty,uint64 issuedAt,uint64 start,uint32 stepMinutes,"
        "uint32 horizonSteps,int64[] targetW,uint256 deviationPenaltyMicrosPerKwh,uint256 rewardWeiPerKwh,"
        "uint256 penaltyWeiPerKwh,uint32 toleranceBps,uint32 toleranceWh)"
    );

    uint32 private constant _STEP_MINUTES = 15;
    uint32 private constant _MAX_HORIZON_STEPS = 7 * 96;
    uint32 private constant _BPS = 10_000;

    /// @dev The battery-health task's number on the round ledger (FederatedTask.BatteryHealth).
    uint32 private constant _BATTERY_TASK = 2;

    /// @inheritdoc IDispatchLedger
    uint256 public constant MAX_CHEMISTRIES = 16;

    /// @dev The reason code this ledger gives the registry's MemberSlashed event.
    uint8 private constant _SLASH_DELIVERY_SHORTFALL = 1;

    mapping(uint256 eventId => EventRecord dispatchEvent) private _events;
    mapping(uint256 eventId => mapping(address operator => OperatorDispatch record)) private _operators;
    mapping(uint256 eventId => FlexibilityTerms terms) private _terms;
    mapping(bytes32 requestHash => uint256 eventId) private _eventOfRequest;
    /// @dev The wear prices in force: the battery round they came from and its model; the list itself is in the
    /// round's WearPricesPublished event (one per round, rounds only move forward).
    uint256 private _wearRound;
    bytes32 private _wearModelHash;

    /// @notice Binds the ledger to the registry; requests are signed for this ledger's EIP-712 domain.
    /// @param registry The registry whose operators take part, whose coordinator runs dispatch events and whose
    /// governance registers the grid parties.
    constructor(IMemberRegistry registry) CoordinatedLedger(registry) EIP712("Consortium dispatch", "1") {}

    /// @inheritdoc IDispatchLedger
    function openDispatch(
        FlexibilityTerms calldata terms,
        bytes calldata signature,
        uint64 allocationDeadline,
        uint64 deliveryDeadline
    ) external onlyCoordinator returns (uint256 eventId) {
        _checkTerms(terms);
        bytes32 requestHash = _requestDigest(terms);
        address signer = ECDSA.recoverCalldata(requestHash, signature);
        if (signer != terms.gridParty) revert DispatchLedger_WrongGridSignature(signer, terms.gridParty);
        if (!_memberRegistry().isGridParty(terms.gridParty)) revert DispatchLedger_NotGridParty(terms.gridParty);
        uint256 opened = _eventOfRequest[requestHash];
        if (opened != 0) revert DispatchLedger_RequestAlreadyOpened(requestHash, opened);
        Schedule memory schedule;
        (eventId, schedule) = _openEntry(requestHash, allocationDeadline, deliveryDeadline);
        EventRecord storage dispatchEvent = _events[eventId];
        dispatchEvent.requestHash = requestHash;
        dispatchEvent.allocationDeadline = schedule.firstDeadline;
        dispatchEvent.deliveryDeadline = schedule.secondDeadline;
        dispatchEvent.status = DispatchStatus.Open;
        dispatchEvent.openedAtBlock = schedule.openedAtBlock;
        dispatchEvent.wearRound = SafeCast.toUint64(_wearRound);
        dispatchEvent.rewardWeiPerKwh = SafeCast.toUint128(terms.rewardWeiPerKwh);
        dispatchEvent.penaltyWeiPerKwh = SafeCast.toUint128(terms.penaltyWeiPerKwh);
        _terms[eventId] = terms;
        _eventOfRequest[requestHash] = eventId;
        emit DispatchOpened(eventId, requestHash, allocationDeadline, deliveryDeadline);
        emit RequestAccepted(eventId, terms.gridParty, terms.rewardWeiPerKwh, terms.penaltyWeiPerKwh);
    }

    /// @inheritdoc IDispatchLedger
    function commitAllocation(uint256 eventId, bytes32 allocationHash, uint64 allocatedWh) external {
        _requireOperator(msg.sender);
        EventRecord storage dispatchEvent = _allocatingEvent(eventId);
        if (allocationHash == bytes32(0)) revert CoordinatedLedger_ZeroHash();
        OperatorDispatch storage record = _operators[eventId][msg.sender];
        _requireUndecided(eventId, msg.sender, record);
        record.allocationHash = allocationHash;
        record.allocatedWh = allocatedWh;
        dispatchEvent.allocationCount += 1;
        emit AllocationCommitted(eventId, msg.sender, allocationHash);
    }

    /// @inheritdoc IDispatchLedger
    function commitStep(uint256 eventId, uint32 step, bytes32 stepHash) external {
        _requireOperator(msg.sender);
        _allocatingEvent(eventId);
        emit StepCommitted(eventId, msg.sender, step, stepHash);
    }

    /// @inheritdoc IDispatchLedger
    function declineDispatch(uint256 eventId, DeclineReason reason, string calldata detail) external {
        _requireOperator(msg.sender);
        EventRecord storage dispatchEvent = _allocatingEvent(eventId);
        if (reason == DeclineReason.None) revert DispatchLedger_NoDeclineReason();
        OperatorDispatch storage record = _operators[eventId][msg.sender];
        _requireUndecided(eventId, msg.sender, record);
        record.declineReason = reason;
        dispatchEvent.declineCount += 1;
        emit DispatchDeclined(eventId, msg.sender, reason, detail);
    }

    /// @inheritdoc IDispatchLedger
    function reportDelivery(uint256 eventId, bytes32 deliveryHash, uint64 deliveredWh) external {
        EventRecord storage dispatchEvent = _openEvent(eventId);
        if (block.timestamp > dispatchEvent.deliveryDeadline) {
            revert DispatchLedger_DeliveryDeadlinePassed(eventId, dispatchEvent.deliveryDeadline);
        }
        if (deliveryHash == bytes32(0)) revert CoordinatedLedger_ZeroHash();
        OperatorDispatch storage record = _operators[eventId][msg.sender];
        if (record.allocationHash == bytes32(0)) revert DispatchLedger_NotCommitted(eventId, msg.sender);
        if (record.deliveryHash != bytes32(0)) revert DispatchLedger_AlreadyReported(eventId, msg.sender);
        record.deliveryHash = deliveryHash;
        record.deliveredWh = deliveredWh;
        dispatchEvent.deliveryCount += 1;
        emit DeliveryReported(eventId, msg.sender, deliveryHash);
    }

    /// @inheritdoc IDispatchLedger
    function settleDispatch(uint256 eventId, address[] calldata operators, int256[] calldata amounts)
        external
        onlyCoordinator
    {
        EventRecord storage dispatchEvent = _openEvent(eventId);
        if (operators.length != amounts.length) revert DispatchLedger_LengthMismatch(operators.length, amounts.length);
        dispatchEvent.status = DispatchStatus.Settled;
        uint256 totalRewards;
        uint256 totalPenalties;
        address previous = address(0);
        for (uint256 i = 0; i < operators.length; ++i) {
            if (operators[i] <= previous) revert DispatchLedger_NotSorted(i);
            previous = operators[i];
            (uint256 reward, uint256 penalty) = _settle(eventId, dispatchEvent, operators[i], amounts[i]);
            totalRewards += reward;
            totalPenalties += penalty;
        }
        dispatchEvent.totalRewards = SafeCast.toUint128(totalRewards);
        dispatchEvent.totalPenalties = SafeCast.toUint128(totalPenalties);
        emit DispatchSettled(eventId, totalRewards, totalPenalties);
        for (uint256 i = 0; i < operators.length; ++i) {
            _pay(eventId, operators[i], amounts[i]);
        }
    }

    /// @inheritdoc IDispatchLedger
    function publishWearPrices(
        uint256 roundId,
        bytes32[] calldata chemistries,
        uint128[] calldata weiPerKwh,
        bytes32 assumptionsHash
    ) external onlyCoordinator {
        if (chemistries.length == 0 || chemistries.length > MAX_CHEMISTRIES || chemistries.length != weiPerKwh.length) {
            revert DispatchLedger_InvalidWearPrices(chemistries.length, weiPerKwh.length);
        }
        bytes32 previous;
        for (uint256 i = 0; i < chemistries.length; ++i) {
            if (chemistries[i] <= previous) revert DispatchLedger_UnorderedChemistry(i);
            previous = chemistries[i];
        }
        if (roundId <= _wearRound) revert DispatchLedger_StaleWearRound(roundId, _wearRound);
        IRoundLedger.Round memory round = IRoundLedger(_memberRegistry().roundLedger()).getRound(roundId);
        if (round.task != _BATTERY_TASK) revert DispatchLedger_NotBatteryRound(roundId, round.task);
        if (round.status != IRoundLedger.RoundStatus.Finalized) revert DispatchLedger_RoundNotFinalized(roundId);
        _wearRound = roundId;
        _wearModelHash = round.newModelHash;
        emit WearPricesPublished(roundId, round.newModelHash, assumptionsHash, chemistries, weiPerKwh);
    }

    /// @inheritdoc IDispatchLedger
    function wearPrices() external view returns (uint256 roundId, bytes32 modelHash) {
        return (_wearRound, _wearModelHash);
    }

    /// @inheritdoc IDispatchLedger
    function getDispatch(uint256 eventId) external view returns (DispatchEvent memory result) {
        EventRecord storage dispatchEvent = _knownEvent(eventId);
        result.requestHash = dispatchEvent.requestHash;
        result.allocationDeadline = dispatchEvent.allocationDeadline;
        result.deliveryDeadline = dispatchEvent.deliveryDeadline;
        result.openedAtBlock = dispatchEvent.openedAtBlock;
        result.allocationCount = dispatchEvent.allocationCount;
        result.deliveryCount = dispatchEvent.deliveryCount;
        result.declineCount = dispatchEvent.declineCount;
        result.status = dispatchEvent.status;
        result.totalRewards = dispatchEvent.totalRewards;
        result.totalPenalties = dispatchEvent.totalPenalties;
        result.wearRound = dispatchEvent.wearRound;
    }

    /// @inheritdoc IDispatchLedger
    function getOperatorDispatch(uint256 eventId, address operator) external view returns (OperatorDispatch memory) {
        _knownEvent(eventId);
        return _operators[eventId][operator];
    }

    /// @inheritdoc IDispatchLedger
    function latestDispatchId() external view returns (uint256) {
        return _latestId();
    }

    /// @inheritdoc IDispatchLedger
    function getRequestTerms(uint256 eventId) external view returns (FlexibilityTerms memory) {
        _knownEvent(eventId);
        return _terms[eventId];
    }

    /// @inheritdoc IDispatchLedger
    function eventOfRequest(bytes32 requestHash) external view returns (uint256) {
        return _eventOfRequest[requestHash];
    }

    /// @inheritdoc IDispatchLedger
    function requestDigest(FlexibilityTerms calldata terms) external view returns (bytes32) {
        return _requestDigest(terms);
    }

    function _requestDigest(FlexibilityTerms calldata terms) private view returns (bytes32) {
        // Two encodings keep the stack shallow; together they are abi.encode of the type hash and the twelve fields.
        bytes memory head = abi.encode(
            _REQUEST_TYPEHASH,
            terms.requestIdHash,
            terms.gridParty,
            terms.issuedAt,
            terms.start,
            terms.stepMinutes,
            terms.horizonSteps
        );
        bytes memory tail = abi.encode(
            terms.targetHash,
            terms.deviationPenaltyMicrosPerKwh,
            terms.rewardWeiPerKwh,
            terms.penaltyWeiPerKwh,
            terms.toleranceBps,
            terms.toleranceWh
        );
        return _hashTypedDataV4(keccak256(bytes.concat(head, tail)));
    }

    /// @dev What the ledger needs of a request to settle against it.
    function _checkTerms(FlexibilityTerms calldata terms) private pure {
        if (terms.stepMinutes != _STEP_MINUTES) revert DispatchLedger_InvalidTerms("stepMinutes");
        if (terms.horizonSteps == 0 || terms.horizonSteps > _MAX_HORIZON_STEPS) revert DispatchLedger_InvalidTerms("horizonSteps");
        if (terms.toleranceBps > _BPS) revert DispatchLedger_InvalidTerms("toleranceBps");
        if (terms.start <= terms.issuedAt) revert DispatchLedger_InvalidTerms("start");
    }

    /// @dev The one place an operator's settlement is recorded and bounded by the request's terms: a reward by the price
    /// times the smaller of the energy the operator allocated and delivered (what it can have delivered along its
    /// allocation), a penalty by the penalty rate times their sum (the largest deviation it can have made). A penalty
    /// takes at most the operator's stake; each operator is listed once and nothing else touches its stake before
    /// `_pay`, so what it loses is known here.
    function _settle(uint256 eventId, EventRecord storage dispatchEvent, address operator, int256 amount)
        private
        returns (uint256 reward, uint256 penalty)
    {
        int128 settlement = SafeCast.toInt128(amount);
        OperatorDispatch storage record = _operators[eventId][operator];
        if (record.declineReason != DeclineReason.None) revert DispatchLedger_Declined(eventId, operator);
        if (record.allocationHash == bytes32(0)) revert DispatchLedger_NotCommitted(eventId, operator);
        record.settlement = settlement;
        record.settled = true;
        if (amount > 0) {
            reward = uint256(amount);
            uint256 tracked = record.allocatedWh < record.deliveredWh ? record.allocatedWh : record.deliveredWh;
            uint256 maxReward = uint256(dispatchEvent.rewardWeiPerKwh) * tracked / 1000;
            if (reward > maxReward) revert DispatchLedger_RewardAboveTerms(eventId, operator, reward, maxReward);
        } else if (amount < 0) {
            uint256 owed = uint256(-amount);
            uint256 maxPenalty =
                uint256(dispatchEvent.penaltyWeiPerKwh) * (uint256(record.allocatedWh) + record.deliveredWh) / 1000;
            if (owed > maxPenalty) revert DispatchLedger_PenaltyAboveTerms(eventId, operator, owed, maxPenalty);
            uint256 stake = _memberRegistry().memberOf(operator).stake;
            penalty = owed < stake ? owed : stake;
        }
        emit DeliverySettled(eventId, operator, amount, penalty);
    }

    /// @dev The one place an operator is paid (minted) or penalised (slashed) for a dispatch event, after every record.
    function _pay(uint256 eventId, address operator, int256 amount) private {
        if (amount > 0) {
            _memberRegistry().mintRewards(operator, uint256(amount));
        } else if (amount < 0) {
            _memberRegistry().slash(operator, uint256(-amount), _SLASH_DELIVERY_SHORTFALL, eventId);
        }
    }

    function _requireOperator(address account) private view {
        IMemberRegistry.Member memory member = _memberRegistry().memberOf(account);
        if (member.status != IMemberRegistry.MemberStatus.Active || member.role != IMemberRegistry.Role.Operator) {
            revert DispatchLedger_NotOperator(account);
        }
    }

    /// @dev An operator answers an event once: by committing an allocation or by declining.
    function _requireUndecided(uint256 eventId, address operator, OperatorDispatch storage record) private view {
        if (record.allocationHash != bytes32(0)) revert DispatchLedger_AlreadyCommitted(eventId, operator);
        if (record.declineReason != DeclineReason.None) revert DispatchLedger_Declined(eventId, operator);
    }

    /// @dev An open event still taking allocations (and declines).
    function _allocatingEvent(uint256 eventId) private view returns (EventRecord storage dispatchEvent) {
        dispatchEvent = _openEvent(eventId);
        if (block.timestamp > dispatchEvent.allocationDeadline) {
            revert DispatchLedger_AllocationDeadlinePassed(eventId, dispatchEvent.allocationDeadline);
        }
    }

    function _knownEvent(uint256 eventId) private view returns (EventRecord storage dispatchEvent) {
        _requireKnown(eventId);
        dispatchEvent = _events[eventId];
    }

    function _openEvent(uint256 eventId) private view returns (EventRecord storage dispatchEvent) {
        _requireOpen(eventId);
        dispatchEvent = _events[eventId];
    }

    /// @dev A settled event is closed.
    function _phaseOf(uint256 eventId) internal view override returns (Phase) {
        DispatchStatus status = _events[eventId].status;
        if (status == DispatchStatus.None) return Phase.None;
        return status == DispatchStatus.Open ? Phase.Open : Phase.Closed;
    }
}
