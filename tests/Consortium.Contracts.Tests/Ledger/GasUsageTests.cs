using Consortium.Contracts.Ledger;
using Xunit.Abstractions;
using static Consortium.Contracts.Tests.LedgerScenario;

namespace Consortium.Contracts.Tests.Ledger;

/// <summary>
/// The gas budget: a member's commit and claim of one round together cost at most 150 000, from its very first round
/// (whose claim also creates its token balance) on; and the coordinator's gas per round (open + finalize) at 20 members is
/// at most 1.25 times that at 3.
/// </summary>
[Collection(AnvilCollection.Name)]
public sealed class GasUsageTests(AnvilFixture anvil, ITestOutputHelper output)
{
    private const ulong MemberBudget = 150_000;

    [Fact]
    public async Task EachMembersCommitAndClaimStayUnderBudgetFromItsFirstRoundAndTheCoordinatorsGasBarelyGrows()
    {
        var three = await MeasureAsync(3, excluded: 0);
        var twenty = await MeasureAsync(20, excluded: 2);

        var ratio = (double)twenty.Steady.Coordinator / three.Steady.Coordinator;
        foreach (var (members, run) in new[] { (3, three), (20, twenty) })
        {
            output.WriteLine(
                $"{members} members, first round (the claim creates the member's token balance): commit max {run.First.CommitMax}, claim max {run.First.ClaimMax}, commit + claim max {run.First.MemberMax}");
            output.WriteLine(
                $"{members} members, steady round: commit max {run.Steady.CommitMax}, claim max {run.Steady.ClaimMax}, commit + claim max {run.Steady.MemberMax}");
        }

        output.WriteLine($"coordinator gas per round (open + finalize): 3 members {three.Steady.Coordinator}, 20 members with 2 excluded {twenty.Steady.Coordinator}, ratio {ratio:F3}");
        output.WriteLine($"enforcing 2 exclusions (anyone, once): {twenty.Steady.Enforce}");
        Assert.InRange(ratio, 0.5, 1.25);
        foreach (var run in new[] { three, twenty })
        {
            Assert.InRange(run.First.MemberMax, 42_000UL, MemberBudget);
            Assert.InRange(run.Steady.MemberMax, 42_000UL, MemberBudget);
        }
    }

    /// <summary>Two rounds with the same members: their first (everyone delivers), then a steady one with exclusions.</summary>
    private async Task<(RoundGas First, RoundGas Steady)> MeasureAsync(int memberCount, int excluded)
    {
        var (coordinator, members) = await anvil.DeployWithMembersAsync(memberCount);
        var first = await RunMeasuredRoundAsync(coordinator, members, excluded: 0);
        var steady = await RunMeasuredRoundAsync(coordinator, members, excluded);
        return (first, steady);
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
            delivering.Select((m, i) => new MemberScore(AddressOf(m), 250_000 + (i * 1_000), TokenAmount.FromTokens(100m) / delivering.Length)).ToArray(),
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
