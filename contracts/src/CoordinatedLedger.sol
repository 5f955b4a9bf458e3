// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ICoordinatedLedger} from "./interfaces/ICoordinatedLedger.sol";
import {IMemberRegistry} from "./interfaces/IMemberRegistry.sol";

/// @title Coordinated ledger
/// @notice The lifecycle the round ledger and the dispatch ledger share: both are bound to the member registry, let only
/// its coordinator open an entry, number entries from 1, validate the hash and the two deadlines an entry is opened with,
/// record the block it was opened in, and look entries up as known or open.
/// @dev Each ledger keeps its entries in its own struct, laid out so that the fields its frequent calls touch share a
/// storage slot; the base reads an entry's phase through `_phaseOf` and hands the ledger what to record at opening.
abstract contract CoordinatedLedger is ICoordinatedLedger {
    /// @notice Where an entry is, as far as the shared lifecycle goes; each ledger maps its own status onto it.
    enum Phase {
        None,
        Open,
        Closed
    }

    /// @notice What the ledger records about an entry when it is opened.
    /// @param firstDeadline Unix time after which participants can no longer commit.
    /// @param secondDeadline Unix time after which the entry's second step can no longer be taken.
    /// @param openedAtBlock The block the entry was opened in.
    struct Schedule {
        uint64 firstDeadline;
        uint64 secondDeadline;
        uint64 openedAtBlock;
    }

    IMemberRegistry private immutable _registry;
    uint256 private _latestEntryId;

    /// @notice Binds the ledger to the registry.
    /// @param registry The registry whose members take part and whose coordinator opens entries.
    constructor(IMemberRegistry registry) {
        if (address(registry) == address(0)) revert CoordinatedLedger_ZeroRegistry();
        _registry = registry;
    }

    modifier onlyCoordinator() {
        if (msg.sender != _registry.coordinator()) revert CoordinatedLedger_NotCoordinator(msg.sender);
        _;
    }

    /// @inheritdoc ICoordinatedLedger
    function coordinator() external view returns (address) {
        return _registry.coordinator();
    }

    /// @inheritdoc ICoordinatedLedger
    function memberRegistry() external view returns (address) {
        return address(_registry);
    }

    /// @dev The one place an entry is numbered: checks the hash it is opened on and its deadlines, and returns its id
    /// (1, 2, ...) with what the ledger records about it.
    function _openEntry(bytes32 subject, uint64 firstDeadline, uint64 secondDeadline)
        internal
        returns (uint256 id, Schedule memory schedule)
    {
        if (subject == bytes32(0)) revert CoordinatedLedger_ZeroHash();
        if (firstDeadline <= block.timestamp) revert CoordinatedLedger_DeadlineNotInFuture(firstDeadline, block.timestamp);
        if (secondDeadline < firstDeadline) revert CoordinatedLedger_InvalidDeadlines(firstDeadline, secondDeadline);
        id = ++_latestEntryId;
        schedule = Schedule(firstDeadline, secondDeadline, SafeCast.toUint64(block.number));
    }

    /// @dev Reverts unless entry `id` was opened; returns its phase.
    function _requireKnown(uint256 id) internal view returns (Phase phase) {
        phase = _phaseOf(id);
        if (phase == Phase.None) revert CoordinatedLedger_UnknownEntry(id);
    }

    /// @dev Reverts unless entry `id` is open.
    function _requireOpen(uint256 id) internal view {
        if (_requireKnown(id) != Phase.Open) revert CoordinatedLedger_EntryClosed(id);
    }

    /// @dev The registry the ledger is bound to.
    function _memberRegistry() internal view returns (IMemberRegistry) {
        return _registry;
    }

    /// @dev The id of the most recent entry, zero before the first.
    function _latestId() internal view returns (uint256) {
        return _latestEntryId;
    }

    /// @dev Entry `id`'s phase as the ledger stores it; None for an id never opened.
    function _phaseOf(uint256 id) internal view virtual returns (Phase);
}
