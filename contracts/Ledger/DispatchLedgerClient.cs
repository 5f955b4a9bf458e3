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
/// The Nethereum implementation of <see cref="IDispatchLedger"/>.
/// </summary>
public sealed class DispatchLedgerClient : IDispatchLedger
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

    /// <inheritdoc />
    public ChainAddress Address { get; }

    /// <summary>The connection the client reads and sends through.</summary>
    internal ChainConnection Connection => _connection;

    /// <inheritdoc />
    public async Task<DispatchOpening> OpenDispatchAsync(
        FlexibilityTerms terms, byte[] signature, DateTimeOffset allocationDeadline, DateTimeOffset deliveryDeadline, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(terms);
        ArgumentNullException.ThrowIfNull(signature);
        var message = new OpenDispatchFunction
        {
            Terms = ToData(terms),
            Signature = signature,
            AllocationDeadline = ChainValues.ToUnixSeconds(allocationDeadline),
            DeliveryDeadline = ChainValues.ToUnixSeconds(deliveryDeadline),
        };
        var (transaction, receipt) = await _connection.SendAsync(Address, message, cancellationToken).ConfigureAwait(false);
        var opened = receipt.DecodeAllEvents<DispatchOpenedEventDto>()
            .FirstOrDefault(log => ChainAddress.FromChain(log.Log.Address) == Address)
            ?? throw new LedgerException($"Transaction {transaction.TxHash} opened no dispatch event.");
        return new DispatchOpening(ChainValues.ToId(opened.Event.EventId), transaction);
    }

    /// <inheritdoc />
    public async Task<FlexibilityTerms> GetRequestTermsAsync(ulong eventId) =>
        FromData((await _connection.QueryOutputAsync<GetRequestTermsFunction, GetRequestTermsOutput>(
            Address, new GetRequestTermsFunction { EventId = eventId }).ConfigureAwait(false)).Terms);

    /// <inheritdoc />
    public async Task<ulong> GetEventOfRequestAsync(Hash32 requestHash) =>
        ChainValues.ToId(await _connection.QueryAsync<EventOfRequestFunction, BigInteger>(
            Address, new EventOfRequestFunction { RequestHash = requestHash.ToArray() }).ConfigureAwait(false));

    /// <inheritdoc />
    public async Task<Hash32> GetRequestDigestAsync(FlexibilityTerms terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        return ChainValues.ToHash(await _connection.QueryAsync<RequestDigestFunction, byte[]>(
            Address, new RequestDigestFunction { Terms = ToData(terms) }).ConfigureAwait(false));
    }

    /// <inheritdoc />
    public Task<LedgerTransaction> CommitAllocationAsync(ulong eventId, Hash32 allocationHash, ulong allocatedWh, CancellationToken cancellationToken = default) =>
        SendAsync(new CommitAllocationFunction { EventId = eventId, AllocationHash = allocationHash.ToArray(), AllocatedWh = allocatedWh }, cancellationToken);

    /// <inheritdoc />
    public Task<LedgerTransaction> CommitStepAsync(ulong eventId, int step, Hash32 stepHash, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        return SendAsync(new CommitStepFunction { EventId = eventId, Step = (uint)step, StepHash = stepHash.ToArray() }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<ulong> GetGasUsedAsync(Hash32 transaction) => _connection.GetGasUsedAsync(transaction);

    /// <inheritdoc />
    public async Task<IReadOnlyList<StepCommittedEvent>> GetStepCommittedEventsAsync(ulong eventId, ChainAddress? @operator = null, ulong fromBlock = 0)
    {
        object[] eventTopic = [new BigInteger(eventId)];
        object[]? operatorTopic = @operator is { } address ? [address.ToString()] : null;
        var logs = await _connection.GetEventsAsync<StepCommittedEventDto>(
            Address,
            e => e.CreateFilterInput(eventTopic, operatorTopic, ChainValues.FromBlock(fromBlock), BlockParameter.CreateLatest())).ConfigureAwait(false);
        return ChainValues.InChainOrder(logs)
            .Select(log => new StepCommittedEvent(
                ChainValues.ToId(log.Event.EventId),
                ChainAddress.FromChain(log.Event.Operator),
                checked((int)log.Event.Step),
                ChainValues.ToHash(log.Event.StepHash),
                ChainValues.TxHash(log.Log),
                ChainValues.Block(log.Log)))
            .ToArray();
    }

    /// <inheritdoc />
    public Task<LedgerTransaction> DeclineDispatchAsync(ulong eventId, DeclineReason reason, string detail, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(detail);
        if (reason == DeclineReason.None || !Enum.IsDefined(reason))
        {
            throw new ArgumentOutOfRangeException(nameof(reason), reason, "A decline gives one of the defined reasons other than None.");
        }

        return SendAsync(new DeclineDispatchFunction { EventId = eventId, Reason = (byte)reason, Detail = detail }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<LedgerTransaction> ReportDeliveryAsync(ulong eventId, Hash32 deliveryHash, ulong deliveredWh, CancellationToken cancellationToken = default) =>
        SendAsync(new ReportDeliveryFunction { EventId = eventId, DeliveryHash = deliveryHash.ToArray(), DeliveredWh = deliveredWh }, cancellationToken);

    /// <inheritdoc />
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

    /// <inheritdoc />
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
            state.TotalPenalties)
        {
            WearRound = state.WearRound,
        };
    }

    /// <inheritdoc />
    public async Task<LedgerTransaction> PublishWearPricesAsync(ulong roundId, IReadOnlyList<WearPrice> prices, Hash32 assumptionsHash, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prices);
        var ordered = prices.OrderBy(p => p.Chemistry, StringComparer.Ordinal).ToArray();
        for (var i = 1; i < ordered.Length; i++)
        {
            if (ordered[i].Chemistry == ordered[i - 1].Chemistry)
            {
                throw new ArgumentException($"Chemistry {ordered[i].Chemistry} is priced twice.", nameof(prices));
            }
        }

        foreach (var price in ordered)
        {
            if (price.WeiPerKwh < 0 || price.WeiPerKwh >= BigInteger.One << 128)
            {
                throw new ArgumentOutOfRangeException(nameof(prices), price.WeiPerKwh, $"The wear price of {price.Chemistry} must be at least zero and below 2^128.");
            }
        }

        var message = new PublishWearPricesFunction
        {
            RoundId = roundId,
            Chemistries = [.. ordered.Select(p => WearPrice.LabelBytes(p.Chemistry))],
            WeiPerKwh = [.. ordered.Select(p => p.WeiPerKwh)],
            AssumptionsHash = assumptionsHash.ToArray(),
        };
        return (await _connection.SendAsync(Address, message, cancellationToken).ConfigureAwait(false)).Transaction;
    }

    /// <inheritdoc />
    public async Task<WearPriceSet> GetWearPricesAsync()
    {
        var inForce = await _connection.QueryOutputAsync<WearPricesFunction, WearPricesOutput>(Address, new WearPricesFunction()).ConfigureAwait(false);
        var roundId = ChainValues.ToId(inForce.RoundId);
        if (roundId == 0)
        {
            return WearPriceSet.None;
        }

        // The ledger keeps the round and model; the list is in that round's one WearPricesPublished event.
        var published = (await GetWearPricesPublishedEventsAsync(roundId).ConfigureAwait(false)).SingleOrDefault()
            ?? throw new LedgerException($"The dispatch ledger names battery round {roundId} for its wear prices but holds no WearPricesPublished event for it.");
        return new WearPriceSet(roundId, ChainValues.ToHash(inForce.ModelHash), published.AssumptionsHash, published.Prices);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<WearPricesPublishedEvent>> GetWearPricesPublishedEventsAsync(ulong? roundId = null, ulong fromBlock = 0)
    {
        object[]? topic = roundId is { } id ? [new BigInteger(id)] : null;
        var logs = await _connection.GetEventsAsync<WearPricesPublishedEventDto>(
            Address, e => e.CreateFilterInput(topic, ChainValues.FromBlock(fromBlock), BlockParameter.CreateLatest())).ConfigureAwait(false);
        return ChainValues.InChainOrder(logs)
            .Select(log => new WearPricesPublishedEvent(
                ChainValues.ToId(log.Event.RoundId),
                ChainValues.ToHash(log.Event.ModelHash),
                ChainValues.ToHash(log.Event.AssumptionsHash),
                Prices(log.Event.Chemistries, log.Event.WeiPerKwh),
                ChainValues.TxHash(log.Log),
                ChainValues.Block(log.Log)))
            .ToArray();
    }

    private static WearPrice[] Prices(List<byte[]> chemistries, List<BigInteger> weiPerKwh) =>
        [.. chemistries.Zip(weiPerKwh, (label, price) => new WearPrice(WearPrice.Label(label), price))];

    /// <inheritdoc />
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
            (DeclineReason)record.DeclineReason,
            record.AllocatedWh,
            record.DeliveredWh);
    }

    /// <inheritdoc />
    public async Task<ulong> GetLatestDispatchIdAsync() =>
        ChainValues.ToId(await _connection.QueryAsync<LatestDispatchIdFunction, BigInteger>(Address, new LatestDispatchIdFunction()).ConfigureAwait(false));

    /// <inheritdoc />
    public async Task<ChainAddress> GetCoordinatorAsync() =>
        ChainAddress.FromChain(await _connection.QueryAsync<CoordinatorFunction, string>(Address, new CoordinatorFunction()).ConfigureAwait(false));

    /// <inheritdoc />
    public async Task<ChainAddress> GetMemberRegistryAsync() =>
        ChainAddress.FromChain(await _connection.QueryAsync<MemberRegistryFunction, string>(Address, new MemberRegistryFunction()).ConfigureAwait(false));

    /// <inheritdoc />
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

    /// <inheritdoc />
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

    private static FlexibilityTermsData ToData(FlexibilityTerms terms) => new()
    {
        RequestIdHash = terms.RequestIdHash.ToArray(),
        GridParty = terms.GridParty.ToString(),
        IssuedAt = ChainValues.ToUnixSeconds(terms.IssuedAt),
        Start = ChainValues.ToUnixSeconds(terms.Start),
        StepMinutes = checked((uint)terms.StepMinutes),
        HorizonSteps = checked((uint)terms.HorizonSteps),
        TargetHash = terms.TargetHash.ToArray(),
        DeviationPenaltyMicrosPerKwh = terms.DeviationPenaltyMicrosPerKwh,
        RewardWeiPerKwh = terms.RewardWeiPerKwh,
        PenaltyWeiPerKwh = terms.PenaltyWeiPerKwh,
        ToleranceBps = checked((uint)terms.ToleranceBps),
        ToleranceWh = checked((uint)terms.ToleranceWh),
    };

    private static FlexibilityTerms FromData(FlexibilityTermsData data) => new(
        ChainValues.ToHash(data.RequestIdHash),
        ChainAddress.FromChain(data.GridParty),
        ChainValues.FromUnixSeconds(data.IssuedAt),
        ChainValues.FromUnixSeconds(data.Start),
        checked((int)data.StepMinutes),
        checked((int)data.HorizonSteps),
        ChainValues.ToHash(data.TargetHash),
        data.DeviationPenaltyMicrosPerKwh,
        data.RewardWeiPerKwh,
        data.PenaltyWeiPerKwh,
        checked((int)data.ToleranceBps),
        checked((int)data.ToleranceWh));

    private async Task<LedgerTransaction> SendAsync<TMessage>(TMessage message, CancellationToken cancellationToken)
        where TMessage : FunctionMessage, new() =>
        (await _connection.SendAsync(Address, message, cancellationToken).ConfigureAwait(false)).Transaction;
}
