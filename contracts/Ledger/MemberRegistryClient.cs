using Consortium.Contracts.Bindings;
using Consortium.Contracts.Chain;
using Nethereum.RPC.Eth.DTOs;

namespace Consortium.Contracts.Ledger;

/// <summary>Typed access to the consortium's MemberRegistry contract.</summary>
public sealed class MemberRegistryClient
{
    private readonly ChainConnection _connection;

    /// <summary>Binds to the registry at <paramref name="address"/>.</summary>
    /// <param name="connection">The endpoint, with a signer for <see cref="RegisterMemberAsync"/> and <see cref="RemoveMemberAsync"/>.</param>
    /// <param name="address">The registry's address.</param>
    public MemberRegistryClient(ChainConnection connection, ChainAddress address)
    {
        _connection = connection ?? throw new ArgumentNullException(nameof(connection));
        Address = address;
    }

    /// <summary>The registry's address.</summary>
    public ChainAddress Address { get; }

    /// <summary>Registers <paramref name="member"/>; only the registry's admin may.</summary>
    /// <param name="member">The member's account.</param>
    /// <param name="name">Its display name.</param>
    /// <param name="cancellationToken">Stops waiting for the receipt.</param>
    /// <exception cref="LedgerRevertedException"><c>Registry_NotAdmin</c>, <c>Registry_AlreadyMember</c>, <c>Registry_EmptyName</c>, <c>Registry_ZeroAddress</c>.</exception>
    public async Task<LedgerTransaction> RegisterMemberAsync(ChainAddress member, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        var message = new RegisterMemberFunction { Member = member.ToString(), Name = name };
        return (await _connection.SendAsync(Address, message, cancellationToken).ConfigureAwait(false)).Transaction;
    }

    /// <summary>Removes <paramref name="member"/>; it can no longer commit updates. Only the admin may.</summary>
    /// <param name="member">The member's account.</param>
    /// <param name="cancellationToken">Stops waiting for the receipt.</param>
    /// <exception cref="LedgerRevertedException"><c>Registry_NotAdmin</c>, <c>Registry_NotMember</c>.</exception>
    public async Task<LedgerTransaction> RemoveMemberAsync(ChainAddress member, CancellationToken cancellationToken = default)
    {
        var message = new RemoveMemberFunction { Member = member.ToString() };
        return (await _connection.SendAsync(Address, message, cancellationToken).ConfigureAwait(false)).Transaction;
    }

    /// <summary>Whether <paramref name="account"/> is a current member.</summary>
    /// <param name="account">The account.</param>
    public Task<bool> IsMemberAsync(ChainAddress account) =>
        _connection.QueryAsync<IsMemberFunction, bool>(Address, new IsMemberFunction { Account = account.ToString() });

    /// <summary>The display name of a current member.</summary>
    /// <param name="member">The member.</param>
    /// <exception cref="LedgerRevertedException"><c>Registry_NotMember</c>.</exception>
    public Task<string> GetMemberNameAsync(ChainAddress member) =>
        _connection.QueryAsync<MemberNameFunction, string>(Address, new MemberNameFunction { Member = member.ToString() });

    /// <summary>All current members, in no particular order.</summary>
    public async Task<IReadOnlyList<ChainAddress>> GetMembersAsync()
    {
        var members = await _connection.QueryAsync<MembersFunction, List<string>>(Address, new MembersFunction()).ConfigureAwait(false);
        return members.Select(ChainAddress.FromChain).ToArray();
    }

    /// <summary>The account allowed to register and remove members.</summary>
    public async Task<ChainAddress> GetAdminAsync() =>
        ChainAddress.FromChain(await _connection.QueryAsync<AdminFunction, string>(Address, new AdminFunction()).ConfigureAwait(false));

    /// <summary>Every <c>MemberRegistered</c> event from <paramref name="fromBlock"/> on, in chain order.</summary>
    /// <param name="fromBlock">The first block to search.</param>
    public async Task<IReadOnlyList<MemberRegisteredEvent>> GetMemberRegisteredEventsAsync(ulong fromBlock = 0)
    {
        var logs = await _connection.GetEventsAsync<MemberRegisteredEventDto>(
            Address, e => e.CreateFilterInput(ChainValues.FromBlock(fromBlock), BlockParameter.CreateLatest())).ConfigureAwait(false);
        return ChainValues.InChainOrder(logs)
            .Select(log => new MemberRegisteredEvent(
                ChainAddress.FromChain(log.Event.Member), log.Event.Name, ChainValues.TxHash(log.Log), ChainValues.Block(log.Log)))
            .ToArray();
    }
}
