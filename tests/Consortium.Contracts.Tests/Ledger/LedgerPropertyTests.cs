using System.Numerics;
using Consortium.Contracts.Chain;
using Consortium.Contracts.Ledger;
using CsCheck;
using static Consortium.Contracts.Tests.LedgerScenario;

namespace Consortium.Contracts.Tests.Ledger;

/// <summary>
/// Property tests of the ledger's invariants against a real anvil: rewards paid never exceed the pool, a claim cannot be
/// repeated, only members commit, and stake accounting balances. Each sample drives real transactions, so the sample
/// counts are modest; the generators cover sizes, reward splits, forged claims and operation sequences.
/// </summary>
[Collection(AnvilCollection.Name)]
public sealed class LedgerPropertyTests(AnvilFixture anvil)
{
    private const int ChainSamples = 12;

    private static readonly Gen<long[]> Rewards = Gen.Long[0, 5_000_000].Array[1, 6];

    [Fact]
    public void EveryMemberOfAnyTableProvesItsOwnLeafAndNoForgedLeaf()
    {
        Gen.Select(Gen.ULong[1, 1_000_000], Gen.Select(Gen.Long[-2_000_000, 2_000_000], Gen.Long[0, long.MaxValue]).Array[1, 40])
            .Sample((roundId, entries) =>
            {
                var scores = entries.Select(e => new MemberScore(ChainAccount.Generate().Address, e.Item1, e.Item2)).ToArray();
                var table = RoundScoreTable.Create(roundId, scores, []);
                Assert.Equal(scores.Aggregate(BigInteger.Zero, (sum, s) => sum + s.Reward), table.RewardPool);
                foreach (var score in scores)
                {
                    var proof = table.GetProof(score.Member);
                    Assert.True(RewardMerkleTree.Verify(table.RewardRoot, RewardMerkleTree.LeafHash(roundId, score), proof));
                    Assert.False(RewardMerkleTree.Verify(table.RewardRoot, RewardMerkleTree.LeafHash(roundId, score with { Reward = score.Reward + 1 }), proof));
                }
            }, iter: 200);
    }

    [Fact]
    public async Task RewardsPaidNeverExceedThePoolAndNoClaimIsRepeated()
    {
        var (coordinator, members) = await anvil.DeployWithMembersAsync(6);
        await Gen.Select(Rewards, Gen.Int[0, 3], Gen.Long[1, 1_000_000]).SampleAsync(async (rewards, attempts, inflation) =>
        {
            var players = members.Take(rewards.Length).ToArray();
            var table = await RunRoundAsync(coordinator, players, i => rewards[i]);
            var paid = BigInteger.Zero;
            for (var attempt = 0; attempt <= attempts; attempt++)
            {
                foreach (var member in players)
                {
                    var score = table.Tree.GetScore(AddressOf(member));
                    var forged = score with { Reward = score.Reward + inflation };
                    await Assert.ThrowsAsync<LedgerRevertedException>(
                        () => member.Rounds.ClaimRewardAsync(table.RoundId, forged, table.GetProof(score.Member)));
                    if (attempt == 0)
                    {
                        await member.Rounds.ClaimRewardAsync(table, score.Member);
                        paid += score.Reward;
                    }
                    else
                    {
                        var repeated = await Assert.ThrowsAsync<LedgerRevertedException>(() => member.Rounds.ClaimRewardAsync(table, score.Member));
                        Assert.Equal("RoundLedger_AlreadyClaimed", repeated.ErrorName);
                    }
                }

                var round = await coordinator.Rounds.GetRoundAsync(table.RoundId);
                Assert.Equal(paid, round.RewardClaimed);
                Assert.True(round.RewardClaimed <= round.RewardPool);
            }

            var settled = await coordinator.Rounds.GetRoundAsync(table.RoundId);
            Assert.Equal(settled.RewardPool, settled.RewardClaimed);
        }, iter: ChainSamples, threads: 1);

        Assert.Equal(BigInteger.Zero, await coordinator.Token.BalanceOfAsync(coordinator.Addresses.Rounds));
    }

    [Fact]
    public async Task OnlyActiveContributingMembersCommit()
    {
        var (coordinator, members) = await anvil.DeployWithMembersAsync(3);
        var outsiders = await anvil.CreateAccountsAsync(coordinator.Addresses, 3);
        await members[2].Registry.AnnounceExitAsync();
        var everyone = members.Concat(outsiders).Append(coordinator).ToArray();
        await Gen.Int[0, everyone.Length - 1].Array[1, 8].SampleAsync(async callers =>
        {
            var opening = await OpenAsync(coordinator);
            foreach (var index in callers.Distinct())
            {
                var caller = everyone[index];
                var record = await coordinator.Registry.GetMemberAsync(AddressOf(caller));
                var mayCommit = record.IsActive && record.Role is MemberRole.Operator or MemberRole.Automaker;
                if (mayCommit)
                {
                    await caller.Rounds.CommitUpdateAsync(opening.RoundId, UpdateOf(caller, opening.RoundId));
                }
                else
                {
                    var revert = await Assert.ThrowsAsync<LedgerRevertedException>(() => caller.Rounds.CommitUpdateAsync(opening.RoundId, UpdateOf(caller, opening.RoundId)));
                    Assert.StartsWith("RoundLedger_Not", revert.ErrorName);
                }
            }

            var committed = await coordinator.Rounds.GetUpdateCommittedEventsAsync(opening.RoundId);
            Assert.All(committed, c => Assert.Contains(c.Member, members.Take(2).Select(AddressOf)));
        }, iter: ChainSamples, threads: 1);
    }

    [Fact]
    public async Task StakeAccountingBalancesThroughAnySequenceOfMembershipOperations()
    {
        var (coordinator, members) = await anvil.DeployWithMembersAsync(3, setup => setup with { AdmissionThresholdBps = 2_500 });
        var applicants = await anvil.CreateAccountsAsync(coordinator.Addresses, 3);
        var minStake = await coordinator.Registry.GetMinStakeAsync();
        foreach (var applicant in applicants)
        {
            await coordinator.Token.TransferAsync(AddressOf(applicant), 4 * minStake);
        }

        var everyone = members.Concat(applicants).ToArray();
        var operations = Gen.Select(Gen.Int[0, 4], Gen.Int[0, everyone.Length - 1], Gen.Long[1, 1_000_000]).Array[1, 6];
        await operations.SampleAsync(async steps =>
        {
            foreach (var (operation, who, amount) in steps)
            {
                await ApplyAsync(coordinator, members, everyone[who], operation, amount);
            }

            await AssertStakesBalanceAsync(coordinator, everyone.Append(coordinator).ToArray());
        }, iter: ChainSamples, threads: 1);
    }

    /// <summary>One membership operation; those the ledger refuses in the account's state must leave the books unchanged.</summary>
    private static async Task ApplyAsync(ConsortiumLedger coordinator, IReadOnlyList<ConsortiumLedger> voters, ConsortiumLedger account, int operation, long amount)
    {
        try
        {
            switch (operation)
            {
                case 0:
                    var application = await account.Registry.ApplyForMembershipAsync("Applicant", MemberRole.Operator);
                    if (amount % 2 == 0)
                    {
                        await coordinator.Registry.VoteAsync(application.ProposalId);
                    }
                    else
                    {
                        await account.Registry.WithdrawApplicationAsync(application.ProposalId);
                    }

                    break;
                case 1:
                    await account.Registry.TopUpStakeAsync(amount);
                    break;
                case 2:
                    await SlashThroughARoundAsync(coordinator, account, amount % 2 == 0 ? ExclusionReason.InvalidUpdate : ExclusionReason.NotDelivered);
                    break;
                case 3:
                    var pending = await coordinator.Registry.GetLatestProposalIdAsync();
                    foreach (var voter in voters)
                    {
                        await voter.Registry.VoteAsync(pending);
                    }

                    break;
                default:
                    await account.Registry.AnnounceExitAsync();
                    break;
            }
        }
        catch (LedgerRevertedException)
        {
            // Refused in this state (not a member, already one, nothing pending, below the minimum...): nothing changed.
        }
    }

    private static async Task SlashThroughARoundAsync(ConsortiumLedger coordinator, ConsortiumLedger member, ExclusionReason reason)
    {
        var opening = await OpenAsync(coordinator);
        try
        {
            await member.Rounds.CommitUpdateAsync(opening.RoundId, UpdateOf(member, opening.RoundId));
        }
        finally
        {
            var committed = (await coordinator.Rounds.GetCommitmentAsync(opening.RoundId, AddressOf(member))).IsCommitted;
            MemberExclusion[] exclusions = committed ? [new MemberExclusion(AddressOf(member), reason)] : [];
            await coordinator.Rounds.FinalizeRoundAsync(RoundScoreTable.Create(opening.RoundId, [], exclusions), GlobalModel);
            if (committed)
            {
                await coordinator.Rounds.EnforceExclusionsAsync(opening.RoundId, exclusions);
            }
        }
    }

    private static async Task AssertStakesBalanceAsync(ConsortiumLedger coordinator, IReadOnlyList<ConsortiumLedger> accounts)
    {
        var stakes = await Task.WhenAll(accounts.Select(async a => (await coordinator.Registry.GetMemberAsync(AddressOf(a))).Stake));
        var totalStaked = await coordinator.Registry.GetTotalStakedAsync();
        var escrowed = await coordinator.Registry.GetTotalEscrowedAsync();
        var held = await coordinator.Token.BalanceOfAsync(coordinator.Addresses.Registry);
        Assert.Equal(stakes.Aggregate(BigInteger.Zero, (sum, stake) => sum + stake), totalStaked);
        Assert.Equal(totalStaked + escrowed, held);
        var minted = (await coordinator.Registry.GetMemberRegisteredEventsAsync()).Take(4).Aggregate(BigInteger.Zero, (sum, e) => sum + e.Stake);
        var burned = (await coordinator.Registry.GetMemberSlashedEventsAsync()).Aggregate(BigInteger.Zero, (sum, e) => sum + e.Amount);
        var treasury = TokenAmount.FromTokens(10_000m);
        var pools = (await coordinator.Rounds.GetRoundFinalizedEventsAsync()).Aggregate(BigInteger.Zero, (sum, e) => sum + e.RewardPool);
        Assert.Equal(minted + treasury + pools - burned, await coordinator.Token.TotalSupplyAsync());
    }
}
