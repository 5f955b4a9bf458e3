// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {IRewardToken} from "./interfaces/IRewardToken.sol";

/// @title Consortium Reward (CRT)
/// @notice ERC-20 token paid to members for their contributions; only the round ledger mints it.
contract RewardToken is ERC20, IRewardToken {
    address private immutable _minter;

    /// @notice Creates the token with `minter_` as its only minter.
    /// @param minter_ The round ledger.
    constructor(address minter_) ERC20("Consortium Reward", "CRT") {
        if (minter_ == address(0)) revert Reward_ZeroMinter();
        _minter = minter_;
    }

    /// @inheritdoc IRewardToken
    function mint(address to, uint256 amount) external {
        if (msg.sender != _minter) revert Reward_NotMinter(msg.sender);
        _mint(to, amount);
    }

    /// @inheritdoc IRewardToken
    function minter() external view returns (address) {
        return _minter;
    }
}
