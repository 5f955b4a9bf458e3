using System.Numerics;
using Consortium.Contracts;
using Consortium.Contracts.Ledger;

namespace Consortium.Node.Tests.Federation.Ledger;

/// <summary>
/// The RoundLedger contract in memory, as <paramref name="sender"/> sends to it: what <c>RoundLedger.sol</c> and
/// <c>CoordinatedLedger.sol</c> check, in their order, reverting with their custom errors; rewards minted at
/// finalization and paid out of the ledger's balance on claim; slashes taken from the registry's stakes.
/// </summary>
internal sealed class InMemoryRoundLedger(InMemoryChain chain, ChainAddress sender) : IRoundLedger
{
    private const int Bps = 10_000;
    private const ulong OpenGas = 120_000;
    private const ulong CommitGas = 70_000;
    private const ulong FinalizeGas = 160_000;
    private const ulong EnforceGas = 60_000;
    private const ulong ClaimGas = 90_000;
    private const ulong AbandonGas = 30_000;
    private const ulong AccuseGas = 80_000;
    private const ulong SettleGas = 60_000;

    /// <inheritdoc />
    public ChainAddress Address => chain.RoundsAddress;

    /// <inheritdoc />
    public Task<RoundOpening> OpenRoundAsync(
        FederatedTask task, Hash32 globalModelHash, DateTimeOffset commitDeadline, DateTimeOffset finalizeDeadline, bool secureAggregation = false, CancellationToken cancellationToken = default) =>
        Send(cancellationToken, () =>
        {
            RequireCoordinator();
            if (task == 0)
            {
                throw InMemoryChain.Revert("RoundLedger_UnknownTask", ("task", "uint32", BigInteger.Zero));
            }

            var first = (ulong)commitDeadline.ToUnixTimeSeconds();
            var second = (ulong)finalizeDeadline.ToUnixTimeSeconds();
            if (globalModelHash.IsZero)
            {
                throw InMemoryChain.Revert("CoordinatedLedger_ZeroHash");
            }

            var now = chain.BlockTimestamp;
            if (first <= now)
            {
                throw InMemoryChain.Revert("CoordinatedLedger_DeadlineNotInFuture", ("deadline", "uint64", new BigInteger(first)), ("blockTimestamp", "uint256", new BigInteger(now)));
            }

            if (second < first)
            {
                throw InMemoryChain.Revert("CoordinatedLedger_InvalidDeadlines", ("firstDeadline", "uint64", new BigInteger(first)), ("secondDeadline", "uint64", new BigInteger(second)));
            }

            var transaction = chain.Mine(OpenGas);
            var round = new InMemoryChain.RoundEntry((ulong)chain.Rounds.Count + 1, globalModelHash, first, second, transaction.BlockNumber)
            {
                SecureAggregation = secureAggregation,
                RewardCap = chain.Setup.RewardPoolPerRound,
                Task = task,
            };
            chain.Rounds.Add(round);
            chain.RoundOpened.Add(new RoundOpenedEvent(
                round.Id, globalModelHash, DateTimeOffset.FromUnixTimeSeconds((long)first), DateTimeOffset.FromUnixTimeSeconds((long)second), transaction.TxHash, transaction.BlockNumber)
            {
                SecureAggregation = secureAggregation,
                Task = task,
            });
            return new RoundOpening(round.Id, transaction);
        });

    /// <inheritdoc />
    public Task<LedgerTransaction> CommitUpdateAsync(ulong roundId, Hash32 updateHash, CancellationToken cancellationToken = default) =>
        Send(cancellationToken, () =>
        {
            RequireContributor(sender);
            var round = OpenRound(roundId);
            if (chain.BlockTimestamp > round.CommitDeadline)
            {
                throw InMemoryChain.Revert("RoundLedger_DeadlinePassed", ("roundId", "uint256", new BigInteger(roundId)), ("deadline", "uint64", new BigInteger(round.CommitDeadline)));
            }

            if (updateHash.IsZero)
            {
                throw InMemoryChain.Revert("CoordinatedLedger_ZeroHash");
            }

            if (round.Commitments.ContainsKey(sender))
            {
                throw InMemoryChain.Revert("RoundLedger_AlreadyCommitted", ("roundId", "uint256", new BigInteger(roundId)), ("member", "address", sender));
            }

            var transaction = chain.Mine(CommitGas);
            round.Commitments[sender] = updateHash;
            chain.UpdateCommitted.Add(new UpdateCommittedEvent(roundId, sender, updateHash, transaction.TxHash, transaction.BlockNumber));
            return transaction;
        });

    /// <inheritdoc />
    public Task<LedgerTransaction> FinalizeRoundAsync(RoundScoreTable table, Hash32 newModelHash, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        return Send(cancellationToken, () =>
        {
            RequireCoordinator();
            var round = OpenRound(table.RoundId);
            if (chain.BlockTimestamp > round.FinalizeDeadline)
            {
                throw InMemoryChain.Revert("RoundLedger_FinalizeDeadlinePassed", ("roundId", "uint256", new BigInteger(round.Id)), ("deadline", "uint64", new BigInteger(round.FinalizeDeadline)));
            }

            if (newModelHash.IsZero || (!table.RewardPool.IsZero && table.RewardRoot.IsZero))
            {
                throw InMemoryChain.Revert("CoordinatedLedger_ZeroHash");
            }

            if (table.RewardPool > round.RewardCap)
            {
                throw InMemoryChain.Revert(
                    "RoundLedger_RewardPoolAboveCap", ("roundId", "uint256", new BigInteger(round.Id)), ("rewardPool", "uint256", table.RewardPool), ("rewardCap", "uint256", round.RewardCap));
            }

            var exclusionsHash = CheckExclusions(round, table.Exclusions);
            var transaction = chain.Mine(FinalizeGas);
            round.NewModelHash = newModelHash;
            round.RewardRoot = table.RewardRoot;
            round.ScoreTableHash = table.ScoreTableHash;
            round.ExclusionsHash = exclusionsHash;
            round.Status = RoundStatus.Finalized;
            round.RewardPool = table.RewardPool;
            round.FinalizedAtBlock = transaction.BlockNumber;
            round.ScoredMembers = table.Scores.Count;
            round.ExcludedMembers = table.Exclusions.Count;
            chain.RoundFinalized.Add(new RoundFinalizedEvent(
                round.Id, newModelHash, table.RewardRoot, table.ScoreTableHash, table.RewardPool, table.Scores.Count, table.Exclusions.Count, transaction.TxHash, transaction.BlockNumber));
            if (table.Exclusions.Count != 0)
            {
                chain.MembersExcluded.Add(new MembersExcludedEvent(round.Id, table.Exclusions, transaction.TxHash, transaction.BlockNumber));
            }

            if (!table.RewardPool.IsZero)
            {
                chain.Mint(chain.RoundsAddress, table.RewardPool);
            }

            return transaction;
        });
    }

    /// <inheritdoc />
    public Task<LedgerTransaction> EnforceExclusionsAsync(ulong roundId, IReadOnlyList<MemberExclusion> exclusions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(exclusions);
        var sorted = RoundScoreTable.Sorted(exclusions);
        return Send(cancellationToken, () =>
        {
            var round = FinalizedRound(roundId);
            if (round.ExclusionsEnforced)
            {
                throw InMemoryChain.Revert("RoundLedger_ExclusionsAlreadyEnforced", ("roundId", "uint256", new BigInteger(roundId)));
            }

            if (round.ExclusionsHash.IsZero || RoundScoreTable.HashExclusions(sorted) != round.ExclusionsHash)
            {
                throw InMemoryChain.Revert("RoundLedger_ExclusionsMismatch", ("roundId", "uint256", new BigInteger(roundId)));
            }

            var transaction = chain.Mine(EnforceGas);
            round.ExclusionsEnforced = true;
            // Every slash is computed from the stakes before any is taken, as the contract does.
            var amounts = sorted.Select(e => chain.Members.TryGetValue(e.Member, out var m) ? m.Stake * SlashRate(e.Reason) / Bps : BigInteger.Zero).ToList();
            for (var i = 0; i < sorted.Count; i++)
            {
                if (SlashRate(sorted[i].Reason) != 0)
                {
                    Slash(sorted[i].Member, sorted[i].Reason, amounts[i], roundId, transaction);
                }
            }

            return transaction;
        });
    }

    /// <inheritdoc />
    public Task<LedgerTransaction> ClaimRewardAsync(RoundScoreTable table, ChainAddress member, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        return ClaimRewardAsync(table.RoundId, table.Tree.GetScore(member), table.GetProof(member), cancellationToken);
    }

    /// <inheritdoc />
    public Task<LedgerTransaction> ClaimRewardAsync(ulong roundId, MemberScore score, IReadOnlyList<Hash32> proof, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(score);
        ArgumentNullException.ThrowIfNull(proof);
        ArgumentOutOfRangeException.ThrowIfNegative(score.Reward, nameof(score));
        return Send(cancellationToken, () =>
        {
            var round = FinalizedRound(roundId);
            var member = score.Member;
            if (!round.Commitments.ContainsKey(member))
            {
                throw InMemoryChain.Revert("RoundLedger_NotCommitted", ("roundId", "uint256", new BigInteger(roundId)), ("member", "address", member));
            }

            if (round.Claimed.Contains(member))
            {
                throw InMemoryChain.Revert("RoundLedger_AlreadyClaimed", ("roundId", "uint256", new BigInteger(roundId)), ("member", "address", member));
            }

            if (!RewardMerkleTree.Verify(round.RewardRoot, RewardMerkleTree.LeafHash(roundId, score), proof))
            {
                throw InMemoryChain.Revert("RoundLedger_InvalidProof", ("roundId", "uint256", new BigInteger(roundId)), ("member", "address", member));
            }

            var claimedAfter = round.RewardClaimed + score.Reward;
            if (claimedAfter > round.RewardPool)
            {
                throw InMemoryChain.Revert("RoundLedger_PoolExceeded", ("roundId", "uint256", new BigInteger(roundId)), ("pool", "uint256", round.RewardPool), ("claimedAfter", "uint256", claimedAfter));
            }

            var transaction = chain.Mine(ClaimGas);
            round.Claimed.Add(member);
            round.RewardClaimed = claimedAfter;
            chain.RewardClaimed.Add(new RewardClaimedEvent(roundId, member, score.Score, score.Reward, transaction.TxHash, transaction.BlockNumber));
            if (chain.Members.TryGetValue(member, out var entry))
            {
                entry.RoundsContributed += 1;
                entry.TotalScore += score.Score;
            }

            chain.Transfer(chain.RoundsAddress, member, score.Reward);
            return transaction;
        });
    }

    /// <inheritdoc />
    public Task<LedgerTransaction> AbandonRoundAsync(ulong roundId, CancellationToken cancellationToken = default) =>
        Send(cancellationToken, () =>
        {
            var round = OpenRound(roundId);
            if (chain.BlockTimestamp <= round.FinalizeDeadline)
            {
                throw InMemoryChain.Revert("RoundLedger_FinalizeDeadlineNotPassed", ("roundId", "uint256", new BigInteger(roundId)), ("deadline", "uint64", new BigInteger(round.FinalizeDeadline)));
            }

            var transaction = chain.Mine(AbandonGas);
            round.Status = RoundStatus.Abandoned;
            return transaction;
        });

    /// <inheritdoc />
    public Task<RoundState> GetRoundAsync(ulong roundId) => Read(() => KnownRound(roundId).ToState());

    /// <inheritdoc />
    public Task<UpdateCommitment> GetCommitmentAsync(ulong roundId, ChainAddress member) =>
        Read(() =>
        {
            var round = KnownRound(roundId);
            return new UpdateCommitment(roundId, member, round.Commitments.GetValueOrDefault(member), round.Claimed.Contains(member));
        });

    /// <inheritdoc />
    public Task<ulong> GetLatestRoundIdAsync() => Read(() => (ulong)chain.Rounds.Count);

    /// <inheritdoc />
    public Task<ChainAddress> GetCoordinatorAsync() => Read(() => chain.Coordinator);

    /// <inheritdoc />
    public Task<ChainAddress> GetMemberRegistryAsync() => Task.FromResult(chain.RegistryAddress);

    /// <inheritdoc />
    public Task<ChainAddress> GetRewardTokenAsync() => Task.FromResult(chain.TokenAddress);

    /// <inheritdoc />
    public Task<RoundSlashRates> GetSlashRatesAsync() =>
        Task.FromResult(new RoundSlashRates(chain.Setup.MaliciousSlashBps, chain.Setup.NonDeliverySlashBps));

    /// <inheritdoc />
    public Task<IReadOnlyList<RoundOpenedEvent>> GetRoundOpenedEventsAsync(ulong? roundId = null, ulong fromBlock = 0) =>
        Events(chain.RoundOpened, e => (roundId is null || e.RoundId == roundId) && e.BlockNumber >= fromBlock);

    /// <inheritdoc />
    public Task<IReadOnlyList<UpdateCommittedEvent>> GetUpdateCommittedEventsAsync(ulong? roundId = null, ChainAddress? member = null, ulong fromBlock = 0) =>
        Events(chain.UpdateCommitted, e => (roundId is null || e.RoundId == roundId) && (member is null || e.Member == member) && e.BlockNumber >= fromBlock);

    /// <inheritdoc />
    public Task<IReadOnlyList<RoundFinalizedEvent>> GetRoundFinalizedEventsAsync(ulong? roundId = null, ulong fromBlock = 0) =>
        Events(chain.RoundFinalized, e => (roundId is null || e.RoundId == roundId) && e.BlockNumber >= fromBlock);

    /// <inheritdoc />
    public Task<IReadOnlyList<MembersExcludedEvent>> GetMembersExcludedEventsAsync(ulong? roundId = null, ulong fromBlock = 0) =>
        Events(chain.MembersExcluded, e => (roundId is null || e.RoundId == roundId) && e.BlockNumber >= fromBlock);

    /// <inheritdoc />
    public Task<IReadOnlyList<RewardClaimedEvent>> GetRewardClaimedEventsAsync(ulong? roundId = null, ChainAddress? member = null, ulong fromBlock = 0) =>
        Events(chain.RewardClaimed, e => (roundId is null || e.RoundId == roundId) && (member is null || e.Member == member) && e.BlockNumber >= fromBlock);

    /// <inheritdoc />
    public async Task<RoundHistory> GetRoundHistoryAsync(ulong roundId)
    {
        var opened = (await GetRoundOpenedEventsAsync(roundId).ConfigureAwait(false)).FirstOrDefault()
            ?? throw new LedgerException($"Round {roundId} was never opened on {Address}.");
        return new RoundHistory(
            opened,
            await GetUpdateCommittedEventsAsync(roundId).ConfigureAwait(false),
            (await GetRoundFinalizedEventsAsync(roundId).ConfigureAwait(false)).FirstOrDefault(),
            (await GetMembersExcludedEventsAsync(roundId).ConfigureAwait(false)).FirstOrDefault()?.Exclusions ?? [],
            await GetRewardClaimedEventsAsync(roundId).ConfigureAwait(false));
    }

    /// <inheritdoc />
    public Task<LedgerTransaction> AccuseAsync(
        ulong roundId, ChainAddress member, AccusationEvidence evidence, IReadOnlyList<MemberExclusion> exclusions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        ArgumentNullException.ThrowIfNull(exclusions);
        return Send(cancellationToken, () =>
        {
            RequireCoordinator();
            var round = FinalizedRound(roundId);
            var lateAfter = round.FinalizeDeadline + (ulong)chain.Setup.ChallengeWindow.TotalSeconds;
            if (chain.BlockTimestamp > lateAfter)
            {
                throw InMemoryChain.Revert("RoundLedger_AccusationTooLate", ("roundId", "uint256", new BigInteger(roundId)), ("deadline", "uint256", new BigInteger(lateAfter)));
            }

            var sorted = RoundScoreTable.Sorted(exclusions);
            if (RoundScoreTable.HashExclusions(sorted) != round.ExclusionsHash || sorted.Count == 0)
            {
                throw InMemoryChain.Revert("RoundLedger_ExclusionsMismatch", ("roundId", "uint256", new BigInteger(roundId)));
            }

            if (!sorted.Any(e => e.Member == member && e.Reason == ExclusionReason.Malicious))
            {
                throw InMemoryChain.Revert("RoundLedger_NotExcludedAsMalicious", ("roundId", "uint256", new BigInteger(roundId)), ("member", "address", member));
            }

            var committed = round.Commitments.GetValueOrDefault(member);
            if (evidence.UpdateHash != committed)
            {
                throw InMemoryChain.Revert(
                    "RoundLedger_EvidenceMismatch",
                    ("roundId", "uint256", new BigInteger(roundId)),
                    ("member", "address", member),
                    ("evidenceHash", "bytes32", evidence.UpdateHash),
                    ("committedHash", "bytes32", committed));
            }

            if (evidence.ReasonCode == 0)
            {
                throw InMemoryChain.Revert("RoundLedger_MissingReasonCode", ("roundId", "uint256", new BigInteger(roundId)), ("member", "address", member));
            }

            var length = System.Text.Encoding.UTF8.GetByteCount(evidence.ReasonText);
            if (length > AccusationEvidence.MaxStatementBytes || (length == 0 && evidence.DocumentHash.IsZero))
            {
                throw InMemoryChain.Revert(
                    "RoundLedger_InvalidStatement", ("length", "uint256", new BigInteger(length)), ("maxLength", "uint256", new BigInteger(AccusationEvidence.MaxStatementBytes)));
            }

            if (chain.Accusations.ContainsKey((roundId, member)))
            {
                throw InMemoryChain.Revert("RoundLedger_AlreadyAccused", ("roundId", "uint256", new BigInteger(roundId)), ("member", "address", member));
            }

            var transaction = chain.Mine(AccuseGas);
            var endsAt = DateTimeOffset.FromUnixTimeSeconds((long)chain.BlockTimestamp) + chain.Setup.ChallengeWindow;
            chain.Accusations[(roundId, member)] = new Accusation(
                roundId, member, AccusationStatus.Pending, committed, evidence.ReasonCode, evidence.DocumentHash, endsAt, null, null, BigInteger.Zero);
            chain.MemberAccused.Add(new MemberAccusedEvent(
                roundId, member, committed, evidence.ReasonCode, evidence.DocumentHash, evidence.ReasonText, endsAt, transaction.TxHash, transaction.BlockNumber));
            return transaction;
        });
    }

    /// <inheritdoc />
    public Task<ProposalSubmission> DisputeAsync(ulong roundId, string statement, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("A dispute opens a registry vote, which the in-memory registry does not model; use anvil for disputes.");

    /// <inheritdoc />
    public Task<LedgerTransaction> SettleAccusationAsync(ulong roundId, ChainAddress member, CancellationToken cancellationToken = default) =>
        Send(cancellationToken, () =>
        {
            if (!chain.Accusations.TryGetValue((roundId, member), out var accusation))
            {
                throw InMemoryChain.Revert("RoundLedger_NoAccusation", ("roundId", "uint256", new BigInteger(roundId)), ("member", "address", member));
            }

            if (accusation.Status != AccusationStatus.Pending)
            {
                throw InMemoryChain.Revert(
                    "RoundLedger_AccusationSettled", ("roundId", "uint256", new BigInteger(roundId)), ("member", "address", member), ("status", "uint8", new BigInteger((int)accusation.Status)));
            }

            if (chain.BlockTimestamp <= (ulong)accusation.ChallengeEndsAt.ToUnixTimeSeconds())
            {
                throw InMemoryChain.Revert(
                    "RoundLedger_ChallengeWindowOpen",
                    ("roundId", "uint256", new BigInteger(roundId)),
                    ("member", "address", member),
                    ("challengeEndsAt", "uint64", new BigInteger(accusation.ChallengeEndsAt.ToUnixTimeSeconds())));
            }

            var transaction = chain.Mine(SettleGas);
            var amount = chain.Members[member].Stake * chain.Setup.MaliciousSlashBps / Bps;
            chain.Accusations[(roundId, member)] = accusation with { Status = AccusationStatus.Upheld, Slashed = amount };
            chain.AccusationSettled.Add(new AccusationSettledEvent(roundId, member, AccusationStatus.Upheld, amount, transaction.TxHash, transaction.BlockNumber));
            Slash(member, ExclusionReason.Malicious, amount, roundId, transaction);
            return transaction;
        });

    /// <inheritdoc />
    public Task<Accusation> GetAccusationAsync(ulong roundId, ChainAddress member) =>
        Read(() => chain.Accusations.GetValueOrDefault((roundId, member))
            ?? new Accusation(roundId, member, AccusationStatus.None, Hash32.Zero, 0, Hash32.Zero, DateTimeOffset.UnixEpoch, null, null, BigInteger.Zero));

    /// <inheritdoc />
    public Task<TimeSpan> GetChallengeWindowAsync() => Task.FromResult(chain.Setup.ChallengeWindow);

    /// <inheritdoc />
    public Task<IReadOnlyList<MemberAccusedEvent>> GetMemberAccusedEventsAsync(ulong? roundId = null, ulong fromBlock = 0) =>
        Events(chain.MemberAccused, e => (roundId is null || e.RoundId == roundId) && e.BlockNumber >= fromBlock);

    /// <inheritdoc />
    public Task<IReadOnlyList<AccusationDisputedEvent>> GetAccusationDisputedEventsAsync(ulong? roundId = null, ulong fromBlock = 0) =>
        Task.FromResult<IReadOnlyList<AccusationDisputedEvent>>([]);

    /// <inheritdoc />
    public Task<IReadOnlyList<AccusationSettledEvent>> GetAccusationSettledEventsAsync(ulong? roundId = null, ulong fromBlock = 0) =>
        Events(chain.AccusationSettled, e => (roundId is null || e.RoundId == roundId) && e.BlockNumber >= fromBlock);

    private Task<T> Send<T>(CancellationToken cancellationToken, Func<T> transaction)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<T>(cancellationToken);
        }

        return Read(transaction);
    }

    private Task<T> Read<T>(Func<T> query)
    {
        try
        {
            lock (chain.Gate)
            {
                return Task.FromResult(query());
            }
        }
        catch (LedgerException e)
        {
            return Task.FromException<T>(e);
        }
    }

    private Task<IReadOnlyList<T>> Events<T>(List<T> log, Func<T, bool> filter) => Read<IReadOnlyList<T>>(() => [.. log.Where(filter)]);

    private void RequireCoordinator()
    {
        if (sender != chain.Coordinator)
        {
            throw InMemoryChain.Revert("CoordinatedLedger_NotCoordinator", ("caller", "address", sender));
        }
    }

    private void RequireContributor(ChainAddress account)
    {
        var member = chain.Members.GetValueOrDefault(account);
        if (member is not { Status: MemberStatus.Active })
        {
            throw InMemoryChain.Revert("RoundLedger_NotMember", ("account", "address", account));
        }

        if (member.Role is not (MemberRole.Operator or MemberRole.Automaker))
        {
            throw InMemoryChain.Revert("RoundLedger_NotContributor", ("account", "address", account), ("role", "uint8", new BigInteger((int)member.Role)));
        }

        if (member.Stake < chain.Setup.MinStake)
        {
            throw InMemoryChain.Revert("RoundLedger_StakeBelowMinimum", ("account", "address", account), ("stake", "uint256", member.Stake), ("minStake", "uint256", chain.Setup.MinStake));
        }
    }

    private InMemoryChain.RoundEntry KnownRound(ulong roundId) =>
        roundId >= 1 && roundId <= (ulong)chain.Rounds.Count
            ? chain.Rounds[(int)roundId - 1]
            : throw InMemoryChain.Revert("CoordinatedLedger_UnknownEntry", ("id", "uint256", new BigInteger(roundId)));

    private InMemoryChain.RoundEntry OpenRound(ulong roundId)
    {
        var round = KnownRound(roundId);
        return round.Status == RoundStatus.Open ? round : throw InMemoryChain.Revert("CoordinatedLedger_EntryClosed", ("id", "uint256", new BigInteger(roundId)));
    }

    private InMemoryChain.RoundEntry FinalizedRound(ulong roundId)
    {
        var round = KnownRound(roundId);
        return round.FinalizedAtBlock != 0 ? round : throw InMemoryChain.Revert("RoundLedger_NotFinalized", ("roundId", "uint256", new BigInteger(roundId)));
    }

    /// <summary>The contract's <c>_checkExclusions</c>: sorted, each with a reason that fits whether the member committed.</summary>
    private static Hash32 CheckExclusions(InMemoryChain.RoundEntry round, IReadOnlyList<MemberExclusion> exclusions)
    {
        if (exclusions.Count == 0)
        {
            return Hash32.Zero;
        }

        var order = StringComparer.OrdinalIgnoreCase;
        for (var i = 0; i < exclusions.Count; i++)
        {
            var (member, reason) = (exclusions[i].Member, exclusions[i].Reason);
            if (i > 0 && order.Compare(member.ToString(), exclusions[i - 1].Member.ToString()) <= 0)
            {
                throw InMemoryChain.Revert("RoundLedger_ExclusionsNotSorted", ("index", "uint256", new BigInteger(i)));
            }

            var committed = round.Commitments.ContainsKey(member);
            if (reason == ExclusionReason.None || (reason == ExclusionReason.MissedDeadline) == committed)
            {
                throw InMemoryChain.Revert(
                    "RoundLedger_InvalidExclusion", ("roundId", "uint256", new BigInteger(round.Id)), ("member", "address", member), ("reason", "uint8", new BigInteger((int)reason)));
            }
        }

        return RoundScoreTable.HashExclusions(exclusions);
    }

    /// <summary>The immediate slash of an exclusion; a malicious update is slashed only through an accusation.</summary>
    private int SlashRate(ExclusionReason reason) => reason switch
    {
        ExclusionReason.NotDelivered or ExclusionReason.InvalidUpdate => chain.Setup.NonDeliverySlashBps,
        _ => 0,
    };

    /// <summary>The registry's <c>slash</c>: at most the stake, burned, recorded and announced.</summary>
    private void Slash(ChainAddress account, ExclusionReason reason, BigInteger amount, ulong roundId, LedgerTransaction transaction)
    {
        var member = chain.Members[account];
        var taken = BigInteger.Min(amount, member.Stake);
        member.Stake -= taken;
        member.SlashCount += 1;
        member.SlashedAmount += taken;
        chain.MemberSlashed.Add(new MemberSlashedEvent(account, chain.RoundsAddress, taken, (int)reason, roundId, transaction.TxHash, transaction.BlockNumber));
        if (!taken.IsZero)
        {
            chain.Burn(chain.RegistryAddress, taken);
        }
    }
}
