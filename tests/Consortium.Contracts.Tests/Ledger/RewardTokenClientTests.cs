using System.Numerics;

using static Consortium.Contracts.Tests.LedgerScenario;

namespace Consortium.Contracts.Tests.Ledger;

[Collection(AnvilCollection.Name)]
public sealed class RewardTokenClientTests(AnvilFixture anvil)
{
    [Fact]
    public async Task TokenIsConsortiumRewardWithEighteenDecimalsMintedOnlyByTheRegistry()
    {
        var coordinator = await anvil.DeployAsync();

        Assert.Equal("Consortium Reward", await coordinator.Token.GetNameAsync());
        Assert.Equal("CRT", await coordinator.Token.GetSymbolAsync());
        Assert.Equal((byte)TokenAmount.Decimals, await coordinator.Token.GetDecimalsAsync());
        Assert.Equal(coordinator.Addresses.Registry, await coordinator.Token.GetMinterAsync());
        var revert = await Assert.ThrowsAsync<LedgerRevertedException>(() => coordinator.Connection.SendAsync(
            coordinator.Addresses.Token, new Consortium.Contracts.Bindings.MintFunction { To = AddressOf(coordinator).ToString(), Amount = 1 }, CancellationToken.None));
        Assert.Equal($"RewardToken_NotMinter({coordinator.Account})", revert.Signature);
    }

    [Fact]
    public async Task MemberCanTransferItsRewardsButNotMoreThanItHolds()
    {
        var (coordinator, members) = await anvil.DeployWithMembersAsync(2);
        var earner = AddressOf(members[0]);
        var recipient = AddressOf(members[1]);
        var table = await RunRoundAsync(coordinator, [members[0]], _ => 100);
        await members[0].Rounds.ClaimRewardAsync(table, earner);

        await members[0].Token.TransferAsync(recipient, 40);
        var revert = await Assert.ThrowsAsync<LedgerRevertedException>(() => members[0].Token.TransferAsync(recipient, 61));

        Assert.Equal(new BigInteger(60), await coordinator.Token.BalanceOfAsync(earner));
        Assert.Equal(new BigInteger(40), await coordinator.Token.BalanceOfAsync(recipient));
        Assert.Equal("ERC20InsufficientBalance", revert.ErrorName);
        Assert.Equal(new BigInteger(60), revert.GetArgument<BigInteger>("balance"));
        Assert.Equal(new BigInteger(61), revert.GetArgument<BigInteger>("needed"));
    }

    [Fact]
    public async Task ApprovalSetsTheAllowance()
    {
        var (coordinator, members) = await anvil.DeployWithMembersAsync(1);

        await coordinator.Token.ApproveAsync(AddressOf(members[0]), 1234);

        Assert.Equal(new BigInteger(1234), await coordinator.Token.AllowanceAsync(AddressOf(coordinator), AddressOf(members[0])));
    }
}
