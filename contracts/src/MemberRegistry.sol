// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IMemberRegistry} from "./interfaces/IMemberRegistry.sol";

/// @title Consortium member registry
/// @notice The deployer administers the list of accounts allowed to take part in training rounds.
contract MemberRegistry is IMemberRegistry {
    address private immutable _admin;

    /// @dev One past the member's position in `_memberList`; zero for non-members.
    mapping(address account => uint256 position) private _positionOf;
    mapping(address member => string name) private _nameOf;
    address[] private _memberList;

    /// @notice Makes the deployer the registry's admin.
    constructor() {
        _admin = msg.sender;
    }

    modifier onlyAdmin() {
        if (msg.sender != _admin) revert Registry_NotAdmin(msg.sender);
        _;
    }

    /// @inheritdoc IMemberRegistry
    function registerMember(address member, string calldata name) external onlyAdmin {
        if (member == address(0)) revert Registry_ZeroAddress();
        if (bytes(name).length == 0) revert Registry_EmptyName();
        if (_positionOf[member] != 0) revert Registry_AlreadyMember(member);
        _memberList.push(member);
        _positionOf[member] = _memberList.length;
        _nameOf[member] = name;
        emit MemberRegistered(member, name);
    }

    /// @inheritdoc IMemberRegistry
    function removeMember(address member) external onlyAdmin {
        uint256 position = _positionOf[member];
        if (position == 0) revert Registry_NotMember(member);
        address last = _memberList[_memberList.length - 1];
        _memberList[position - 1] = last;
        _positionOf[last] = position;
        _memberList.pop();
        delete _positionOf[member];
        delete _nameOf[member];
        emit MemberRemoved(member);
    }

    /// @inheritdoc IMemberRegistry
    function isMember(address account) external view returns (bool) {
        return _positionOf[account] != 0;
    }

    /// @inheritdoc IMemberRegistry
    function memberName(address member) external view returns (string memory) {
        if (_positionOf[member] == 0) revert Registry_NotMember(member);
        return _nameOf[member];
    }

    /// @inheritdoc IMemberRegistry
    function members() external view returns (address[] memory) {
        return _memberList;
    }

    /// @inheritdoc IMemberRegistry
    function admin() external view returns (address) {
        return _admin;
    }
}
