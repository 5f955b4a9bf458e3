using Consortium.Contracts.Ledger;
using Xunit.Abstractions;

namespace Consortium.Contracts.Tests.Ledger;

/// <summary>Guards the gas a three-member round costs, so a storage layout change that doubles it is noticed.</summary>
[Collection(AnvilCollection.Name)]
public sealed class GasUsageTests(AnvilFixture anvil, ITestOutputHelper output)
{
    [Fact]
    public async Task AThreeMemberRoundStaysWithinItsGasBudget()
    {
        var (coordinator, members) = await anvil.DeployWithMembersAsync(3);

        var open = await coordinator.Rounds.OpenRoundAsync(Keccak.Hash("model"u8), DateTimeOffset.UtcNow.AddHours(1));
        var commits = new List<LedgerTransaction>();
        foreach (var member in members)
        {
            commits.Add(await member.Rounds.CommitUpdateAsync(open.RoundId, Keccak.Hash(member.Account!.Value.ToString().Select(c => (byte)c).ToArray())));
        }

        var finalize = await coordinator.Rounds.FinalizeRoundAsync(
            open.RoundId,
            Keccak.Hash("model 2"u8),
            members.Select((m, i) => new MemberScore(m.Account!.Value, 300_000 + i, RewardTokenClient.ToUnits(1 + i))).ToArray());

        output.WriteLine($"openRound: {open.Transaction.GasUsed} gas");
        output.WriteLine($"commitUpdate: {string.Join(", ", commits.Select(c => c.GasUsed))} gas");
        output.WriteLine($"finalizeRound (3 members): {finalize.GasUsed} gas");
        Assert.InRange(open.Transaction.GasUsed, 21_000UL, 120_000UL);
        Assert.All(commits, commit => Assert.InRange(commit.GasUsed, 21_000UL, 110_000UL));
        Assert.InRange(finalize.GasUsed, 21_000UL, 320_000UL);
    }
}
