using Consortium.Contracts.Ledger;

namespace Consortium.Contracts.Tests.Ledger;

[Collection(AnvilCollection.Name)]
public sealed class MemberRegistryClientTests(AnvilFixture anvil)
{
    [Fact]
    public async Task RegisteredAccountIsAMemberWithItsNameAndAnEvent()
    {
        var coordinator = await anvil.DeployAsync();
        var account = (await anvil.CreateAccountsAsync(coordinator.Addresses, 1))[0].Account!.Value;
        Assert.False(await coordinator.Registry.IsMemberAsync(account));

        var registration = await coordinator.Registry.RegisterMemberAsync(account, "Dundee City Council");

        Assert.True(await coordinator.Registry.IsMemberAsync(account));
        Assert.Equal("Dundee City Council", await coordinator.Registry.GetMemberNameAsync(account));
        Assert.Equal([account], await coordinator.Registry.GetMembersAsync());
        var registered = Assert.Single(await coordinator.Registry.GetMemberRegisteredEventsAsync());
        Assert.Equal(account, registered.Member);
        Assert.Equal("Dundee City Council", registered.Name);
        Assert.Equal(registration.TxHash, registered.TxHash);
    }

    [Fact]
    public async Task OnlyTheAdminMayRegisterMembers()
    {
        var (coordinator, members) = await anvil.DeployWithMembersAsync(1);
        var newcomer = (await anvil.CreateAccountsAsync(coordinator.Addresses, 1))[0].Account!.Value;

        var revert = await Assert.ThrowsAsync<LedgerRevertedException>(
            () => members[0].Registry.RegisterMemberAsync(newcomer, "Self-appointed"));

        Assert.Equal("Registry_NotAdmin", revert.ErrorName);
        Assert.Equal(members[0].Account!.Value, revert.GetArgument<ChainAddress>("caller"));
        Assert.False(await coordinator.Registry.IsMemberAsync(newcomer));
    }

    [Fact]
    public async Task RegisteringAMemberTwiceReverts()
    {
        var (coordinator, members) = await anvil.DeployWithMembersAsync(1);

        var revert = await Assert.ThrowsAsync<LedgerRevertedException>(
            () => coordinator.Registry.RegisterMemberAsync(members[0].Account!.Value, "Again"));

        Assert.Equal($"Registry_AlreadyMember({members[0].Account})", revert.Signature);
    }

    [Fact]
    public async Task RegisteringWithAnEmptyNameReverts()
    {
        var coordinator = await anvil.DeployAsync();
        var account = (await anvil.CreateAccountsAsync(coordinator.Addresses, 1))[0].Account!.Value;

        var revert = await Assert.ThrowsAsync<LedgerRevertedException>(() => coordinator.Registry.RegisterMemberAsync(account, ""));

        Assert.Equal("Registry_EmptyName", revert.ErrorName);
    }

    [Fact]
    public async Task RemovedMemberIsNoLongerListedAndCannotCommit()
    {
        var (coordinator, members) = await anvil.DeployWithMembersAsync(3);
        var leaving = members[0].Account!.Value;
        var opening = await coordinator.Rounds.OpenRoundAsync(Keccak.Hash("model"u8), DateTimeOffset.UtcNow.AddHours(1));

        await coordinator.Registry.RemoveMemberAsync(leaving);

        Assert.False(await coordinator.Registry.IsMemberAsync(leaving));
        Assert.Equal(
            members.Skip(1).Select(m => m.Account!.Value).ToHashSet(),
            (await coordinator.Registry.GetMembersAsync()).ToHashSet());
        var revert = await Assert.ThrowsAsync<LedgerRevertedException>(
            () => members[0].Rounds.CommitUpdateAsync(opening.RoundId, Keccak.Hash("update"u8)));
        Assert.Equal("Rounds_NotMember", revert.ErrorName);
    }
}
