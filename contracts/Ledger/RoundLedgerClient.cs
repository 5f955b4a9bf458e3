using System.Numerics;
using Consortium.Contracts.Bindings;
using Consortium.Contracts.Chain;
using Nethereum.Contracts;
using Nethereum.RPC.Eth.DTOs;

namespace Consortium.Contracts.Ledger;

/// <summary>Typed access to the RoundLedger contract: the lifecycle of training rounds.</summary>
public sealed class RoundLedgerClient
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

    /// <summary>The RoundLedger's address.</summary>
    public ChainAddress Address { get; }

    /// <summary>Opens a round on the global model <paramref name="globalModelHash"/>; only the coordinator may.</summary>
    /// <param name="globalModelHash">Keccak-256 of the serialized global model.</param>
    /// <param name="deadline">When commits stop being accepted, in chain time; must be in the future.</param>
    /// <param name="cancellationToken">Stops waiting for the receipt.</param>
    /// <returns>The new round's id and the transaction.</returns>
    /// <exception cref="LedgerRevertedException"><c>Rounds_NotCoordinator</c>, <c>Rounds_ZeroHash</c>, <c>Rounds_DeadlineNotInFuture</c>.</exception>
    public async Task<RoundOpening> OpenRoundAsync(Hash32 globalModelHash, DateTimeOffset deadline, CancellationToken cancellationToken = default)
    {
        var message = new OpenRoundFunction { GlobalModelHash = globalModelHash.ToArray(), Deadline = ChainValues.ToUnixSeconds(deadline) };
        var (transaction, receipt) = await _connection.SendAsync(Address, message, cancellationToken).ConfigureAwait(false);
        var opened = receipt.DecodeAllEvents<RoundOpenedEventDto>()
            .FirstOrDefault(log => ChainAddress.FromChain(log.Log.Address) == Address)
            ?? throw new LedgerException($"Transaction {transaction.TxHash} opened no round.");
        return new RoundOpening(ChainValues.ToRoundId(opened.Event.RoundId), transaction);
    }

    /// <summary>Commits the hash of the signer's local update for round <paramref name="roundId"/>, once per round.</summary>
    /// <param name="roundId">The round.</param>
    /// <param name="updateHash">Keccak-256 of the serialized update.</param>
    /// <param name="cancellationToken">Stops waiting for the receipt.</param>
    /// <exception cref="LedgerRevertedException">
    /// <c>Rounds_NotMember</c>, <c>Rounds_UnknownRound</c>, <c>Rounds_RoundClosed</c>, <c>Rounds_DeadlinePassed</c>,
    /// <c>Rounds_AlreadyCommitted</c>, <c>Rounds_ZeroHash</c>.
    /// </exception>
    public async Task<LedgerTransaction> CommitUpdateAsync(ulong roundId, Hash32 updateHash, CancellationToken cancellationToken = default)
    {
        var message = new CommitUpdateFunction { RoundId = roundId, UpdateHash = updateHash.ToArray() };
        return (await _connection.SendAsync(Address, message, cancellationToken).ConfigureAwait(false)).Transaction;
    }

    /// <summary>
    /// Closes round <paramref name="roundId"/> with the aggregated model, records every member's score and mints its reward,
    /// all in one transaction; only the coordinator may.
    /// </summary>
    /// <param name="roundId">The round.</param>
    /// <param name="newModelHash">Keccak-256 of the serialized aggregated model.</param>
    /// <param name="scores">Each scored member's score and reward; every member must have committed, and appear once.</param>
    /// <param name="cancellationToken">Stops waiting for the receipt.</param>
    /// <exception cref="LedgerRevertedException">
    /// <c>Rounds_NotCoordinator</c>, <c>Rounds_UnknownRound</c>, <c>Rounds_RoundClosed</c>, <c>Rounds_NotCommitted</c>,
    /// <c>Rounds_AlreadyScored</c>, <c>Rounds_ScoreOutOfRange</c>, <c>Rounds_ZeroHash</c>.
    /// </exception>
    public async Task<LedgerTransaction> FinalizeRoundAsync(
        ulong roundId, Hash32 newModelHash, IReadOnlyList<MemberScore> scores, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scores);
        foreach (var score in scores)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(score.Reward, nameof(scores));
        }

        var message = new FinalizeRoundFunction
        {
            RoundId = roundId,
            NewModelHash = newModelHash.ToArray(),
            ScoredMembers = scores.Select(score => score.Member.ToString()).ToList(),
            Scores = scores.Select(score => new BigInteger(score.Score)).ToList(),
            Rewards = scores.Select(score => score.Reward).ToList(),
        };
        return (await _connection.SendAsync(Address, message, cancellationToken).ConfigureAwait(false)).Transaction;
    }

    /// <summary>Hands the coordinator role to <paramref name="newCoordinator"/>; only the current coordinator may.</summary>
    /// <param name="newCoordinator">The next coordinator.</param>
    /// <param name="cancellationToken">Stops waiting for the receipt.</param>
    /// <exception cref="LedgerRevertedException"><c>Rounds_NotCoordinator</c>, <c>Rounds_ZeroAddress</c>.</exception>
    public async Task<LedgerTransaction> TransferCoordinatorAsync(ChainAddress newCoordinator, CancellationToken cancellationToken = default)
    {
        var message = new TransferCoordinatorFunction { NewCoordinator = newCoordinator.ToString() };
        return (await _connection.SendAsync(Address, message, cancellationToken).ConfigureAwait(false)).Transaction;
    }

    /// <summary>The state of round <paramref name="roundId"/>.</summary>
    /// <param name="roundId">The round.</param>
    /// <exception cref="LedgerRevertedException"><c>Rounds_UnknownRound</c> for an id never opened.</exception>
    public async Task<RoundState> GetRoundAsync(ulong roundId)
    {
        var output = await _connection.QueryOutputAsync<GetRoundFunction, GetRoundOutput>(
            Address, new GetRoundFunction { RoundId = roundId }).ConfigureAwait(false);
        return new RoundState(
            roundId,
            (RoundStatus)output.Status,
            ChainValues.ToHash(output.GlobalModelHash),
            ChainValues.ToHash(output.NewModelHash),
            ChainValues.FromUnixSeconds(output.Deadline),
            checked((int)output.CommitCount),
            output.OpenedAtBlock,
            output.FinalizedAtBlock == 0 ? null : output.FinalizedAtBlock);
    }

    /// <summary>What <paramref name="member"/> committed in round <paramref name="roundId"/> and how it was scored.</summary>
    /// <param name="roundId">The round.</param>
    /// <param name="member">The member.</param>
    /// <exception cref="LedgerRevertedException"><c>Rounds_UnknownRound</c> for an id never opened.</exception>
    public async Task<UpdateCommitment> GetCommitmentAsync(ulong roundId, ChainAddress member)
    {
        var output = await _connection.QueryOutputAsync<GetCommitmentFunction, GetCommitmentOutput>(
            Address, new GetCommitmentFunction { RoundId = roundId, Member = member.ToString() }).ConfigureAwait(false);
        return new UpdateCommitment(
            roundId,
            member,
            ChainValues.ToHash(output.UpdateHash),
            output.CommittedAtBlock == 0 ? null : output.CommittedAtBlock,
            output.Scored,
            ChainValues.ToScore(output.Score),
            output.Reward);
    }

    /// <summary>The id of the most recently opened round; 0 before the first.</summary>
    public async Task<ulong> GetLatestRoundIdAsync() =>
        ChainValues.ToRoundId(await _connection.QueryAsync<LatestRoundIdFunction, BigInteger>(Address, new LatestRoundIdFunction()).ConfigureAwait(false));

    /// <summary>The account allowed to open and finalize rounds.</summary>
    public async Task<ChainAddress> GetCoordinatorAsync() =>
        ChainAddress.FromChain(await _connection.QueryAsync<CoordinatorFunction, string>(Address, new CoordinatorFunction()).ConfigureAwait(false));

    /// <summary>The registry whose members may commit.</summary>
    public async Task<ChainAddress> GetMemberRegistryAsync() =>
        ChainAddress.FromChain(await _connection.QueryAsync<MemberRegistryFunction, string>(Address, new MemberRegistryFunction()).ConfigureAwait(false));

    /// <summary>The token rewards are minted in.</summary>
    public async Task<ChainAddress> GetRewardTokenAsync() =>
        ChainAddress.FromChain(await _connection.QueryAsync<RewardTokenFunction, string>(Address, new RewardTokenFunction()).ConfigureAwait(false));

    /// <summary><c>RoundOpened</c> events, for one round or all, in chain order.</summary>
    /// <param name="roundId">The round; null for every round.</param>
    /// <param name="fromBlock">The first block to search.</param>
    public async Task<IReadOnlyList<RoundOpenedEvent>> GetRoundOpenedEventsAsync(ulong? roundId = null, ulong fromBlock = 0)
    {
        var logs = await _connection.GetEventsAsync<RoundOpenedEventDto>(
            Address, e => e.CreateFilterInput(RoundTopic(roundId), ChainValues.FromBlock(fromBlock), BlockParameter.CreateLatest())).ConfigureAwait(false);
        return ChainValues.InChainOrder(logs)
            .Select(log => new RoundOpenedEvent(
                ChainValues.ToRoundId(log.Event.RoundId),
                ChainValues.ToHash(log.Event.GlobalModelHash),
                ChainValues.FromUnixSeconds(log.Event.Deadline),
                ChainValues.TxHash(log.Log),
                ChainValues.Block(log.Log)))
            .ToArray();
    }

    /// <summary><c>UpdateCommitted</c> events, filtered by round and/or member, in chain order.</summary>
    /// <param name="roundId">The round; null for every round.</param>
    /// <param name="member">The member; null for every member.</param>
    /// <param name="fromBlock">The first block to search.</param>
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

    /// <summary><c>MemberScored</c> events, filtered by round and/or member, in chain order.</summary>
    /// <param name="roundId">The round; null for every round.</param>
    /// <param name="member">The member; null for every member.</param>
    /// <param name="fromBlock">The first block to search.</param>
    public async Task<IReadOnlyList<MemberScoredEvent>> GetMemberScoredEventsAsync(ulong? roundId = null, ChainAddress? member = null, ulong fromBlock = 0)
    {
        var logs = await _connection.GetEventsAsync<MemberScoredEventDto>(
            Address,
            e => e.CreateFilterInput(RoundTopic(roundId), MemberTopic(member), ChainValues.FromBlock(fromBlock), BlockParameter.CreateLatest())).ConfigureAwait(false);
        return ChainValues.InChainOrder(logs)
            .Select(log => new MemberScoredEvent(
                ChainValues.ToRoundId(log.Event.RoundId),
                ChainAddress.FromChain(log.Event.Member),
                ChainValues.ToScore(log.Event.Score),
                log.Event.Reward,
                ChainValues.TxHash(log.Log),
                ChainValues.Block(log.Log)))
            .ToArray();
    }

    /// <summary><c>RoundFinalized</c> events, for one round or all, in chain order.</summary>
    /// <param name="roundId">The round; null for every round.</param>
    /// <param name="fromBlock">The first block to search.</param>
    public async Task<IReadOnlyList<RoundFinalizedEvent>> GetRoundFinalizedEventsAsync(ulong? roundId = null, ulong fromBlock = 0)
    {
        var logs = await _connection.GetEventsAsync<RoundFinalizedEventDto>(
            Address, e => e.CreateFilterInput(RoundTopic(roundId), ChainValues.FromBlock(fromBlock), BlockParameter.CreateLatest())).ConfigureAwait(false);
        return ChainValues.InChainOrder(logs)
            .Select(log => new RoundFinalizedEvent(
                ChainValues.ToRoundId(log.Event.RoundId),
                ChainValues.ToHash(log.Event.NewModelHash),
                checked((int)log.Event.ScoredMembers),
                log.Event.TotalReward,
                ChainValues.TxHash(log.Log),
                ChainValues.Block(log.Log)))
            .ToArray();
    }

    /// <summary>Everything the events say about round <paramref name="roundId"/>.</summary>
    /// <param name="roundId">The round.</param>
    /// <exception cref="LedgerException">The round was never opened.</exception>
    public async Task<RoundHistory> GetRoundHistoryAsync(ulong roundId)
    {
        var opened = GetRoundOpenedEventsAsync(roundId);
        var commits = GetUpdateCommittedEventsAsync(roundId);
        var scores = GetMemberScoredEventsAsync(roundId);
        var finalized = GetRoundFinalizedEventsAsync(roundId);
        await Task.WhenAll(opened, commits, scores, finalized).ConfigureAwait(false);
        var openedEvent = (await opened.ConfigureAwait(false)).FirstOrDefault()
            ?? throw new LedgerException($"Round {roundId} was never opened on {Address}.");
        return new RoundHistory(
            openedEvent,
            await commits.ConfigureAwait(false),
            await scores.ConfigureAwait(false),
            (await finalized.ConfigureAwait(false)).FirstOrDefault());
    }

    private static object[]? RoundTopic(ulong? roundId) => roundId is { } id ? [new BigInteger(id)] : null;

    private static object[]? MemberTopic(ChainAddress? member) => member is { } address ? [address.ToString()] : null;
}
