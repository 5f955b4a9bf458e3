using System.Numerics;
using Consortium.Contracts.Ledger;

namespace Consortium.Contracts.Tests.Ledger;

[Collection(AnvilCollection.Name)]
public sealed class RewardTokenClientTests(AnvilFixture anvil)
{
    [Fact]
    public async Task TokenIsConsortiumRewardWithEighteenDecimalsMintedOnlyByTheRoundLedger()
    {
        var coordinator = await anvil.DeployAsync();

        Assert.Equal("Consortium Reward", await coordinator.Token.GetNameAsync());
        Assert.Equal("CRT", await coordinator.Token.GetSymbolAsync());
        Assert.Equal((byte)RewardTokenClient.Decimals, await coordinator.Token.GetDecimalsAsync());
        Assert.Equal(coordinator.Addresses.Rounds, await coordinator.Token.GetMinterAsync());
        Assert.Equal(BigInteger.Zero, await coordinator.Token.TotalSupplyAsync());
    }

    [Fact]
    public async Task MemberCanTransferItsRewardsButNotMoreThanItHolds()
    {
        var (coordinator, members) = await anvil.DeployWithMembersAsync(2);
        var opening = await coordinator.Rounds.OpenRoundAsync(Keccak.Hash("model"u8), DateTimeOffset.UtcNow.AddHours(1));
        await members[0].Rounds.CommitUpdateAsync(opening.RoundId, Keccak.Hash("update"u8));
        var earner = members[0].Account!.Value;
        var recipient = members[1].Account!.Value;
        await coordinator.Rounds.FinalizeRoundAsync(opening.RoundId, Keccak.Hash("model 2"u8), [new MemberScore(earner, 1_000_000, 100)]);

        await members[0].Token.TransferAsync(recipient, 40);
        var revert = await Assert.ThrowsAsync<LedgerRevertedException>(() => members[0].Token.TransferAsync(recipient, 61));

        Assert.Equal(new BigInteger(60), await coordinator.Token.BalanceOfAsync(earner));
        Assert.Equal(new BigInteger(40), await coordinator.Token.BalanceOfAsync(recipient));
        Assert.Equal("ERC20InsufficientBalance", revert.ErrorName);
        Assert.Equal(new BigInteger(60), revert.GetArgument<BigInteger>("balance"));
        Assert.Equal(new BigInteger(61), revert.GetArgument<BigInteger>("needed"));
    }

    [Theory]
    [InlineData("1", "1000000000000000000")]
    [InlineData("0.25", "250000000000000000")]
    [InlineData("12345.000000000000000001", "12345000000000000000001")]
    [InlineData("0", "0")]
    public void ToUnitsScalesTokensByTenToTheEighteen(string tokens, string units)
    {
        var amount = decimal.Parse(tokens, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(BigInteger.Parse(units, System.Globalization.CultureInfo.InvariantCulture), RewardTokenClient.ToUnits(amount));
    }
}
