// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {CoordinatedLedger} from "./CoordinatedLedger.sol";
import {IDispatchLedger} from "./interfaces/IDispatchLedger.sol";
import {IMemberRegistry} from "./interfaces/IMemberRegistry.sol";

/// @title V2G dispatch ledger
/// @notice Commits each operator to the allocation it accepted for a dispatch event, or records that it declined the
/// event and why, then to its metered delivery, and settles the event: rewards are minted through the registry,
/// penalties slashed from the operator's stake.
contract DispatchLedger is CoordinatedLedger, IDispatchLedger {
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
    }

    /// @dev The reason code this ledger gives the registry's MemberSlashed event.
    uint8 private constant _SLASH_DELIVERY_SHORTFALL = 1;

    mapping(uint256 eventId => EventRecord dispatchEvent) private _events;
    mapping(uint256 eventId => mapping(address operator => OperatorDispatch record)) private _operators;

    /// @notice Binds the ledger to the registry.
    /// @param registry The registry whose operators take part and whose coordinator runs dispatch events.
    constructor(IMemberRegistry registry) CoordinatedLedger(registry) {}

    /// @inheritdoc IDispatchLedger
    function openDispatch(bytes32 requestHash, uint64 allocationDeadline, uint64 deliveryDeadline)
        external
        onlyCoordinator
        returns (uint256 eventId)
    {
        Schedule memory schedule;
        (eventId, schedule) = _openEntry(requestHash, allocationDeadline, deliveryDeadline);
        EventRecord storage dispatchEvent = _events[eventId];
        dispatchEvent.requestHash = requestHash;
        dispatchEvent.allocationDeadline = schedule.firstDeadline;
        dispatchEvent.deliveryDeadline = schedule.secondDeadline;
        dispatchEvent.status = DispatchStatus.Open;
        dispatchEvent.openedAtBlock = schedule.openedAtBlock;
        emit DispatchOpened(eventId, requestHash, allocationDeadline, deliveryDeadline);
    }

    /// @inheritdoc IDispatchLedger
    function commitAllocation(uint256 eventId, bytes32 allocationHash) external {
        _requireOperator(msg.sender);
        EventRecord storage dispatchEvent = _allocatingEvent(eventId);
        if (allocationHash == bytes32(0)) revert CoordinatedLedger_ZeroHash();
        OperatorDispatch storage record = _operators[eventId][msg.sender];
        _requireUndecided(eventId, msg.sender, record);
        record.allocationHash = allocationHash;
        dispatchEvent.allocationCount += 1;
        emit AllocationCommitted(eventId, msg.sender, allocationHash);
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
    function reportDelivery(uint256 eventId, bytes32 deliveryHash) external {
        EventRecord storage dispatchEvent = _openEvent(eventId);
        if (block.timestamp > dispatchEvent.deliveryDeadline) {
            revert DispatchLedger_DeliveryDeadlinePassed(eventId, dispatchEvent.deliveryDeadline);
        }
        if (deliveryHash == bytes32(0)) revert CoordinatedLedger_ZeroHash();
        OperatorDispatch storage record = _operators[eventId][msg.sender];
        if (record.allocationHash == bytes32(0)) revert DispatchLedger_NotCommitted(eventId, msg.sender);
        if (record.deliveryHash != bytes32(0)) revert DispatchLedger_AlreadyReported(eventId, msg.sender);
        record.deliveryHash = deliveryHash;
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
            (uint256 reward, uint256 penalty) = _settle(eventId, operators[i], amounts[i]);
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

    /// @dev The one place an operator's settlement is recorded. A penalty takes at most the operator's stake; each
    /// operator is listed once and nothing else touches its stake before `_pay`, so what it loses is known here.
    function _settle(uint256 eventId, address operator, int256 amount) private returns (uint256 reward, uint256 penalty) {
        int128 settlement = SafeCast.toInt128(amount);
        OperatorDispatch storage record = _operators[eventId][operator];
        if (record.declineReason != DeclineReason.None) revert DispatchLedger_Declined(eventId, operator);
        if (record.allocationHash == bytes32(0)) revert DispatchLedger_NotCommitted(eventId, operator);
        record.settlement = settlement;
        record.settled = true;
        if (amount > 0) {
            reward = uint256(amount);
        } else if (amount < 0) {
            uint256 owed = uint256(-amount);
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
