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
/// </summary>
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
    /// <param name="commitDeadline">When commits stop being accepted, in chain time; must be in the future.</param>
    /// <param name="finalizeDeadline">When the round can no longer be finalized, only abandoned; not before the commit deadline.</param>
    /// <param name="cancellationToken">Stops waiting for the receipt.</param>
    /// <returns>The new round's id and the transaction.</returns>
    /// <exception cref="LedgerRevertedException">
    /// <c>CoordinatedLedger_NotCoordinator</c>, <c>CoordinatedLedger_ZeroHash</c>, <c>CoordinatedLedger_DeadlineNotInFuture</c>, <c>CoordinatedLedger_InvalidDeadlines</c>.
    /// </exception>
    public async Task<RoundOpening> OpenRoundAsync(
        Hash32 globalModelHash, DateTimeOffset commitDeadline, DateTimeOffset finalizeDeadline, CancellationToken cancellationToken = default)
    {
        var message = new OpenRoundFunction
        {
            GlobalModelHash = globalModelHash.ToArray(),
            CommitDeadline = ChainValues.ToUnixSeconds(commitDeadline),
            FinalizeDeadline = ChainValues.ToUnixSeconds(finalizeDeadline),
        };
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
    /// <c>RoundLedger_NotMember</c>, <c>RoundLedger_NotContributor</c>, <c>RoundLedger_StakeBelowMinimum</c>, <c>CoordinatedLedger_UnknownEntry</c>,
    /// <c>CoordinatedLedger_EntryClosed</c>, <c>RoundLedger_DeadlinePassed</c>, <c>RoundLedger_AlreadyCommitted</c>, <c>CoordinatedLedger_ZeroHash</c>.
    /// </exception>
    public async Task<LedgerTransaction> CommitUpdateAsync(ulong roundId, Hash32 updateHash, CancellationToken cancellationToken = default)
    {
        var message = new CommitUpdateFunction { RoundId = roundId, UpdateHash = updateHash.ToArray() };
        return (await _connection.SendAsync(Address, message, cancellationToken).ConfigureAwait(false)).Transaction;
    }

    /// <summary>
    /// Closes the table's round with the aggregated model <paramref name="newModelHash"/>, committing to the reward root,
    /// the score table's hash and the exclusions, and minting the pool for members to claim; only the coordinator may.
    /// A round below quorum is closed with an empty table and the unchanged model's hash.
    /// </summary>
    /// <param name="table">The round's scores, rewards and exclusions (<see cref="RoundScoreTable.Create"/>).</param>
    /// <param name="newModelHash">Keccak-256 of the serialized aggregated model.</param>
    /// <param name="cancellationToken">Stops waiting for the receipt.</param>
    /// <exception cref="LedgerRevertedException">
    /// <c>CoordinatedLedger_NotCoordinator</c>, <c>CoordinatedLedger_UnknownEntry</c>, <c>CoordinatedLedger_EntryClosed</c>, <c>RoundLedger_FinalizeDeadlinePassed</c>,
    /// <c>CoordinatedLedger_ZeroHash</c>, <c>RoundLedger_InvalidExclusion</c>.
    /// </exception>
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

    /// <summary>
    /// Applies the slashes of round <paramref name="roundId"/>'s exclusions (malicious: the larger share of the stake;
    /// not delivered or invalid: the smaller one; missed deadline: none). Anyone may, once per round.
    /// </summary>
    /// <param name="roundId">The finalized round.</param>
    /// <param name="exclusions">The exclusions it was finalized with, in any order.</param>
    /// <param name="cancellationToken">Stops waiting for the receipt.</param>
    /// <exception cref="LedgerRevertedException">
    /// <c>RoundLedger_NotFinalized</c>, <c>RoundLedger_ExclusionsMismatch</c>, <c>RoundLedger_ExclusionsAlreadyEnforced</c>.
    /// </exception>
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

    /// <summary>Claims <paramref name="member"/>'s reward from the table's round, with the proof the table gives; anyone may submit it.</summary>
    /// <param name="table">The round's table, as finalized.</param>
    /// <param name="member">A scored member; the tokens go to it.</param>
    /// <param name="cancellationToken">Stops waiting for the receipt.</param>
    /// <exception cref="KeyNotFoundException">The member is not in the table.</exception>
    /// <exception cref="LedgerRevertedException">See <see cref="ClaimRewardAsync(ulong, MemberScore, IReadOnlyList{Hash32}, CancellationToken)"/>.</exception>
    public Task<LedgerTransaction> ClaimRewardAsync(RoundScoreTable table, ChainAddress member, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        return ClaimRewardAsync(table.RoundId, table.Tree.GetScore(member), table.GetProof(member), cancellationToken);
    }

    /// <summary>Claims <paramref name="score"/>'s reward for round <paramref name="roundId"/> with <paramref name="proof"/>; anyone may submit it.</summary>
    /// <param name="roundId">The finalized round; past rounds stay claimable.</param>
    /// <param name="score">The member, its score and its reward as in the round's tree.</param>
    /// <param name="proof">The sibling hashes from the member's leaf to the root.</param>
    /// <param name="cancellationToken">Stops waiting for the receipt.</param>
    /// <exception cref="LedgerRevertedException">
    /// <c>CoordinatedLedger_UnknownEntry</c>, <c>RoundLedger_NotFinalized</c>, <c>RoundLedger_NotCommitted</c>, <c>RoundLedger_AlreadyClaimed</c>,
    /// <c>RoundLedger_InvalidProof</c>, <c>RoundLedger_PoolExceeded</c>.
    /// </exception>
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

    /// <summary>Closes a round nobody finalized by its finalize deadline; anyone may.</summary>
    /// <param name="roundId">The open round.</param>
    /// <param name="cancellationToken">Stops waiting for the receipt.</param>
    /// <exception cref="LedgerRevertedException"><c>CoordinatedLedger_UnknownEntry</c>, <c>CoordinatedLedger_EntryClosed</c>, <c>RoundLedger_FinalizeDeadlineNotPassed</c>.</exception>
    public async Task<LedgerTransaction> AbandonRoundAsync(ulong roundId, CancellationToken cancellationToken = default)
    {
        var message = new AbandonRoundFunction { RoundId = roundId };
        return (await _connection.SendAsync(Address, message, cancellationToken).ConfigureAwait(false)).Transaction;
    }

    /// <summary>The state of round <paramref name="roundId"/>.</summary>
    /// <param name="roundId">The round.</param>
    /// <exception cref="LedgerRevertedException"><c>CoordinatedLedger_UnknownEntry</c> for an id never opened.</exception>
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
            round.ExclusionsEnforced);
    }

    /// <summary>What <paramref name="member"/> committed in round <paramref name="roundId"/> and whether its reward was claimed.</summary>
    /// <param name="roundId">The round.</param>
    /// <param name="member">The member.</param>
    /// <exception cref="LedgerRevertedException"><c>CoordinatedLedger_UnknownEntry</c> for an id never opened.</exception>
    public async Task<UpdateCommitment> GetCommitmentAsync(ulong roundId, ChainAddress member)
    {
        var output = await _connection.QueryOutputAsync<GetCommitmentFunction, GetCommitmentOutput>(
            Address, new GetCommitmentFunction { RoundId = roundId, Member = member.ToString() }).ConfigureAwait(false);
        return new UpdateCommitment(roundId, member, ChainValues.ToHash(output.UpdateHash), output.Claimed);
    }

    /// <summary>The id of the most recently opened round; 0 before the first.</summary>
    public async Task<ulong> GetLatestRoundIdAsync() =>
        ChainValues.ToRoundId(await _connection.QueryAsync<LatestRoundIdFunction, BigInteger>(Address, new LatestRoundIdFunction()).ConfigureAwait(false));

    /// <summary>The account allowed to open and finalize rounds: the registry's coordinator.</summary>
    public async Task<ChainAddress> GetCoordinatorAsync() =>
        ChainAddress.FromChain(await _connection.QueryAsync<CoordinatorFunction, string>(Address, new CoordinatorFunction()).ConfigureAwait(false));

    /// <summary>The registry whose members may commit.</summary>
    public async Task<ChainAddress> GetMemberRegistryAsync() =>
        ChainAddress.FromChain(await _connection.QueryAsync<MemberRegistryFunction, string>(Address, new MemberRegistryFunction()).ConfigureAwait(false));

    /// <summary>The token rewards are paid in.</summary>
    public async Task<ChainAddress> GetRewardTokenAsync() =>
        ChainAddress.FromChain(await _connection.QueryAsync<RewardTokenFunction, string>(Address, new RewardTokenFunction()).ConfigureAwait(false));

    /// <summary>The shares of its stake an excluded member loses.</summary>
    public async Task<RoundSlashRates> GetSlashRatesAsync()
    {
        var output = await _connection.QueryOutputAsync<SlashRatesFunction, SlashRatesOutput>(Address, new SlashRatesFunction()).ConfigureAwait(false);
        return new RoundSlashRates(output.MaliciousBps, output.NonDeliveryBps);
    }

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
                ChainValues.FromUnixSeconds(log.Event.CommitDeadline),
                ChainValues.FromUnixSeconds(log.Event.FinalizeDeadline),
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
                ChainValues.ToHash(log.Event.RewardRoot),
                ChainValues.ToHash(log.Event.ScoreTableHash),
                log.Event.RewardPool,
                checked((int)log.Event.ScoredMembers),
                checked((int)log.Event.ExcludedMembers),
                ChainValues.TxHash(log.Log),
                ChainValues.Block(log.Log)))
            .ToArray();
    }

    /// <summary><c>MembersExcluded</c> events, for one round or all, in chain order.</summary>
    /// <param name="roundId">The round; null for every round.</param>
    /// <param name="fromBlock">The first block to search.</param>
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

    /// <summary><c>RewardClaimed</c> events, filtered by round and/or member, in chain order.</summary>
    /// <param name="roundId">The round; null for every round.</param>
    /// <param name="member">The member; null for every member.</param>
    /// <param name="fromBlock">The first block to search.</param>
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

    /// <summary>Everything the events say about round <paramref name="roundId"/>.</summary>
    /// <param name="roundId">The round.</param>
    /// <exception cref="LedgerException">The round was never opened.</exception>
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
