using System.Numerics;
using Consortium.Contracts.Bindings;
using Consortium.Contracts.Chain;
using Nethereum.Contracts;
using Nethereum.RPC.Eth.DTOs;

namespace Consortium.Contracts.Ledger;

/// <summary>
/// Typed access to the RoundLedger contract: the lifecycle of training rounds. The coordinator opens a round and
/// finalizes it with a <see cref="RoundScoreTable"/> (one transaction whose gas does not grow with the members);
/// members commit their update hashes and claim their rewards against the table's Merkle root.
/// The Nethereum implementation of <see cref="IRoundLedger"/>.
/// </summary>
public sealed class RoundLedgerClient : IRoundLedger
{
    private readonly ChainConnection _connection;

    /// <summary>Binds to the round ledger at <paramref name="address"/>.</summary>
    /// <param name="connection">The endpoint, with a signer for the state-changing calls.</param>
    /// <param name="address">The RoundLedger's address.</param>
    public RoundLedgerClient(ChainConnection connection, ChainAddress address)
    {
        _connection = connection ?? throw new ArgumentNullException(nameof(connection));
        Address = address;
    }

    /// <inheritdoc />
    public ChainAddress Address { get; }

    /// <inheritdoc />
    public async Task<RoundOpening> OpenRoundAsync(
        FederatedTask task, Hash32 globalModelHash, DateTimeOffset commitDeadline, DateTimeOffset finalizeDeadline, bool secureAggregation = false, CancellationToken cancellationToken = default)
    {
        var message = new OpenRoundFunction
        {
            Task = (uint)task,
            GlobalModelHash = globalModelHash.ToArray(),
            CommitDeadline = ChainValues.ToUnixSeconds(commitDeadline),
            FinalizeDeadline = ChainValues.ToUnixSeconds(finalizeDeadline),
            SecureAggregation = secureAggregation,
        };
        var (transaction, receipt) = await _connection.SendAsync(Address, message, cancellationToken).ConfigureAwait(false);
        var opened = receipt.DecodeAllEvents<RoundOpenedEventDto>()
            .FirstOrDefault(log => ChainAddress.FromChain(log.Log.Address) == Address)
            ?? throw new LedgerException($"Transaction {transaction.TxHash} opened no round.");
        return new RoundOpening(ChainValues.ToRoundId(opened.Event.RoundId), transaction);
    }

    /// <inheritdoc />
    public async Task<LedgerTransaction> CommitUpdateAsync(ulong roundId, Hash32 updateHash, CancellationToken cancellationToken = default)
    {
        var message = new CommitUpdateFunction { RoundId = roundId, UpdateHash = updateHash.ToArray() };
        return (await _connection.SendAsync(Address, message, cancellationToken).ConfigureAwait(false)).Transaction;
    }

    /// <inheritdoc />
    public Task<LedgerTransaction> FinalizeRoundAsync(RoundScoreTable table, Hash32 newModelHash, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        return FinalizeRoundAsync(
            table.RoundId, newModelHash, table.RewardRoot, table.ScoreTableHash, table.RewardPool, table.Scores.Count, table.Exclusions, cancellationToken);
    }

    /// <summary>The finalization as the contract takes it; tests use it to play a coordinator whose commitments disagree.</summary>
    internal async Task<LedgerTransaction> FinalizeRoundAsync(
        ulong roundId,
        Hash32 newModelHash,
        Hash32 rewardRoot,
        Hash32 scoreTableHash,
        BigInteger rewardPool,
        int scoredMembers,
        IReadOnlyList<MemberExclusion> exclusions,
        CancellationToken cancellationToken)
    {
        var message = new FinalizeRoundFunction
        {
            RoundId = roundId,
            NewModelHash = newModelHash.ToArray(),
            RewardRoot = rewardRoot.ToArray(),
            ScoreTableHash = scoreTableHash.ToArray(),
            RewardPool = rewardPool,
            ScoredMembers = checked((uint)scoredMembers),
            ExcludedMembers = [.. exclusions.Select(exclusion => exclusion.Member.ToString())],
            Reasons = [.. exclusions.Select(exclusion => new BigInteger((int)exclusion.Reason))],
        };
        return (await _connection.SendAsync(Address, message, cancellationToken).ConfigureAwait(false)).Transaction;
    }

    /// <inheritdoc />
    public async Task<LedgerTransaction> EnforceExclusionsAsync(ulong roundId, IReadOnlyList<MemberExclusion> exclusions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(exclusions);
        var sorted = RoundScoreTable.Sorted(exclusions);
        var message = new EnforceExclusionsFunction
        {
            RoundId = roundId,
            ExcludedMembers = [.. sorted.Select(exclusion => exclusion.Member.ToString())],
            Reasons = [.. sorted.Select(exclusion => new BigInteger((int)exclusion.Reason))],
        };
        return (await _connection.SendAsync(Address, message, cancellationToken).ConfigureAwait(false)).Transaction;
    }

    /// <inheritdoc />
    public Task<LedgerTransaction> ClaimRewardAsync(RoundScoreTable table, ChainAddress member, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        return ClaimRewardAsync(table.RoundId, table.Tree.GetScore(member), table.GetProof(member), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<LedgerTransaction> ClaimRewardAsync(ulong roundId, MemberScore score, IReadOnlyList<Hash32> proof, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(score);
        ArgumentNullException.ThrowIfNull(proof);
        ArgumentOutOfRangeException.ThrowIfNegative(score.Reward, nameof(score));
        var message = new ClaimRewardFunction
        {
            RoundId = roundId,
            Member = score.Member.ToString(),
            Score = score.Score,
            Reward = score.Reward,
            Proof = [.. proof.Select(hash => hash.ToArray())],
        };
        return (await _connection.SendAsync(Address, message, cancellationToken).ConfigureAwait(false)).Transaction;
    }

    /// <inheritdoc />
    public async Task<LedgerTransaction> AccuseAsync(
        ulong roundId, ChainAddress member, AccusationEvidence evidence, IReadOnlyList<MemberExclusion> exclusions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        ArgumentNullException.ThrowIfNull(exclusions);
        var sorted = RoundScoreTable.Sorted(exclusions);
        var message = new AccuseFunction
        {
            RoundId = roundId,
            Member = member.ToString(),
            Evidence = new EvidenceData
            {
                UpdateHash = evidence.UpdateHash.ToArray(),
                ReasonCode = evidence.ReasonCode,
                DocumentHash = evidence.DocumentHash.ToArray(),
                ReasonText = evidence.ReasonText ?? string.Empty,
            },
            ExcludedMembers = [.. sorted.Select(exclusion => exclusion.Member.ToString())],
            Reasons = [.. sorted.Select(exclusion => new BigInteger((int)exclusion.Reason))],
        };
        return (await _connection.SendAsync(Address, message, cancellationToken).ConfigureAwait(false)).Transaction;
    }

    /// <inheritdoc />
    public async Task<ProposalSubmission> DisputeAsync(ulong roundId, string statement, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(statement);
        var message = new DisputeFunction { RoundId = roundId, Statement = statement };
        var (transaction, receipt) = await _connection.SendAsync(Address, message, cancellationToken).ConfigureAwait(false);
        var opened = receipt.DecodeAllEvents<ReversalVoteOpenedEventDto>().FirstOrDefault()
            ?? throw new LedgerException($"Transaction {transaction.TxHash} opened no reversal vote.");
        return new ProposalSubmission(ChainValues.ToId(opened.Event.ProposalId), transaction);
    }

    /// <inheritdoc />
    public async Task<LedgerTransaction> SettleAccusationAsync(ulong roundId, ChainAddress member, CancellationToken cancellationToken = default)
    {
        var message = new SettleAccusationFunction { RoundId = roundId, Member = member.ToString() };
        return (await _connection.SendAsync(Address, message, cancellationToken).ConfigureAwait(false)).Transaction;
    }

    /// <inheritdoc />
    public async Task<Accusation> GetAccusationAsync(ulong roundId, ChainAddress member)
    {
        var accusation = (await _connection.QueryOutputAsync<GetAccusationFunction, GetAccusationOutput>(
            Address, new GetAccusationFunction { RoundId = roundId, Member = member.ToString() }).ConfigureAwait(false)).Accusation;
        return new Accusation(
            roundId,
            member,
            (AccusationStatus)accusation.Status,
            ChainValues.ToHash(accusation.UpdateHash),
            accusation.ReasonCode,
            ChainValues.ToHash(accusation.DocumentHash),
            ChainValues.FromUnixSeconds(accusation.ChallengeEndsAt),
            accusation.VoteEndsAt == 0 ? null : ChainValues.FromUnixSeconds(accusation.VoteEndsAt),
            accusation.ReversalProposalId == 0 ? null : accusation.ReversalProposalId,
            accusation.Slashed);
    }

    /// <inheritdoc />
    public async Task<TimeSpan> GetChallengeWindowAsync() =>
        TimeSpan.FromSeconds(await _connection.QueryAsync<ChallengeWindowFunction, ulong>(Address, new ChallengeWindowFunction()).ConfigureAwait(false));

    /// <inheritdoc />
    public async Task<IReadOnlyList<MemberAccusedEvent>> GetMemberAccusedEventsAsync(ulong? roundId = null, ulong fromBlock = 0)
    {
        var logs = await _connection.GetEventsAsync<MemberAccusedEventDto>(
            Address, e => e.CreateFilterInput(RoundTopic(roundId), ChainValues.FromBlock(fromBlock), BlockParameter.CreateLatest())).ConfigureAwait(false);
        return ChainValues.InChainOrder(logs)
            .Select(log => new MemberAccusedEvent(
                ChainValues.ToRoundId(log.Event.RoundId),
                ChainAddress.FromChain(log.Event.Member),
                ChainValues.ToHash(log.Event.UpdateHash),
                log.Event.ReasonCode,
                ChainValues.ToHash(log.Event.DocumentHash),
                log.Event.ReasonText,
                ChainValues.FromUnixSeconds(log.Event.ChallengeEndsAt),
                ChainValues.TxHash(log.Log),
                ChainValues.Block(log.Log)))
            .ToArray();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<AccusationDisputedEvent>> GetAccusationDisputedEventsAsync(ulong? roundId = null, ulong fromBlock = 0)
    {
        var logs = await _connection.GetEventsAsync<AccusationDisputedEventDto>(
            Address, e => e.CreateFilterInput(RoundTopic(roundId), ChainValues.FromBlock(fromBlock), BlockParameter.CreateLatest())).ConfigureAwait(false);
        return ChainValues.InChainOrder(logs)
            .Select(log => new AccusationDisputedEvent(
                ChainValues.ToRoundId(log.Event.RoundId),
                ChainAddress.FromChain(log.Event.Member),
                log.Event.Statement,
                ChainValues.FromUnixSeconds(log.Event.VoteEndsAt),
                ChainValues.TxHash(log.Log),
                ChainValues.Block(log.Log)))
            .ToArray();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<AccusationSettledEvent>> GetAccusationSettledEventsAsync(ulong? roundId = null, ulong fromBlock = 0)
    {
        var logs = await _connection.GetEventsAsync<AccusationSettledEventDto>(
            Address, e => e.CreateFilterInput(RoundTopic(roundId), ChainValues.FromBlock(fromBlock), BlockParameter.CreateLatest())).ConfigureAwait(false);
        return ChainValues.InChainOrder(logs)
            .Select(log => new AccusationSettledEvent(
                ChainValues.ToRoundId(log.Event.RoundId),
                ChainAddress.FromChain(log.Event.Member),
                (AccusationStatus)log.Event.Outcome,
                log.Event.Slashed,
                ChainValues.TxHash(log.Log),
                ChainValues.Block(log.Log)))
            .ToArray();
    }

    /// <inheritdoc />
    public async Task<LedgerTransaction> AbandonRoundAsync(ulong roundId, CancellationToken cancellationToken = default)
    {
        var message = new AbandonRoundFunction { RoundId = roundId };
        return (await _connection.SendAsync(Address, message, cancellationToken).ConfigureAwait(false)).Transaction;
    }

    /// <inheritdoc />
    public async Task<RoundState> GetRoundAsync(ulong roundId)
    {
        var round = (await _connection.QueryOutputAsync<GetRoundFunction, GetRoundOutput>(
            Address, new GetRoundFunction { RoundId = roundId }).ConfigureAwait(false)).Round;
        return new RoundState(
            roundId,
            (RoundStatus)round.Status,
            ChainValues.ToHash(round.GlobalModelHash),
            ChainValues.ToHash(round.NewModelHash),
            ChainValues.ToHash(round.RewardRoot),
            ChainValues.ToHash(round.ScoreTableHash),
            ChainValues.ToHash(round.ExclusionsHash),
            ChainValues.FromUnixSeconds(round.CommitDeadline),
            ChainValues.FromUnixSeconds(round.FinalizeDeadline),
            checked((int)round.CommitCount),
            round.OpenedAtBlock,
            round.FinalizedAtBlock == 0 ? null : round.FinalizedAtBlock,
            round.RewardPool,
            round.RewardClaimed,
            checked((int)round.ScoredMembers),
            checked((int)round.ExcludedMembers),
            round.ExclusionsEnforced)
        {
            SecureAggregation = round.SecureAggregation,
            RewardCap = round.RewardCap,
            Task = (FederatedTask)round.Task,
        };
    }

    /// <inheritdoc />
    public async Task<UpdateCommitment> GetCommitmentAsync(ulong roundId, ChainAddress member)
    {
        var output = await _connection.QueryOutputAsync<GetCommitmentFunction, GetCommitmentOutput>(
            Address, new GetCommitmentFunction { RoundId = roundId, Member = member.ToString() }).ConfigureAwait(false);
        return new UpdateCommitment(roundId, member, ChainValues.ToHash(output.UpdateHash), output.Claimed);
    }

    /// <inheritdoc />
    public async Task<ulong> GetLatestRoundIdAsync() =>
        ChainValues.ToRoundId(await _connection.QueryAsync<LatestRoundIdFunction, BigInteger>(Address, new LatestRoundIdFunction()).ConfigureAwait(false));

    /// <inheritdoc />
    public async Task<ChainAddress> GetCoordinatorAsync() =>
        ChainAddress.FromChain(await _connection.QueryAsync<CoordinatorFunction, string>(Address, new CoordinatorFunction()).ConfigureAwait(false));

    /// <inheritdoc />
    public async Task<ChainAddress> GetMemberRegistryAsync() =>
        ChainAddress.FromChain(await _connection.QueryAsync<MemberRegistryFunction, string>(Address, new MemberRegistryFunction()).ConfigureAwait(false));

    /// <inheritdoc />
    public async Task<ChainAddress> GetRewardTokenAsync() =>
        ChainAddress.FromChain(await _connection.QueryAsync<RewardTokenFunction, string>(Address, new RewardTokenFunction()).ConfigureAwait(false));

    /// <inheritdoc />
    public async Task<RoundSlashRates> GetSlashRatesAsync()
    {
        var output = await _connection.QueryOutputAsync<SlashRatesFunction, SlashRatesOutput>(Address, new SlashRatesFunction()).ConfigureAwait(false);
        return new RoundSlashRates(output.MaliciousBps, output.NonDeliveryBps);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<RoundOpenedEvent>> GetRoundOpenedEventsAsync(ulong? roundId = null, ulong fromBlock = 0)
    {
        var logs = await _connection.GetEventsAsync<RoundOpenedEventDto>(
            Address, e => e.CreateFilterInput(RoundTopic(roundId), ChainValues.FromBlock(fromBlock), BlockParameter.CreateLatest())).ConfigureAwait(false);
        return ChainValues.InChainOrder(logs)
            .Select(log => new RoundOpenedEvent(
                ChainValues.ToRoundId(log.Event.RoundId),
                ChainValues.ToHash(log.Event.GlobalModelHash),
                ChainValues.FromUnixSeconds(log.Event.CommitDeadline),
                ChainValues.FromUnixSeconds(log.Event.FinalizeDeadline),
                ChainValues.TxHash(log.Log),
                ChainValues.Block(log.Log))
            {
                SecureAggregation = log.Event.SecureAggregation,
                Task = (FederatedTask)log.Event.Task,
            })
            .ToArray();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<UpdateCommittedEvent>> GetUpdateCommittedEventsAsync(ulong? roundId = null, ChainAddress? member = null, ulong fromBlock = 0)
    {
        var logs = await _connection.GetEventsAsync<UpdateCommittedEventDto>(
            Address,
            e => e.CreateFilterInput(RoundTopic(roundId), MemberTopic(member), ChainValues.FromBlock(fromBlock), BlockParameter.CreateLatest())).ConfigureAwait(false);
        return ChainValues.InChainOrder(logs)
            .Select(log => new UpdateCommittedEvent(
                ChainValues.ToRoundId(log.Event.RoundId),
                ChainAddress.FromChain(log.Event.Member),
                ChainValues.ToHash(log.Event.UpdateHash),
                ChainValues.TxHash(log.Log),
                ChainValues.Block(log.Log)))
            .ToArray();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<RoundFinalizedEvent>> GetRoundFinalizedEventsAsync(ulong? roundId = null, ulong fromBlock = 0)
    {
        var logs = await _connection.GetEventsAsync<RoundFinalizedEventDto>(
            Address, e => e.CreateFilterInput(RoundTopic(roundId), ChainValues.FromBlock(fromBlock), BlockParameter.CreateLatest())).ConfigureAwait(false);
        return ChainValues.InChainOrder(logs)
            .Select(log => new RoundFinalizedEvent(
                ChainValues.ToRoundId(log.Event.RoundId),
                ChainValues.ToHash(log.Event.NewModelHash),
                ChainValues.ToHash(log.Event.RewardRoot),
                ChainValues.ToHash(log.Event.ScoreTableHash),
                log.Event.RewardPool,
                checked((int)log.Event.ScoredMembers),
                checked((int)log.Event.ExcludedMembers),
                ChainValues.TxHash(log.Log),
                ChainValues.Block(log.Log)))
            .ToArray();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<MembersExcludedEvent>> GetMembersExcludedEventsAsync(ulong? roundId = null, ulong fromBlock = 0)
    {
        var logs = await _connection.GetEventsAsync<MembersExcludedEventDto>(
            Address, e => e.CreateFilterInput(RoundTopic(roundId), ChainValues.FromBlock(fromBlock), BlockParameter.CreateLatest())).ConfigureAwait(false);
        return ChainValues.InChainOrder(logs)
            .Select(log => new MembersExcludedEvent(
                ChainValues.ToRoundId(log.Event.RoundId),
                log.Event.Members
                    .Zip(log.Event.Reasons, (member, reason) => new MemberExclusion(ChainAddress.FromChain(member), (ExclusionReason)(int)reason))
                    .ToArray(),
                ChainValues.TxHash(log.Log),
                ChainValues.Block(log.Log)))
            .ToArray();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<RewardClaimedEvent>> GetRewardClaimedEventsAsync(ulong? roundId = null, ChainAddress? member = null, ulong fromBlock = 0)
    {
        var logs = await _connection.GetEventsAsync<RewardClaimedEventDto>(
            Address,
            e => e.CreateFilterInput(RoundTopic(roundId), MemberTopic(member), ChainValues.FromBlock(fromBlock), BlockParameter.CreateLatest())).ConfigureAwait(false);
        return ChainValues.InChainOrder(logs)
            .Select(log => new RewardClaimedEvent(
                ChainValues.ToRoundId(log.Event.RoundId),
                ChainAddress.FromChain(log.Event.Member),
                ChainValues.ToScore(log.Event.Score),
                log.Event.Reward,
                ChainValues.TxHash(log.Log),
                ChainValues.Block(log.Log)))
            .ToArray();
    }

    /// <inheritdoc />
    public async Task<RoundHistory> GetRoundHistoryAsync(ulong roundId)
    {
        var opened = GetRoundOpenedEventsAsync(roundId);
        var commits = GetUpdateCommittedEventsAsync(roundId);
        var finalized = GetRoundFinalizedEventsAsync(roundId);
        var excluded = GetMembersExcludedEventsAsync(roundId);
        var claims = GetRewardClaimedEventsAsync(roundId);
        await Task.WhenAll(opened, commits, finalized, excluded, claims).ConfigureAwait(false);
        var openedEvent = (await opened.ConfigureAwait(false)).FirstOrDefault()
            ?? throw new LedgerException($"Round {roundId} was never opened on {Address}.");
        return new RoundHistory(
            openedEvent,
            await commits.ConfigureAwait(false),
            (await finalized.ConfigureAwait(false)).FirstOrDefault(),
            (await excluded.ConfigureAwait(false)).FirstOrDefault()?.Exclusions ?? [],
            await claims.ConfigureAwait(false));
    }

    private static object[]? RoundTopic(ulong? roundId) => roundId is { } id ? [new BigInteger(id)] : null;

    private static object[]? MemberTopic(ChainAddress? member) => member is { } address ? [address.ToString()] : null;
}
