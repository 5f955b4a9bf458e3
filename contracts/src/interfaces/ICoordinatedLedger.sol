// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/// @title Coordinated ledger
/// @notice Errors and entry points shared by the ledgers whose entries the consortium's coordinator opens: the training
/// rounds of the RoundLedger and the dispatch events of the DispatchLedger. Each entry is numbered from 1 and opened on a
/// non-zero hash with two deadlines, the first in the future and the second not before it.
/// @dev The errors of that shared lifecycle are declared here, once, under this contract's prefix (as every OpenZeppelin
/// governor reverts with the Governor's own proposal errors); they name an entry by its id, which is the round id or the
/// event id. The errors of each ledger's own steps (its deadlines, commitments, claims, settlements) stay in its interface
/// under its own prefix.
interface ICoordinatedLedger {
    /// @notice The registry address cannot be zero.
    error CoordinatedLedger_ZeroRegistry();
    /// @notice The caller is not the registry's coordinator.
    error CoordinatedLedger_NotCoordinator(address caller);
    /// @notice A hash cannot be zero: not the one an entry is opened on, any a participant commits or reports, nor one the
    /// coordinator closes an entry with (a round's reward root may be zero only when the round pays no pool).
    error CoordinatedLedger_ZeroHash();
    /// @notice A new entry's first deadline must lie after the current block's timestamp.
    error CoordinatedLedger_DeadlineNotInFuture(uint64 deadline, uint256 blockTimestamp);
    /// @notice A new entry's second deadline must not precede its first.
    error CoordinatedLedger_InvalidDeadlines(uint64 firstDeadline, uint64 secondDeadline);
    /// @notice No entry with this id was ever opened.
    error CoordinatedLedger_UnknownEntry(uint256 id);
    /// @notice The entry is no longer open.
    error CoordinatedLedger_EntryClosed(uint256 id);

    /// @notice The account allowed to open and close entries: the registry's coordinator.
    /// @return The coordinator's account.
    function coordinator() external view returns (address);

    /// @notice The registry whose members take part.
    /// @return The registry's address.
    function memberRegistry() external view returns (address);
}
