// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/// @title Consortium reward token
/// @notice Errors and entry points the reward token adds to ERC-20.
interface IRewardToken {
    /// @notice The caller is not the token's minter.
    error RewardToken_NotMinter(address caller);
    /// @notice The zero address cannot mint.
    error RewardToken_ZeroMinter();

    /// @notice Mints `amount` tokens to `to`.
    /// @dev Only the minter, which is the member registry that created the token.
    /// @param to The receiving account.
    /// @param amount The amount in the token's smallest unit.
    function mint(address to, uint256 amount) external;

    /// @notice The only account allowed to mint.
    /// @return The minter's address.
    function minter() external view returns (address);
}
