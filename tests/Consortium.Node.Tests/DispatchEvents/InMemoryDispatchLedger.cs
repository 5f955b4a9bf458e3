using System.Numerics;
using System.Text;
using Consortium.Contracts;
using Consortium.Contracts.Ledger;
using Consortium.Node.GridParty;

namespace Consortium.Node.Tests.DispatchEvents;

/// <summary>
/// <see cref="IDispatchLedger"/> in memory, for tests of the dispatch participant and runner without a chain. It keeps
/// DispatchLedger.sol's rules and refuses what the contract refuses with the same custom error (and arguments) as a
/// <see cref="LedgerRevertedException"/>, and what the Nethereum client refuses before sending with the same exception:
/// only the coordinator opens, for a request a registered grid party signed (EIP-712, this ledger's domain), once, and
/// settles within the request's terms; only an active operator commits or declines, once, before the allocation
/// deadline; a decliner neither commits nor is settled; a delivery needs a commitment and comes before the delivery
/// deadline; a settlement closes the event, lists each committed operator once, in address order, mints rewards and
/// slashes penalties from the stake (never more than the stake). A reverted call changes nothing.
/// </summary>
/// <remarks>
/// Every view made with <see cref="As"/> shares one ledger and sends as its own account. Chain time is
/// <see cref="Now"/> (settable, to pass deadlines); every transaction is mined in a block of its own and uses a fixed
/// nominal gas (not the contract's). Membership does not change: the operators are those given to <see cref="Deploy"/>.
/// </remarks>
public sealed class InMemoryDispatchLedger : IDispatchLedger
{
    /// <summary>Nominal gas of each kind of transaction (fixed numbers, not measurements).</summary>
    public const ulong OpenGas = 120_000, StepGas = 35_000, CommitGas = 70_000, DeclineGas = 60_000, ReportGas = 55_000, SettleGasPerOperator = 40_000;

    private readonly State _state;

    private InMemoryDispatchLedger(State state, ChainAddress sender)
    {
        _state = state;
        Sender = sender;
    }

    /// <summary>
    /// Makes <paramref name="sender"/>'s next call to log <paramref name="step"/> fail with a <see cref="LedgerException"/>,
    /// as a dropped JSON-RPC connection does: before it reaches the chain, or (<paramref name="landed"/>) after its log
    /// was mined, when only the receipt is lost.
    /// </summary>
    public void FailStepLog(ChainAddress sender, int step, bool landed)
    {
        lock (_state)
        {
            _state.StepLogFaults[(sender, step)] = landed;
        }
    }

    /// <summary>The account this view sends as.</summary>
    public ChainAddress Sender { get; }

    /// <inheritdoc />
    public ChainAddress Address => _state.Address;

    /// <summary>Chain time: what <c>block.timestamp</c> is for the next transaction.</summary>
    public DateTimeOffset Now
    {
        get => _state.Now;
        set => _state.Now = value;
    }

    /// <summary>A ledger whose coordinator is <paramref name="coordinator"/> and whose active operators each hold <paramref name="stake"/>; the coordinator's view.</summary>
    public static InMemoryDispatchLedger Deploy(ChainAddress coordinator, IEnumerable<ChainAddress> operators, BigInteger stake)
    {
        var state = new State(coordinator);
        foreach (var op in operators)
        {
            state.Stakes[op] = stake;
            state.Balances[op] = 0;
        }

        return new InMemoryDispatchLedger(state, coordinator);
    }

    /// <summary>The same ledger, sending as <paramref name="sender"/>.</summary>
    public InMemoryDispatchLedger As(ChainAddress sender) => new(_state, sender);

    /// <summary>Tokens minted to <paramref name="account"/> by settlements.</summary>
    public BigInteger BalanceOf(ChainAddress account)
    {
        lock (_state)
        {
            return _state.Balances.GetValueOrDefault(account);
        }
    }

    /// <summary>What is left of <paramref name="operator"/>'s stake after penalties.</summary>
    public BigInteger StakeOf(ChainAddress @operator)
    {
        lock (_state)
        {
            return _state.Stakes.GetValueOrDefault(@operator);
        }
    }

    /// <summary>Registers <paramref name="gridParty"/>, as the members' vote would in the registry.</summary>
    public void RegisterGridParty(ChainAddress gridParty)
    {
        lock (_state)
        {
            _state.GridParties.Add(gridParty);
        }
    }

    /// <summary>The request domain of this ledger (anvil's chain id, its address).</summary>
    public RequestDomain Domain => new(31337, _state.Address);

    /// <inheritdoc />
    public Task<DispatchOpening> OpenDispatchAsync(
        FlexibilityTerms terms, byte[] signature, DateTimeOffset allocationDeadline, DateTimeOffset deliveryDeadline, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(terms);
        ArgumentNullException.ThrowIfNull(signature);
        cancellationToken.ThrowIfCancellationRequested();
        var first = ToUnixSeconds(allocationDeadline);
        var second = ToUnixSeconds(deliveryDeadline);
        lock (_state)
        {
            RequireCoordinator();
            if (terms.StepMinutes != 15)
            {
                throw Revert("DispatchLedger_InvalidTerms", ("field", "string", "stepMinutes"));
            }

            var requestHash = FlexibilityRequestTypedData.Digest(terms, Domain);
            if (signature.Length != 65)
            {
                throw Revert("ECDSAInvalidSignatureLength", ("length", "uint256", new BigInteger(signature.Length)));
            }

            var signer = FlexibilityRequestTypedData.RecoverDigest(requestHash, "0x" + Convert.ToHexStringLower(signature));
            if (signer != terms.GridParty)
            {
                throw Revert("DispatchLedger_WrongGridSignature", ("recovered", "address", signer), ("gridParty", "address", terms.GridParty));
            }

            if (!_state.GridParties.Contains(terms.GridParty))
            {
                throw Revert("DispatchLedger_NotGridParty", ("gridParty", "address", terms.GridParty));
            }

            if (_state.Events.FirstOrDefault(e => e.Value.RequestHash == requestHash) is { Value: not null } opened)
            {
                throw Revert("DispatchLedger_RequestAlreadyOpened", ("requestHash", "bytes32", requestHash), ("eventId", "uint256", new BigInteger(opened.Key)));
            }

            var now = _state.Timestamp;
            if (first <= now)
            {
                throw Revert("CoordinatedLedger_DeadlineNotInFuture", ("deadline", "uint64", new BigInteger(first)), ("blockTimestamp", "uint256", new BigInteger(now)));
            }

            if (second < first)
            {
                throw Revert("CoordinatedLedger_InvalidDeadlines", ("firstDeadline", "uint64", new BigInteger(first)), ("secondDeadline", "uint64", new BigInteger(second)));
            }

            var transaction = _state.Mine(OpenGas);
            var id = (ulong)_state.Events.Count + 1;
            _state.Events[id] = new EventRecord(requestHash, first, second, transaction.BlockNumber) { Terms = terms, WearRound = _state.Wear.RoundId };
            return Task.FromResult(new DispatchOpening(id, transaction));
        }
    }

    /// <inheritdoc />
    public Task<FlexibilityTerms> GetRequestTermsAsync(ulong eventId)
    {
        lock (_state)
        {
            return Task.FromResult(KnownEvent(eventId).Terms!);
        }
    }

    /// <inheritdoc />
    public Task<ulong> GetEventOfRequestAsync(Hash32 requestHash)
    {
        lock (_state)
        {
            return Task.FromResult(_state.Events.FirstOrDefault(e => e.Value.RequestHash == requestHash).Key);
        }
    }

    /// <inheritdoc />
    public Task<Hash32> GetRequestDigestAsync(FlexibilityTerms terms) => Task.FromResult(FlexibilityRequestTypedData.Digest(terms, Domain));

    /// <inheritdoc />
    public Task<LedgerTransaction> CommitAllocationAsync(ulong eventId, Hash32 allocationHash, ulong allocatedWh, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_state)
        {
            RequireOperator();
            var dispatchEvent = AllocatingEvent(eventId);
            if (allocationHash == Hash32.Zero)
            {
                throw Revert("CoordinatedLedger_ZeroHash");
            }

            var record = dispatchEvent.Operator(Sender);
            RequireUndecided(eventId, record);
            record.AllocationHash = allocationHash;
            record.AllocatedWh = allocatedWh;
            dispatchEvent.AllocationCount++;
            return Task.FromResult(_state.Mine(CommitGas));
        }
    }

    /// <inheritdoc />
    public Task<LedgerTransaction> CommitStepAsync(ulong eventId, int step, Hash32 stepHash, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_state)
        {
            RequireOperator();
            AllocatingEvent(eventId);
            var fault = _state.StepLogFaults.Remove((Sender, step), out var landed);
            if (fault && !landed)
            {
                throw new LedgerException($"The JSON-RPC call failed: connection refused (step {step}'s log, injected).");
            }

            var transaction = _state.Mine(StepGas);
            _state.Steps.Add(new StepCommittedEvent(eventId, Sender, step, stepHash, transaction.TxHash, transaction.BlockNumber));
            return fault
                ? throw new LedgerException($"The JSON-RPC call failed: the connection dropped before the receipt (step {step}'s log, mined; injected).")
                : Task.FromResult(transaction);
        }
    }

    /// <inheritdoc />
    public Task<ulong> GetGasUsedAsync(Hash32 transaction)
    {
        lock (_state)
        {
            return _state.Gas.TryGetValue(transaction, out var gas)
                ? Task.FromResult(gas)
                : throw new LedgerException($"The chain has no receipt for transaction {transaction}.");
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<StepCommittedEvent>> GetStepCommittedEventsAsync(ulong eventId, ChainAddress? @operator = null, ulong fromBlock = 0)
    {
        lock (_state)
        {
            return Task.FromResult<IReadOnlyList<StepCommittedEvent>>(
                [.. _state.Steps.Where(e => e.EventId == eventId && (@operator is null || e.Operator == @operator) && e.BlockNumber >= fromBlock)]);
        }
    }

    /// <inheritdoc />
    public Task<LedgerTransaction> DeclineDispatchAsync(ulong eventId, DeclineReason reason, string detail, CancellationToken cancellationToken = default)
    {
        // As DispatchLedgerClient: refused before anything is sent.
        ArgumentNullException.ThrowIfNull(detail);
        if (reason == DeclineReason.None || !Enum.IsDefined(reason))
        {
            throw new ArgumentOutOfRangeException(nameof(reason), reason, "A decline gives one of the defined reasons other than None.");
        }

        cancellationToken.ThrowIfCancellationRequested();
        lock (_state)
        {
            RequireOperator();
            var dispatchEvent = AllocatingEvent(eventId);
            var record = dispatchEvent.Operator(Sender);
            RequireUndecided(eventId, record);
            record.DeclineReason = reason;
            dispatchEvent.DeclineCount++;
            var transaction = _state.Mine(DeclineGas);
            _state.Declines.Add(new DispatchDeclinedEvent(eventId, Sender, reason, detail, transaction.TxHash, transaction.BlockNumber));
            return Task.FromResult(transaction);
        }
    }

    /// <inheritdoc />
    public Task<LedgerTransaction> ReportDeliveryAsync(ulong eventId, Hash32 deliveryHash, ulong deliveredWh, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_state)
        {
            var dispatchEvent = OpenEvent(eventId);
            if (_state.Timestamp > dispatchEvent.DeliveryDeadline)
            {
                throw Revert("DispatchLedger_DeliveryDeadlinePassed", ("eventId", "uint256", new BigInteger(eventId)), ("deadline", "uint64", new BigInteger(dispatchEvent.DeliveryDeadline)));
            }

            if (deliveryHash == Hash32.Zero)
            {
                throw Revert("CoordinatedLedger_ZeroHash");
            }

            var record = dispatchEvent.Operator(Sender);
            if (record.AllocationHash == Hash32.Zero)
            {
                throw Revert("DispatchLedger_NotCommitted", ("eventId", "uint256", new BigInteger(eventId)), ("operator", "address", Sender));
            }

            if (record.DeliveryHash != Hash32.Zero)
            {
                throw Revert("DispatchLedger_AlreadyReported", ("eventId", "uint256", new BigInteger(eventId)), ("operator", "address", Sender));
            }

            record.DeliveryHash = deliveryHash;
            record.DeliveredWh = deliveredWh;
            dispatchEvent.DeliveryCount++;
            return Task.FromResult(_state.Mine(ReportGas));
        }
    }

    /// <inheritdoc />
    public Task<LedgerTransaction> SettleDispatchAsync(ulong eventId, IReadOnlyList<DispatchSettlement> settlements, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settlements);
        cancellationToken.ThrowIfCancellationRequested();

        // As DispatchLedgerClient: sent in address order.
        var sorted = settlements.OrderBy(s => AddressNumber(s.Operator)).ToArray();
        lock (_state)
        {
            RequireCoordinator();
            var dispatchEvent = OpenEvent(eventId);

            // Everything is checked before anything changes, in the contract's order: a revert leaves no trace.
            var int128Max = (BigInteger.One << 127) - 1;
            var uint128Max = (BigInteger.One << 128) - 1;
            BigInteger totalRewards = 0, totalPenalties = 0;
            var previous = BigInteger.Zero;
            var taken = new BigInteger[sorted.Length];
            for (var i = 0; i < sorted.Length; i++)
            {
                var (op, amount) = (sorted[i].Operator, sorted[i].Amount);
                var number = AddressNumber(op);
                if (number <= previous)
                {
                    throw Revert("DispatchLedger_NotSorted", ("index", "uint256", new BigInteger(i)));
                }

                previous = number;
                if (amount > int128Max || amount < -int128Max - 1)
                {
                    throw Revert("SafeCastOverflowedIntDowncast", ("bits", "uint8", new BigInteger(128)), ("value", "int256", amount));
                }

                var record = dispatchEvent.Operator(op);
                if (record.DeclineReason != DeclineReason.None)
                {
                    throw Revert("DispatchLedger_Declined", ("eventId", "uint256", new BigInteger(eventId)), ("operator", "address", op));
                }

                if (record.AllocationHash == Hash32.Zero)
                {
                    throw Revert("DispatchLedger_NotCommitted", ("eventId", "uint256", new BigInteger(eventId)), ("operator", "address", op));
                }

                if (amount > 0)
                {
                    var maxReward = dispatchEvent.Terms!.RewardWeiPerKwh * Math.Min(record.AllocatedWh, record.DeliveredWh) / 1000;
                    if (amount > maxReward)
                    {
                        throw Revert("DispatchLedger_RewardAboveTerms", ("eventId", "uint256", new BigInteger(eventId)), ("operator", "address", op), ("reward", "uint256", amount), ("maxReward", "uint256", maxReward));
                    }

                    totalRewards += amount;
                }
                else if (amount < 0)
                {
                    var maxPenalty = dispatchEvent.Terms!.PenaltyWeiPerKwh * ((BigInteger)record.AllocatedWh + record.DeliveredWh) / 1000;
                    if (-amount > maxPenalty)
                    {
                        throw Revert("DispatchLedger_PenaltyAboveTerms", ("eventId", "uint256", new BigInteger(eventId)), ("operator", "address", op), ("penalty", "uint256", -amount), ("maxPenalty", "uint256", maxPenalty));
                    }

                    taken[i] = BigInteger.Min(-amount, _state.Stakes.GetValueOrDefault(op));
                    totalPenalties += taken[i];
                }
            }

            if (totalRewards > uint128Max || totalPenalties > uint128Max)
            {
                throw Revert("SafeCastOverflowedUintDowncast", ("bits", "uint8", new BigInteger(128)), ("value", "uint256", BigInteger.Max(totalRewards, totalPenalties)));
            }

            var transaction = _state.Mine(SettleGasPerOperator * (ulong)(sorted.Length + 1));
            dispatchEvent.Status = DispatchStatus.Settled;
            dispatchEvent.TotalRewards = totalRewards;
            dispatchEvent.TotalPenalties = totalPenalties;
            for (var i = 0; i < sorted.Length; i++)
            {
                var (op, amount) = (sorted[i].Operator, sorted[i].Amount);
                var record = dispatchEvent.Operator(op);
                record.Settlement = amount;
                record.Settled = true;
                if (amount > 0)
                {
                    _state.Balances[op] = _state.Balances.GetValueOrDefault(op) + amount;
                }
                else if (amount < 0)
                {
                    _state.Stakes[op] = _state.Stakes.GetValueOrDefault(op) - taken[i];
                }

                _state.Settlements.Add(new DeliverySettledEvent(eventId, op, amount, taken[i], transaction.TxHash, transaction.BlockNumber));
            }

            return Task.FromResult(transaction);
        }
    }

    /// <inheritdoc />
    public Task<DispatchState> GetDispatchAsync(ulong eventId)
    {
        lock (_state)
        {
            var e = KnownEvent(eventId);
            return Task.FromResult(new DispatchState(
                eventId,
                e.Status,
                e.RequestHash,
                DateTimeOffset.FromUnixTimeSeconds((long)e.AllocationDeadline),
                DateTimeOffset.FromUnixTimeSeconds((long)e.DeliveryDeadline),
                e.OpenedAtBlock,
                e.AllocationCount,
                e.DeliveryCount,
                e.DeclineCount,
                e.TotalRewards,
                e.TotalPenalties)
            {
                WearRound = e.WearRound,
            });
        }
    }

    /// <summary>Records that round <paramref name="roundId"/> of <paramref name="task"/> was finalized with <paramref name="modelHash"/> (what the round ledger would say).</summary>
    public void FinalizeRound(ulong roundId, FederatedTask task, Hash32 modelHash)
    {
        lock (_state)
        {
            _state.FinalizedRounds[roundId] = (task, modelHash);
        }
    }

    /// <inheritdoc />
    public Task<LedgerTransaction> PublishWearPricesAsync(ulong roundId, IReadOnlyList<WearPrice> prices, Hash32 assumptionsHash, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prices);
        var ordered = prices.OrderBy(p => p.Chemistry, StringComparer.Ordinal).ToArray();
        if (ordered.Select(p => p.Chemistry).Distinct(StringComparer.Ordinal).Count() != ordered.Length)
        {
            throw new ArgumentException("A chemistry is priced twice.", nameof(prices));
        }

        foreach (var price in ordered)
        {
            WearPrice.LabelBytes(price.Chemistry);
        }

        lock (_state)
        {
            RequireCoordinator();
            if (ordered.Length is 0 or > 16)
            {
                throw Revert("DispatchLedger_InvalidWearPrices", ("chemistries", "uint256", new BigInteger(ordered.Length)), ("prices", "uint256", new BigInteger(ordered.Length)));
            }

            if (roundId <= _state.Wear.RoundId)
            {
                throw Revert("DispatchLedger_StaleWearRound", ("roundId", "uint256", new BigInteger(roundId)), ("latestRoundId", "uint256", new BigInteger(_state.Wear.RoundId)));
            }

            if (!_state.FinalizedRounds.TryGetValue(roundId, out var round))
            {
                throw Revert("CoordinatedLedger_UnknownEntry", ("id", "uint256", new BigInteger(roundId)));
            }

            if (round.Task != FederatedTask.BatteryHealth)
            {
                throw Revert("DispatchLedger_NotBatteryRound", ("roundId", "uint256", new BigInteger(roundId)), ("task", "uint32", new BigInteger((uint)round.Task)));
            }

            var transaction = _state.Mine(OpenGas);
            _state.Wear = new WearPriceSet(roundId, round.ModelHash, assumptionsHash, ordered);
            _state.WearEvents.Add(new WearPricesPublishedEvent(roundId, round.ModelHash, assumptionsHash, ordered, transaction.TxHash, transaction.BlockNumber));
            return Task.FromResult(transaction);
        }
    }

    /// <inheritdoc />
    public Task<WearPriceSet> GetWearPricesAsync()
    {
        lock (_state)
        {
            return Task.FromResult(_state.Wear);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<WearPricesPublishedEvent>> GetWearPricesPublishedEventsAsync(ulong? roundId = null, ulong fromBlock = 0)
    {
        lock (_state)
        {
            return Task.FromResult<IReadOnlyList<WearPricesPublishedEvent>>(
                [.. _state.WearEvents.Where(e => (roundId is null || e.RoundId == roundId) && e.BlockNumber >= fromBlock)]);
        }
    }

    /// <inheritdoc />
    public Task<OperatorDispatch> GetOperatorDispatchAsync(ulong eventId, ChainAddress @operator)
    {
        lock (_state)
        {
            var r = KnownEvent(eventId).Operator(@operator);
            return Task.FromResult(new OperatorDispatch(eventId, @operator, r.AllocationHash, r.DeliveryHash, r.Settlement, r.Settled, r.DeclineReason, r.AllocatedWh, r.DeliveredWh));
        }
    }

    /// <inheritdoc />
    public Task<ulong> GetLatestDispatchIdAsync()
    {
        lock (_state)
        {
            return Task.FromResult((ulong)_state.Events.Count);
        }
    }

    /// <inheritdoc />
    public Task<ChainAddress> GetCoordinatorAsync() => Task.FromResult(_state.Coordinator);

    /// <inheritdoc />
    public Task<ChainAddress> GetMemberRegistryAsync() => Task.FromResult(_state.Registry);

    /// <inheritdoc />
    public Task<IReadOnlyList<DispatchDeclinedEvent>> GetDispatchDeclinedEventsAsync(ulong? eventId = null, ChainAddress? @operator = null, ulong fromBlock = 0)
    {
        lock (_state)
        {
            IReadOnlyList<DispatchDeclinedEvent> logs = [.. _state.Declines.Where(e =>
                (eventId is null || e.EventId == eventId) && (@operator is null || e.Operator == @operator) && e.BlockNumber >= fromBlock)];
            return Task.FromResult(logs);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<DeliverySettledEvent>> GetDeliverySettledEventsAsync(ulong? eventId = null, ulong fromBlock = 0)
    {
        lock (_state)
        {
            IReadOnlyList<DeliverySettledEvent> logs = [.. _state.Settlements.Where(e => (eventId is null || e.EventId == eventId) && e.BlockNumber >= fromBlock)];
            return Task.FromResult(logs);
        }
    }

    private static ulong ToUnixSeconds(DateTimeOffset time)
    {
        var seconds = time.ToUnixTimeSeconds();
        return seconds >= 0 ? (ulong)seconds : throw new ArgumentOutOfRangeException(nameof(time), time, "Chain time starts at 1970.");
    }

    private static BigInteger AddressNumber(ChainAddress address) =>
        new(Convert.FromHexString(address.ToString().AsSpan(2)), isUnsigned: true, isBigEndian: true);

    private static LedgerRevertedException Revert(string error, params (string Name, string Type, object Value)[] arguments) =>
        new(error, [.. arguments.Select(a => new LedgerErrorArgument(a.Name, a.Type, a.Value))], "0x");

    private void RequireCoordinator()
    {
        if (Sender != _state.Coordinator)
        {
            throw Revert("CoordinatedLedger_NotCoordinator", ("caller", "address", Sender));
        }
    }

    private void RequireOperator()
    {
        if (!_state.Stakes.ContainsKey(Sender))
        {
            throw Revert("DispatchLedger_NotOperator", ("account", "address", Sender));
        }
    }

    private static void RequireUndecided(ulong eventId, OperatorRecord record)
    {
        if (record.AllocationHash != Hash32.Zero)
        {
            throw Revert("DispatchLedger_AlreadyCommitted", ("eventId", "uint256", new BigInteger(eventId)), ("operator", "address", record.Operator));
        }

        if (record.DeclineReason != DeclineReason.None)
        {
            throw Revert("DispatchLedger_Declined", ("eventId", "uint256", new BigInteger(eventId)), ("operator", "address", record.Operator));
        }
    }

    private EventRecord KnownEvent(ulong eventId) =>
        _state.Events.TryGetValue(eventId, out var e) ? e : throw Revert("CoordinatedLedger_UnknownEntry", ("id", "uint256", new BigInteger(eventId)));

    private EventRecord OpenEvent(ulong eventId)
    {
        var e = KnownEvent(eventId);
        return e.Status == DispatchStatus.Open ? e : throw Revert("CoordinatedLedger_EntryClosed", ("id", "uint256", new BigInteger(eventId)));
    }

    private EventRecord AllocatingEvent(ulong eventId)
    {
        var e = OpenEvent(eventId);
        if (_state.Timestamp > e.AllocationDeadline)
        {
            throw Revert("DispatchLedger_AllocationDeadlinePassed", ("eventId", "uint256", new BigInteger(eventId)), ("deadline", "uint64", new BigInteger(e.AllocationDeadline)));
        }

        return e;
    }

    private sealed class State(ChainAddress coordinator)
    {
        private ulong _block = 1;

        public ChainAddress Coordinator { get; } = coordinator;

        public ChainAddress Address { get; } = ChainAddress.Parse("0x00000000000000000000000000000000d15fa7c4");

        public ChainAddress Registry { get; } = ChainAddress.Parse("0x0000000000000000000000000000000000000e61");

        public DateTimeOffset Now { get; set; } = DateTimeOffset.UtcNow;

        public ulong Timestamp => (ulong)Now.ToUnixTimeSeconds();

        public Dictionary<ulong, EventRecord> Events { get; } = [];

        public Dictionary<ChainAddress, BigInteger> Stakes { get; } = [];

        public Dictionary<ChainAddress, BigInteger> Balances { get; } = [];

        public List<DispatchDeclinedEvent> Declines { get; } = [];

        public List<StepCommittedEvent> Steps { get; } = [];

        /// <summary>Step logs whose call fails once as a lost connection would: before the chain (false) or after the log was mined (true).</summary>
        public Dictionary<(ChainAddress Operator, int Step), bool> StepLogFaults { get; } = [];

        public List<DeliverySettledEvent> Settlements { get; } = [];

        public HashSet<ChainAddress> GridParties { get; } = [];

        public Dictionary<ulong, (FederatedTask Task, Hash32 ModelHash)> FinalizedRounds { get; } = [];

        public WearPriceSet Wear { get; set; } = WearPriceSet.None;

        public List<WearPricesPublishedEvent> WearEvents { get; } = [];

        /// <summary>Gas of every transaction mined, by hash.</summary>
        public Dictionary<Hash32, ulong> Gas { get; } = [];

        /// <summary>A transaction in a block of its own, with a hash no other transaction of this ledger has.</summary>
        public LedgerTransaction Mine(ulong gas)
        {
            _block++;
            var transaction = new LedgerTransaction(Keccak.Hash(Encoding.UTF8.GetBytes($"in-memory dispatch ledger, block {_block}")), _block, gas);
            Gas[transaction.TxHash] = gas;
            return transaction;
        }
    }

    private sealed class EventRecord(Hash32 requestHash, ulong allocationDeadline, ulong deliveryDeadline, ulong openedAtBlock)
    {
        private readonly Dictionary<ChainAddress, OperatorRecord> _operators = [];

        public Hash32 RequestHash { get; } = requestHash;

        public ulong AllocationDeadline { get; } = allocationDeadline;

        public ulong DeliveryDeadline { get; } = deliveryDeadline;

        public ulong OpenedAtBlock { get; } = openedAtBlock;

        public DispatchStatus Status { get; set; } = DispatchStatus.Open;

        public int AllocationCount { get; set; }

        public int DeliveryCount { get; set; }

        public int DeclineCount { get; set; }

        public BigInteger TotalRewards { get; set; }

        public BigInteger TotalPenalties { get; set; }

        public ulong WearRound { get; init; }

        public FlexibilityTerms? Terms { get; init; }

        /// <summary>The operator's record, all zero until it does something (as a Solidity mapping reads).</summary>
        public OperatorRecord Operator(ChainAddress @operator) =>
            _operators.TryGetValue(@operator, out var record) ? record : _operators[@operator] = new OperatorRecord(@operator);
    }

    private sealed class OperatorRecord(ChainAddress @operator)
    {
        public ChainAddress Operator { get; } = @operator;

        public Hash32 AllocationHash { get; set; }

        public Hash32 DeliveryHash { get; set; }

        public BigInteger Settlement { get; set; }

        public bool Settled { get; set; }

        public DeclineReason DeclineReason { get; set; }

        public ulong AllocatedWh { get; set; }

        public ulong DeliveredWh { get; set; }
    }
}
