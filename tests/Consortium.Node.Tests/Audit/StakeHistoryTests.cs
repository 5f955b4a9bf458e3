using Consortium.Contracts.Chain;
using Consortium.Contracts.Ledger;
using Consortium.Node.Audit;

namespace Consortium.Node.Tests.Audit;

/// <summary>Stakes rebuilt from the registry's events of a real run.</summary>
[Collection(AuditedRunCollection.Name)]
public sealed class StakeHistoryTests(AuditedRun run)
{
    [Fact]
    public async Task ASlashIsTakenFromTheStakeRegisteredLessEveryEarlierSlash()
    {
        var registry = new ConsortiumLedger(ChainConnection.ReadOnly(run.Chain.RpcUrl), run.Addresses).Registry;
        var stakes = await StakeHistory.ReadAsync(registry);

        var slash = Assert.Single(stakes.SlashesOf(run.Perth.Address));
        var (before, _) = await stakes.StakeBeforeAsync(slash);

        // Perth did not deliver in round 1: the non-delivery rate, 10 %, of the 100 tokens it was founded with.
        Assert.Equal(TokenAmount.FromTokens(100m), before);
        Assert.Equal(TokenAmount.FromTokens(10m), slash.Amount);
        Assert.Equal(run.Addresses.Rounds, slash.Ledger);
        Assert.Equal((int)ExclusionReason.NotDelivered, slash.Reason);
    }

    [Fact]
    public async Task AStakeThatWasAlsoToppedUpCannotBeRebuiltAndSaysWhy()
    {
        var registry = new ConsortiumLedger(ChainConnection.ReadOnly(run.Chain.RpcUrl), run.Addresses).Registry;
        var stakes = await StakeHistory.ReadAsync(registry);

        var slash = Assert.Single(stakes.SlashesOf(run.Angus.Address));
        var (before, reason) = await stakes.StakeBeforeAsync(slash);

        Assert.Null(before);
        Assert.Contains($"changed by {TokenAmount.FromTokens(50m)} other than by slashes", reason);
    }
}
