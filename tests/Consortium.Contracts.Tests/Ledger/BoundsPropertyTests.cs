using System.Numerics;
using Consortium.Contracts.Ledger;
using static Consortium.Contracts.Tests.LedgerScenario;

namespace Consortium.Contracts.Tests.Ledger;

/// <summary>
/// Seeded randomized properties of the bounds the chain puts on the coordinator, each case real transactions on anvil:
/// no round pays more than the governance pool it was opened with, nor any member more than its leaf, whatever table the
/// coordinator commits; and a malicious-update slash happens exactly when the rules say (evidence matching the
/// commitment, after the challenge window, not reversed, not lapsed), never otherwise. A failing case names its seed.
/// </summary>
[Collection(AnvilCollection.Name)]
public sealed class BoundsPropertyTests(AnvilFixture anvil)
{
    private const int PayoutCases = 30;
    private const int SlashCases = 24;
    private static readonly BigInteger Pool = TokenAmount.FromTokens(20m);

    [Fact]
    public async Task NoRoundPaysMoreThanItsPoolNorAnyMemberMoreThanItsLeaf()
    {
        var (coordinator, members) = await anvil.DeployWithMembersAsync(4, setup => setup with { RewardPoolPerRound = Pool });
        var random = new Random(20_261_205);
        for (var @case = 0; @case < PayoutCases; @case++)
        {
            // Rewards up to 12 tokens each for up to four members: the tables' totals fall on both sides of the pool.
            var players = members.Take(random.Next(1, members.Count + 1)).ToArray();
            var rewards = players.Select(_ => TokenAmount.FromTokens(random.Next(0, 1_201) / 100m)).ToArray();
            var inflation = TokenAmount.FromTokens(random.Next(1, 500) / 100m);
            var opening = await OpenAsync(coordinator);
            await Task.WhenAll(players.Select(m => m.Rounds.CommitUpdateAsync(opening.RoundId, UpdateOf(m, opening.RoundId))));
            var table = RoundScoreTable.Create(
                opening.RoundId, players.Select((m, i) => new MemberScore(AddressOf(m), 100_000 * (i + 1), rewards[i])).ToArray(), []);
            var context = $"case {@case}: rewards [{string.Join(", ", rewards)}], pool {Pool}";

            if (table.RewardPool <= Pool)
            {
                await coordinator.Rounds.FinalizeRoundAsync(table, NewModel);
            }
            else
            {
                var refused = await Assert.ThrowsAsync<LedgerRevertedException>(() => coordinator.Rounds.FinalizeRoundAsync(table, NewModel));
                Assert.True(refused.ErrorName == "RoundLedger_RewardPoolAboveCap", $"{context}: {refused.Signature}");
                // The coordinator declares the pool but commits a tree whose leaves add up to more: claims still stop at the pool.
                await RoundsClient(coordinator).FinalizeRoundAsync(
                    table.RoundId, NewModel, table.RewardRoot, table.ScoreTableHash, Pool, table.Scores.Count, [], CancellationToken.None);
            }

            var declared = BigInteger.Min(table.RewardPool, Pool);
            var paid = BigInteger.Zero;
            foreach (var member in players.OrderBy(_ => random.Next()))
            {
                var score = table.Tree.GetScore(AddressOf(member));
                var forged = await Assert.ThrowsAsync<LedgerRevertedException>(() => member.Rounds.ClaimRewardAsync(
                    table.RoundId, score with { Reward = score.Reward + inflation }, table.GetProof(score.Member)));
                Assert.True(forged.ErrorName == "RoundLedger_InvalidProof", $"{context}: {forged.Signature}");
                if (paid + score.Reward <= declared)
                {
                    await member.Rounds.ClaimRewardAsync(table, score.Member);
                    paid += score.Reward;
                }
                else
                {
                    var beyond = await Assert.ThrowsAsync<LedgerRevertedException>(() => member.Rounds.ClaimRewardAsync(table, score.Member));
                    Assert.True(beyond.ErrorName == "RoundLedger_PoolExceeded", $"{context}: {beyond.Signature}");
                }
            }

            var round = await coordinator.Rounds.GetRoundAsync(table.RoundId);
            Assert.True(round.RewardClaimed == paid && paid <= round.RewardPool && round.RewardPool <= round.RewardCap && round.RewardCap == Pool, context);
            foreach (var claim in await coordinator.Rounds.GetRewardClaimedEventsAsync(table.RoundId))
            {
                Assert.True(claim.Reward == table.Tree.GetScore(claim.Member).Reward, $"{context}: {claim.Member} paid {claim.Reward}");
            }
        }
    }

    [Fact]
    public async Task AMaliciousUpdateIsSlashedExactlyWhenTheEvidenceMatchesTheWindowPassedAndTheMembersDidNotReverseIt()
    {
        await using var court = await AccusationTests.Court.StartAsync();
        var random = new Random(5_122_026);
        var minStake = await court.Coordinator.Registry.GetMinStakeAsync();
        for (var @case = 0; @case < SlashCases; @case++)
        {
            var evidenceMatches = random.Next(3) != 0;
            var disputed = random.Next(2) == 0;
            var votes = court.Judges.Select(_ => random.Next(3)).ToArray(); // 0 approve reversal, 1 reject it, 2 abstain
            var context = $"case {@case}: evidence {(evidenceMatches ? "matches" : "differs")}, {(disputed ? $"disputed, votes [{string.Join(", ", votes)}]" : "undisputed")}";
            await TopUpAsync(court, minStake);
            var (round, exclusions) = await court.RoundWithPoisonerAsync();
            var stake = await court.StakeOfAccusedAsync();
            var evidence = court.Evidence(round);
            if (!evidenceMatches)
            {
                evidence = evidence with { UpdateHash = Keccak.Hash([.. evidence.UpdateHash.ToArray(), (byte)@case]) };
                var refused = await Assert.ThrowsAsync<LedgerRevertedException>(() => court.Coordinator.Rounds.AccuseAsync(round, court.AccusedAddress, evidence, exclusions));
                Assert.True(refused.ErrorName == "RoundLedger_EvidenceMismatch", $"{context}: {refused.Signature}");
                var nothing = await Assert.ThrowsAsync<LedgerRevertedException>(() => court.Bystander.Rounds.SettleAccusationAsync(round, court.AccusedAddress));
                Assert.True(nothing.ErrorName == "RoundLedger_NoAccusation", $"{context}: {nothing.Signature}");
                Assert.True(stake == await court.StakeOfAccusedAsync(), context);
                continue;
            }

            await court.Coordinator.Rounds.AccuseAsync(round, court.AccusedAddress, evidence, exclusions);
            var early = await Assert.ThrowsAsync<LedgerRevertedException>(() => court.Bystander.Rounds.SettleAccusationAsync(round, court.AccusedAddress));
            Assert.True(early.ErrorName == "RoundLedger_ChallengeWindowOpen", $"{context}: {early.Signature}");
            var expected = AccusationStatus.Upheld;
            if (disputed)
            {
                await court.Chain.IncreaseTimeAsync(TimeSpan.FromSeconds(random.Next(10, 40)));
                var dispute = await court.Accused.Rounds.DisputeAsync(round, $"case {@case}: I object");
                var proposal = await court.Coordinator.Registry.GetProposalAsync(dispute.ProposalId);
                var (approvals, rejections) = (0, 0);
                expected = AccusationStatus.Lapsed;
                for (var j = 0; j < votes.Length && expected == AccusationStatus.Lapsed; j++)
                {
                    if (votes[j] == 0)
                    {
                        await court.Judges[j].Registry.VoteAsync(dispute.ProposalId);
                        approvals++;
                    }
                    else if (votes[j] == 1)
                    {
                        await court.Judges[j].Registry.RejectAsync(dispute.ProposalId);
                        rejections++;
                    }

                    expected = approvals >= proposal.RequiredVotes ? AccusationStatus.Reversed
                        : rejections + proposal.RequiredVotes > proposal.Electorate ? AccusationStatus.Upheld
                        : AccusationStatus.Lapsed;
                }
            }

            var accusation = await court.Coordinator.Rounds.GetAccusationAsync(round, court.AccusedAddress);
            await court.Chain.IncreaseTimeAsync(accusation.ChallengeEndsAt - await court.ChainNowAsync() + TimeSpan.FromSeconds(2));
            if (expected == AccusationStatus.Lapsed)
            {
                // Past the challenge window but inside the vote: an undecided dispute cannot be settled yet.
                var open = await Assert.ThrowsAsync<LedgerRevertedException>(() => court.Bystander.Rounds.SettleAccusationAsync(round, court.AccusedAddress));
                Assert.True(open.ErrorName == "RoundLedger_DisputeVoteOpen", $"{context}: {open.Signature}");
                Assert.True(stake == await court.StakeOfAccusedAsync(), context);
                await court.Chain.IncreaseTimeAsync(accusation.VoteEndsAt!.Value - await court.ChainNowAsync() + TimeSpan.FromSeconds(2));
            }

            await court.Bystander.Rounds.SettleAccusationAsync(round, court.AccusedAddress);

            var after = await court.Coordinator.Rounds.GetAccusationAsync(round, court.AccusedAddress);
            var slashed = expected == AccusationStatus.Upheld ? stake / 2 : BigInteger.Zero;
            Assert.True(after.Status == expected, $"{context}: expected {expected}, the ledger says {after.Status}");
            Assert.True(stake - slashed == await court.StakeOfAccusedAsync(), $"{context}: expected a slash of {slashed}");
            Assert.True(after.Slashed == slashed, context);
        }
    }

    /// <summary>Brings the accused back to the minimum stake after a slash, so that it can commit in the next round.</summary>
    private static async Task TopUpAsync(AccusationTests.Court court, BigInteger minStake)
    {
        var missing = minStake - await court.StakeOfAccusedAsync();
        if (missing > 0)
        {
            await court.Coordinator.Token.TransferAsync(court.AccusedAddress, missing);
            await court.Accused.Registry.TopUpStakeAsync(missing);
        }
    }
}
