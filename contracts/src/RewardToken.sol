// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Burnable} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Burnable.sol";
import {IRewardToken} from "./interfaces/IRewardToken.sol";

/// @title Consortium Reward (CRT)
/// @notice The consortium's ERC-20 token: members stake it and are rewarded in it. Only the member registry mints
/// (founding stakes, the treasury allocation, round and dispatch rewards); slashed stakes are burned.
contract RewardToken is ERC20, ERC20Burnable, IRewardToken {
    address private immutable _minter;

    /// @notice Creates the token with `minter_` as its only minter.
    /// @param minter_ The member registry.
    constructor(address minter_) ERC20("Consortium Reward", "CRT") {
        if (minter_ == address(0)) revert RewardToken_ZeroMinter();
        _minter = minter_;
    }

    /// @inheritdoc IRewardToken
    function mint(address to, uint256 amount) external {
        if (msg.sender != _minter) revert RewardToken_NotMinter(msg.sender);
        _mint(to, amount);
    }

    /// @inheritdoc IRewardToken
    function minter() external view returns (address) {
        return _minter;
    }
}
