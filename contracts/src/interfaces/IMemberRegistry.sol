// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/// @title Consortium member registry
/// @notice Errors, events and entry points of the registry of operators and automakers allowed to take part in rounds.
interface IMemberRegistry {
    /// @notice The caller is not the registry's admin.
    error Registry_NotAdmin(address caller);
    /// @notice The zero address cannot be a member.
    error Registry_ZeroAddress();
    /// @notice A member needs a non-empty display name.
    error Registry_EmptyName();
    /// @notice The account is already a member.
    error Registry_AlreadyMember(address account);
    /// @notice The account is not a member.
    error Registry_NotMember(address account);

    /// @notice An account joined the consortium.
    event MemberRegistered(address indexed member, string name);
    /// @notice An account left the consortium.
    event MemberRemoved(address indexed member);

    /// @notice Registers `member` under the display name `name`.
    /// @dev Only the admin may register; reverts with Registry_AlreadyMember for a current member.
    /// @param member The member's account.
    /// @param name A display name, such as the operator's trading name.
    function registerMember(address member, string calldata name) external;

    /// @notice Removes `member` from the consortium; it can no longer commit updates.
    /// @dev Only the admin may remove; reverts with Registry_NotMember for an unknown account.
    /// @param member The member's account.
    function removeMember(address member) external;

    /// @notice Tells whether `account` is a current member.
    /// @param account The account to check.
    /// @return True when the account is registered and not removed.
    function isMember(address account) external view returns (bool);

    /// @notice The display name a current member registered with.
    /// @param member The member's account; reverts with Registry_NotMember otherwise.
    /// @return The display name.
    function memberName(address member) external view returns (string memory);

    /// @notice All current members, in no particular order.
    /// @return The members' accounts.
    function members() external view returns (address[] memory);

    /// @notice The account allowed to register and remove members.
    /// @return The admin's account.
    function admin() external view returns (address);
}
