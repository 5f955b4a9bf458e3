using Consortium.Contracts.Ledger;
using Xunit.Abstractions;
using static Consortium.Contracts.Tests.LedgerScenario;

namespace Consortium.Contracts.Tests.Ledger;

/// <summary>
/// The gas budget: the coordinator's gas per round (open + finalize) at 20 members at most 1.25 times that at 3,
/// and each member's gas per round (commit and claim) under 150 000.
/// </summary>
[Collection(AnvilCollection.Name)]
public sealed class GasUsageTests(AnvilFixture anvil, ITestOutputHelper output)
{
    private const ulong MemberBudget = 150_000;

    [Fact]
    public async Task CoordinatorGasPerRoundBarelyGrowsWithMembersAndEachMemberStaysUnderBudget()
    {
        var three = await MeasureAsync(3, excluded: 0);
        var twenty = await MeasureAsync(20, excluded: 2);

        var ratio = (double)twenty.Coordinator / three.Coordinator;
        output.WriteLine($"coordinator gas per round (open + finalize): 3 members {three.Coordinator}, 20 members with 2 excluded {twenty.Coordinator}, ratio {ratio:F3}");
        output.WriteLine($"member gas per round, 3 members: commit max {three.CommitMax}, claim max {three.ClaimMax}, commit + claim max {three.MemberMax}");
        output.WriteLine($"member gas per round, 20 members: commit max {twenty.CommitMax}, claim max {twenty.ClaimMax}, commit + claim max {twenty.MemberMax}");
        output.WriteLine($"enforcing 2 exclusions (anyone, once): {twenty.Enforce}");
        Assert.InRange(ratio, 0.5, 1.25);
        Assert.InRange(twenty.CommitMax, 21_000UL, MemberBudget);
        Assert.InRange(twenty.ClaimMax, 21_000UL, MemberBudget);
        Assert.InRange(three.MemberMax, 42_000UL, MemberBudget);
        Assert.InRange(twenty.MemberMax, 42_000UL, MemberBudget);
    }

    private async Task<RoundGas> MeasureAsync(int memberCount, int excluded)
    {
        var (coordinator, members) = await anvil.DeployWithMembersAsync(memberCount);
        var first = await RunMeasuredRoundAsync(coordinator, members, excluded: 0);
        var steady = await RunMeasuredRoundAsync(coordinator, members, excluded);
        output.WriteLine(
            $"{memberCount} members, a member's first round (creates its token balance): commit max {first.CommitMax}, claim max {first.ClaimMax}, commit + claim max {first.MemberMax}");
        Assert.InRange(first.CommitMax, 21_000UL, MemberBudget);
        Assert.InRange(first.ClaimMax, 21_000UL, MemberBudget);
        return steady;
    }

    /// <summary>
    /// One round: all but <paramref name="excluded"/> members commit and deliver; of the excluded, half commit and do not
    /// deliver, half miss the deadline. Delivering members are scored and claim.
    /// </summary>
    private static async Task<RoundGas> RunMeasuredRoundAsync(ConsortiumLedger coordinator, IReadOnlyList<ConsortiumLedger> members, int excluded)
    {
        var open = await OpenAsync(coordinator);
        var delivering = members.Take(members.Count - excluded).ToArray();
        var silent = members.Skip(members.Count - excluded).ToArray();
        var committing = delivering.Concat(silent.Take(excluded / 2)).ToArray();
        var commits = await Task.WhenAll(committing.Select(m => m.Rounds.CommitUpdateAsync(open.RoundId, UpdateOf(m, open.RoundId))));
        var commitGas = committing.Zip(commits).ToDictionary(pair => AddressOf(pair.First), pair => pair.Second.GasUsed);
        var exclusions = silent
            .Select((m, i) => new MemberExclusion(AddressOf(m), i < excluded / 2 ? ExclusionReason.NotDelivered : ExclusionReason.MissedDeadline))
            .ToArray();
        var table = RoundScoreTable.Create(
            open.RoundId,
            delivering.Select((m, i) => new MemberScore(AddressOf(m), 250_000 + (i * 1_000), RewardTokenClient.ToUnits(100m) / delivering.Length)).ToArray(),
            exclusions);
        var finalize = await coordinator.Rounds.FinalizeRoundAsync(table, NewModel);
        var claimGas = new Dictionary<ChainAddress, ulong>();
        foreach (var member in delivering)
        {
            claimGas[AddressOf(member)] = (await member.Rounds.ClaimRewardAsync(table, AddressOf(member))).GasUsed;
        }

        var enforce = exclusions.Length == 0 ? 0 : (await coordinator.Rounds.EnforceExclusionsAsync(open.RoundId, exclusions)).GasUsed;
        return new RoundGas(
            open.Transaction.GasUsed + finalize.GasUsed,
            commitGas.Values.Max(),
            claimGas.Values.Max(),
            claimGas.Max(claim => claim.Value + commitGas[claim.Key]),
            enforce);
    }

    private sealed record RoundGas(ulong Coordinator, ulong CommitMax, ulong ClaimMax, ulong MemberMax, ulong Enforce);
}
