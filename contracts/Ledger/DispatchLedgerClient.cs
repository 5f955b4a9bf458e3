using System.Numerics;
using Consortium.Contracts.Bindings;
using Consortium.Contracts.Chain;
using Nethereum.Contracts;
using Nethereum.RPC.Eth.DTOs;

namespace Consortium.Contracts.Ledger;

/// <summary>
/// Typed access to the DispatchLedger contract: the coordinator opens a dispatch event, each operator commits the hash of
/// the allocation it accepted (or declines the event, with a reason) and later of its metered delivery, and the
/// coordinator settles rewards and penalties.
/// </summary>
public sealed class DispatchLedgerClient
{
    private readonly ChainConnection _connection;

    /// <summary>Binds to the dispatch ledger at <paramref name="address"/>.</summary>
    /// <param name="connection">The endpoint, with a signer for the state-changing calls.</param>
    /// <param name="address">The DispatchLedger's address.</param>
    public DispatchLedgerClient(ChainConnection connection, ChainAddress address)
    {
        _connection = connection ?? throw new ArgumentNullException(nameof(connection));
        Address = address;
    }

    /// <summary>The DispatchLedger's address.</summary>
    public ChainAddress Address { get; }

    /// <summary>Opens a dispatch event answering the request <paramref name="requestHash"/>; only the coordinator may.</summary>
    /// <param name="requestHash">Keccak-256 of the dispatch request.</param>
    /// <param name="allocationDeadline">When allocations stop being accepted; in the future.</param>
    /// <param name="deliveryDeadline">When delivery reports stop being accepted; not before the allocation deadline.</param>
    /// <param name="cancellationToken">Stops waiting for the receipt.</param>
    /// <exception cref="LedgerRevertedException">
    /// <c>CoordinatedLedger_NotCoordinator</c>, <c>CoordinatedLedger_ZeroHash</c>, <c>CoordinatedLedger_DeadlineNotInFuture</c>, <c>CoordinatedLedger_InvalidDeadlines</c>.
    /// </exception>
    public async Task<DispatchOpening> OpenDispatchAsync(
        Hash32 requestHash, DateTimeOffset allocationDeadline, DateTimeOffset deliveryDeadline, CancellationToken cancellationToken = default)
    {
        var message = new OpenDispatchFunction
        {
            RequestHash = requestHash.ToArray(),
            AllocationDeadline = ChainValues.ToUnixSeconds(allocationDeadline),
            DeliveryDeadline = ChainValues.ToUnixSeconds(deliveryDeadline),
        };
        var (transaction, receipt) = await _connection.SendAsync(Address, message, cancellationToken).ConfigureAwait(false);
        var opened = receipt.DecodeAllEvents<DispatchOpenedEventDto>()
            .FirstOrDefault(log => ChainAddress.FromChain(log.Log.Address) == Address)
            ?? throw new LedgerException($"Transaction {transaction.TxHash} opened no dispatch event.");
        return new DispatchOpening(ChainValues.ToId(opened.Event.EventId), transaction);
    }

    /// <summary>Commits the hash of the allocation the signing operator accepted for event <paramref name="eventId"/>.</summary>
    /// <param name="eventId">The event.</param>
    /// <param name="allocationHash">Keccak-256 of the accepted allocation.</param>
    /// <param name="cancellationToken">Stops waiting for the receipt.</param>
    /// <exception cref="LedgerRevertedException">
    /// <c>DispatchLedger_NotOperator</c>, <c>CoordinatedLedger_UnknownEntry</c>, <c>CoordinatedLedger_EntryClosed</c>, <c>DispatchLedger_AllocationDeadlinePassed</c>,
    /// <c>DispatchLedger_AlreadyCommitted</c>, <c>DispatchLedger_Declined</c>, <c>CoordinatedLedger_ZeroHash</c>.
    /// </exception>
    public Task<LedgerTransaction> CommitAllocationAsync(ulong eventId, Hash32 allocationHash, CancellationToken cancellationToken = default) =>
        SendAsync(new CommitAllocationFunction { EventId = eventId, AllocationHash = allocationHash.ToArray() }, cancellationToken);

    /// <summary>
    /// Sits event <paramref name="eventId"/> out on chain: records that the signing operator commits no allocation, and why.
    /// Once declined it can no longer commit and is not settled.
    /// </summary>
    /// <param name="eventId">The event, open and before its allocation deadline.</param>
    /// <param name="reason">Why the operator declines; not <see cref="DeclineReason.None"/>.</param>
    /// <param name="detail">Free text for auditors, emitted with the event and not stored; may be empty.</param>
    /// <param name="cancellationToken">Stops waiting for the receipt.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="reason"/> is None or not a defined reason.</exception>
    /// <exception cref="LedgerRevertedException">
    /// <c>DispatchLedger_NotOperator</c>, <c>CoordinatedLedger_UnknownEntry</c>, <c>CoordinatedLedger_EntryClosed</c>,
    /// <c>DispatchLedger_AllocationDeadlinePassed</c>, <c>DispatchLedger_AlreadyCommitted</c>, <c>DispatchLedger_Declined</c>.
    /// </exception>
    public Task<LedgerTransaction> DeclineDispatchAsync(ulong eventId, DeclineReason reason, string detail, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(detail);
        if (reason == DeclineReason.None || !Enum.IsDefined(reason))
        {
            throw new ArgumentOutOfRangeException(nameof(reason), reason, "A decline gives one of the defined reasons other than None.");
        }

        return SendAsync(new DeclineDispatchFunction { EventId = eventId, Reason = (byte)reason, Detail = detail }, cancellationToken);
    }

    /// <summary>Reports the hash of the signing operator's metered delivery for event <paramref name="eventId"/>.</summary>
    /// <param name="eventId">The event.</param>
    /// <param name="deliveryHash">Keccak-256 of the metered delivery.</param>
    /// <param name="cancellationToken">Stops waiting for the receipt.</param>
    /// <exception cref="LedgerRevertedException">
    /// <c>DispatchLedger_NotCommitted</c>, <c>DispatchLedger_AlreadyReported</c>, <c>DispatchLedger_DeliveryDeadlinePassed</c>, <c>CoordinatedLedger_EntryClosed</c>.
    /// </exception>
    public Task<LedgerTransaction> ReportDeliveryAsync(ulong eventId, Hash32 deliveryHash, CancellationToken cancellationToken = default) =>
        SendAsync(new ReportDeliveryFunction { EventId = eventId, DeliveryHash = deliveryHash.ToArray() }, cancellationToken);

    /// <summary>Settles event <paramref name="eventId"/>: positive amounts are minted to the operator, negative ones slashed from its stake.</summary>
    /// <param name="eventId">The event.</param>
    /// <param name="settlements">One entry per operator that committed an allocation, in any order.</param>
    /// <param name="cancellationToken">Stops waiting for the receipt.</param>
    /// <exception cref="LedgerRevertedException">
    /// <c>CoordinatedLedger_NotCoordinator</c>, <c>CoordinatedLedger_EntryClosed</c>, <c>DispatchLedger_Declined</c>, <c>DispatchLedger_NotCommitted</c>,
    /// <c>DispatchLedger_NotSorted</c>, <c>SafeCastOverflowedIntDowncast</c> for an amount beyond 128 bits,
    /// <c>SafeCastOverflowedUintDowncast</c> when the rewards or penalties together exceed 128 bits.
    /// </exception>
    public Task<LedgerTransaction> SettleDispatchAsync(ulong eventId, IReadOnlyList<DispatchSettlement> settlements, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settlements);
        var sorted = settlements.OrderBy(settlement => settlement.Operator, RoundScoreTable.AddressOrder.Instance).ToArray();
        return SendAsync(
            new SettleDispatchFunction
            {
                EventId = eventId,
                Operators = [.. sorted.Select(settlement => settlement.Operator.ToString())],
                Amounts = [.. sorted.Select(settlement => settlement.Amount)],
            },
            cancellationToken);
    }

    /// <summary>Dispatch event <paramref name="eventId"/>.</summary>
    /// <param name="eventId">The event.</param>
    /// <exception cref="LedgerRevertedException"><c>CoordinatedLedger_UnknownEntry</c>.</exception>
    public async Task<DispatchState> GetDispatchAsync(ulong eventId)
    {
        var state = (await _connection.QueryOutputAsync<GetDispatchFunction, GetDispatchOutput>(
            Address, new GetDispatchFunction { EventId = eventId }).ConfigureAwait(false)).Dispatch;
        return new DispatchState(
            eventId,
            (DispatchStatus)state.Status,
            ChainValues.ToHash(state.RequestHash),
            ChainValues.FromUnixSeconds(state.AllocationDeadline),
            ChainValues.FromUnixSeconds(state.DeliveryDeadline),
            state.OpenedAtBlock,
            checked((int)state.AllocationCount),
            checked((int)state.DeliveryCount),
            checked((int)state.DeclineCount),
            state.TotalRewards,
            state.TotalPenalties);
    }

    /// <summary><paramref name="operator"/>'s part in event <paramref name="eventId"/>.</summary>
    /// <param name="eventId">The event.</param>
    /// <param name="operator">The operator.</param>
    /// <exception cref="LedgerRevertedException"><c>CoordinatedLedger_UnknownEntry</c>.</exception>
    public async Task<OperatorDispatch> GetOperatorDispatchAsync(ulong eventId, ChainAddress @operator)
    {
        var record = (await _connection.QueryOutputAsync<GetOperatorDispatchFunction, GetOperatorDispatchOutput>(
            Address, new GetOperatorDispatchFunction { EventId = eventId, Operator = @operator.ToString() }).ConfigureAwait(false)).Record;
        return new OperatorDispatch(
            eventId,
            @operator,
            ChainValues.ToHash(record.AllocationHash),
            ChainValues.ToHash(record.DeliveryHash),
            record.Settlement,
            record.Settled,
            (DeclineReason)record.DeclineReason);
    }

    /// <summary>The id of the most recent dispatch event; 0 before the first.</summary>
    public async Task<ulong> GetLatestDispatchIdAsync() =>
        ChainValues.ToId(await _connection.QueryAsync<LatestDispatchIdFunction, BigInteger>(Address, new LatestDispatchIdFunction()).ConfigureAwait(false));

    /// <summary>The account allowed to open and settle dispatch events: the registry's coordinator.</summary>
    public async Task<ChainAddress> GetCoordinatorAsync() =>
        ChainAddress.FromChain(await _connection.QueryAsync<CoordinatorFunction, string>(Address, new CoordinatorFunction()).ConfigureAwait(false));

    /// <summary>The registry whose operators take part.</summary>
    public async Task<ChainAddress> GetMemberRegistryAsync() =>
        ChainAddress.FromChain(await _connection.QueryAsync<MemberRegistryFunction, string>(Address, new MemberRegistryFunction()).ConfigureAwait(false));

    /// <summary>
    /// <c>DispatchDeclined</c> events, filtered by dispatch event and/or operator, in chain order: who sat which event out,
    /// why, and the detail each gave (the ledger stores only the reason).
    /// </summary>
    /// <param name="eventId">The dispatch event; null for every event.</param>
    /// <param name="operator">The operator; null for every operator.</param>
    /// <param name="fromBlock">The first block to search.</param>
    public async Task<IReadOnlyList<DispatchDeclinedEvent>> GetDispatchDeclinedEventsAsync(ulong? eventId = null, ChainAddress? @operator = null, ulong fromBlock = 0)
    {
        object[]? eventTopic = eventId is { } id ? [new BigInteger(id)] : null;
        object[]? operatorTopic = @operator is { } address ? [address.ToString()] : null;
        var logs = await _connection.GetEventsAsync<DispatchDeclinedEventDto>(
            Address,
            e => e.CreateFilterInput(eventTopic, operatorTopic, ChainValues.FromBlock(fromBlock), BlockParameter.CreateLatest())).ConfigureAwait(false);
        return ChainValues.InChainOrder(logs)
            .Select(log => new DispatchDeclinedEvent(
                ChainValues.ToId(log.Event.EventId),
                ChainAddress.FromChain(log.Event.Operator),
                (DeclineReason)log.Event.Reason,
                log.Event.Detail,
                ChainValues.TxHash(log.Log),
                ChainValues.Block(log.Log)))
            .ToArray();
    }

    /// <summary><c>DeliverySettled</c> events, for one event or all, in chain order.</summary>
    /// <param name="eventId">The dispatch event; null for every event.</param>
    /// <param name="fromBlock">The first block to search.</param>
    public async Task<IReadOnlyList<DeliverySettledEvent>> GetDeliverySettledEventsAsync(ulong? eventId = null, ulong fromBlock = 0)
    {
        object[]? topic = eventId is { } id ? [new BigInteger(id)] : null;
        var logs = await _connection.GetEventsAsync<DeliverySettledEventDto>(
            Address, e => e.CreateFilterInput(topic, ChainValues.FromBlock(fromBlock), BlockParameter.CreateLatest())).ConfigureAwait(false);
        return ChainValues.InChainOrder(logs)
            .Select(log => new DeliverySettledEvent(
                ChainValues.ToId(log.Event.EventId),
                ChainAddress.FromChain(log.Event.Operator),
                log.Event.Amount,
                log.Event.Taken,
                ChainValues.TxHash(log.Log),
                ChainValues.Block(log.Log)))
            .ToArray();
    }

    private async Task<LedgerTransaction> SendAsync<TMessage>(TMessage message, CancellationToken cancellationToken)
        where TMessage : FunctionMessage, new() =>
        (await _connection.SendAsync(Address, message, cancellationToken).ConfigureAwait(false)).Transaction;
}
