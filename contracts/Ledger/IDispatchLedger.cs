namespace Consortium.Contracts.Ledger;

/// <summary>
/// The dispatch ledger as the node sees it: the coordinator opens a dispatch event, each operator commits the hash of the
/// allocation it accepted (or declines the event, with a reason) and later of its metered delivery, the coordinator settles
/// rewards and penalties; auditors read events, records and logs. <see cref="DispatchLedgerClient"/> implements it over Nethereum.
/// </summary>
public interface IDispatchLedger
{
    /// <summary>The DispatchLedger's address.</summary>
    ChainAddress Address { get; }

    /// <summary>
    /// Opens a dispatch event answering a registered grid party's signed request, and records its terms; only the coordinator
    /// may. The event's request hash is the request's EIP-712 digest (<see cref="GetRequestDigestAsync"/>).
    /// </summary>
    /// <param name="terms">The request as the grid party signed it.</param>
    /// <param name="signature">The grid party's 65-byte EIP-712 signature (r ‖ s ‖ v, low s).</param>
    /// <param name="allocationDeadline">When allocations stop being accepted; in the future.</param>
    /// <param name="deliveryDeadline">When delivery reports stop being accepted; not before the allocation deadline.</param>
    /// <param name="cancellationToken">Stops waiting for the receipt.</param>
    /// <exception cref="LedgerRevertedException">
    /// <c>CoordinatedLedger_NotCoordinator</c>, <c>DispatchLedger_WrongGridSignature</c>, <c>DispatchLedger_NotGridParty</c>,
    /// <c>DispatchLedger_InvalidTerms</c>, <c>DispatchLedger_RequestAlreadyOpened</c>, <c>ECDSAInvalidSignature…</c>,
    /// <c>CoordinatedLedger_DeadlineNotInFuture</c>, <c>CoordinatedLedger_InvalidDeadlines</c>, <c>SafeCastOverflowedUintDowncast</c>.
    /// </exception>
    Task<DispatchOpening> OpenDispatchAsync(
        FlexibilityTerms terms, byte[] signature, DateTimeOffset allocationDeadline, DateTimeOffset deliveryDeadline, CancellationToken cancellationToken = default);

    /// <summary>The terms of the request event <paramref name="eventId"/> answers, as recorded when it was opened.</summary>
    /// <exception cref="LedgerRevertedException"><c>CoordinatedLedger_UnknownEntry</c>.</exception>
    Task<FlexibilityTerms> GetRequestTermsAsync(ulong eventId);

    /// <summary>The event opened for the request with EIP-712 digest <paramref name="requestHash"/>; zero when none was.</summary>
    Task<ulong> GetEventOfRequestAsync(Hash32 requestHash);

    /// <summary>The EIP-712 digest the ledger computes for <paramref name="terms"/> (its domain: this chain, this ledger).</summary>
    Task<Hash32> GetRequestDigestAsync(FlexibilityTerms terms);

    /// <summary>Commits the hash of the allocation the signing operator accepted for event <paramref name="eventId"/>.</summary>
    /// <param name="eventId">The event.</param>
    /// <param name="allocationHash">Keccak-256 of the accepted allocation.</param>
    /// <param name="allocatedWh">The allocation's grid energy summed over steps in absolute value, in Wh: with the delivered energy, it bounds the operator's settlement.</param>
    /// <param name="cancellationToken">Stops waiting for the receipt.</param>
    /// <exception cref="LedgerRevertedException">
    /// <c>DispatchLedger_NotOperator</c>, <c>CoordinatedLedger_UnknownEntry</c>, <c>CoordinatedLedger_EntryClosed</c>, <c>DispatchLedger_AllocationDeadlinePassed</c>,
    /// <c>DispatchLedger_AlreadyCommitted</c>, <c>DispatchLedger_Declined</c>, <c>CoordinatedLedger_ZeroHash</c>.
    /// </exception>
    Task<LedgerTransaction> CommitAllocationAsync(ulong eventId, Hash32 allocationHash, ulong allocatedWh, CancellationToken cancellationToken = default);

    /// <summary>
    /// Intraday: records the hash of the signing operator's setpoints for <paramref name="step"/> of event
    /// <paramref name="eventId"/> as it sets them, as a <c>StepCommitted</c> log (the ledger keeps no state for it; the
    /// logs in chain order are the record, <see cref="GetStepCommittedEventsAsync"/>, <see cref="StepCommitments.Of"/>).
    /// </summary>
    /// <param name="eventId">The event, open and before its allocation deadline.</param>
    /// <param name="step">The step.</param>
    /// <param name="stepHash">Keccak-256 of the step's salted setpoints.</param>
    /// <param name="cancellationToken">Stops waiting for the receipt.</param>
    /// <exception cref="LedgerRevertedException">
    /// <c>DispatchLedger_NotOperator</c>, <c>CoordinatedLedger_UnknownEntry</c>, <c>CoordinatedLedger_EntryClosed</c>, <c>DispatchLedger_AllocationDeadlinePassed</c>.
    /// </exception>
    Task<LedgerTransaction> CommitStepAsync(ulong eventId, int step, Hash32 stepHash, CancellationToken cancellationToken = default);

    /// <summary>Gas used by the mined transaction <paramref name="transaction"/> (a step log's, say), from its receipt.</summary>
    /// <exception cref="LedgerException">No such transaction was mined.</exception>
    Task<ulong> GetGasUsedAsync(Hash32 transaction);

    /// <summary><c>StepCommitted</c> logs of event <paramref name="eventId"/>, of one operator or of all, in chain order.</summary>
    /// <param name="eventId">The dispatch event.</param>
    /// <param name="operator">The operator; null for every operator.</param>
    /// <param name="fromBlock">The first block to search.</param>
    Task<IReadOnlyList<StepCommittedEvent>> GetStepCommittedEventsAsync(ulong eventId, ChainAddress? @operator = null, ulong fromBlock = 0);

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
    Task<LedgerTransaction> DeclineDispatchAsync(ulong eventId, DeclineReason reason, string detail, CancellationToken cancellationToken = default);

    /// <summary>Reports the hash of the signing operator's metered delivery for event <paramref name="eventId"/>.</summary>
    /// <param name="eventId">The event.</param>
    /// <param name="deliveryHash">Keccak-256 of the metered delivery.</param>
    /// <param name="deliveredWh">The metered grid energy summed over steps in absolute value, in Wh: it bounds the operator's settlement.</param>
    /// <param name="cancellationToken">Stops waiting for the receipt.</param>
    /// <exception cref="LedgerRevertedException">
    /// <c>DispatchLedger_NotCommitted</c>, <c>DispatchLedger_AlreadyReported</c>, <c>DispatchLedger_DeliveryDeadlinePassed</c>, <c>CoordinatedLedger_EntryClosed</c>.
    /// </exception>
    Task<LedgerTransaction> ReportDeliveryAsync(ulong eventId, Hash32 deliveryHash, ulong deliveredWh, CancellationToken cancellationToken = default);

    /// <summary>Settles event <paramref name="eventId"/>: positive amounts are minted to the operator, negative ones slashed from its stake.</summary>
    /// <param name="eventId">The event.</param>
    /// <param name="settlements">One entry per operator that committed an allocation, in any order.</param>
    /// <param name="cancellationToken">Stops waiting for the receipt.</param>
    /// <exception cref="LedgerRevertedException">
    /// <c>CoordinatedLedger_NotCoordinator</c>, <c>CoordinatedLedger_EntryClosed</c>, <c>DispatchLedger_Declined</c>, <c>DispatchLedger_NotCommitted</c>,
    /// <c>DispatchLedger_NotSorted</c>, <c>DispatchLedger_RewardAboveTerms</c> (above the request's price times the
    /// smaller of the operator's allocated and delivered energy), <c>DispatchLedger_PenaltyAboveTerms</c> (above its penalty times their sum), <c>SafeCastOverflowedIntDowncast</c> for an amount beyond 128 bits,
    /// <c>SafeCastOverflowedUintDowncast</c> when the rewards or penalties together exceed 128 bits.
    /// </exception>
    Task<LedgerTransaction> SettleDispatchAsync(ulong eventId, IReadOnlyList<DispatchSettlement> settlements, CancellationToken cancellationToken = default);

    /// <summary>
    /// Publishes the wear price of each chemistry, derived from the model battery round <paramref name="roundId"/>
    /// finalized; only the coordinator may. Events opened from then on record the round of the prices in force.
    /// </summary>
    /// <param name="roundId">A finalized round of <see cref="FederatedTask.BatteryHealth"/>, later than the one the prices in force came from.</param>
    /// <param name="prices">One price per chemistry (1 to 16); sent in label order.</param>
    /// <param name="assumptionsHash">Keccak-256 of the document stating how the prices were derived.</param>
    /// <param name="cancellationToken">Stops waiting for the receipt.</param>
    /// <exception cref="ArgumentException">A chemistry is priced twice or its label is not 1 to 32 printable ASCII characters.</exception>
    /// <exception cref="LedgerRevertedException">
    /// <c>CoordinatedLedger_NotCoordinator</c>, <c>DispatchLedger_InvalidWearPrices</c>, <c>DispatchLedger_NotBatteryRound</c>,
    /// <c>DispatchLedger_RoundNotFinalized</c>, <c>DispatchLedger_StaleWearRound</c>, <c>CoordinatedLedger_UnknownEntry</c>.
    /// </exception>
    Task<LedgerTransaction> PublishWearPricesAsync(ulong roundId, IReadOnlyList<WearPrice> prices, Hash32 assumptionsHash, CancellationToken cancellationToken = default);

    /// <summary>The wear prices in force (<see cref="WearPriceSet.IsPublished"/> false when none were published).</summary>
    Task<WearPriceSet> GetWearPricesAsync();

    /// <summary><c>WearPricesPublished</c> events, for one battery round or all, in chain order.</summary>
    /// <param name="roundId">The battery round, or null for all.</param>
    /// <param name="fromBlock">The first block searched.</param>
    Task<IReadOnlyList<WearPricesPublishedEvent>> GetWearPricesPublishedEventsAsync(ulong? roundId = null, ulong fromBlock = 0);

    /// <summary>Dispatch event <paramref name="eventId"/>.</summary>
    /// <param name="eventId">The event.</param>
    /// <exception cref="LedgerRevertedException"><c>CoordinatedLedger_UnknownEntry</c>.</exception>
    Task<DispatchState> GetDispatchAsync(ulong eventId);

    /// <summary><paramref name="operator"/>'s part in event <paramref name="eventId"/>.</summary>
    /// <param name="eventId">The event.</param>
    /// <param name="operator">The operator.</param>
    /// <exception cref="LedgerRevertedException"><c>CoordinatedLedger_UnknownEntry</c>.</exception>
    Task<OperatorDispatch> GetOperatorDispatchAsync(ulong eventId, ChainAddress @operator);

    /// <summary>The id of the most recent dispatch event; 0 before the first.</summary>
    Task<ulong> GetLatestDispatchIdAsync();

    /// <summary>The account allowed to open and settle dispatch events: the registry's coordinator.</summary>
    Task<ChainAddress> GetCoordinatorAsync();

    /// <summary>The registry whose operators take part.</summary>
    Task<ChainAddress> GetMemberRegistryAsync();

    /// <summary>
    /// <c>DispatchDeclined</c> events, filtered by dispatch event and/or operator, in chain order: who sat which event out,
    /// why, and the detail each gave (the ledger stores only the reason).
    /// </summary>
    /// <param name="eventId">The dispatch event; null for every event.</param>
    /// <param name="operator">The operator; null for every operator.</param>
    /// <param name="fromBlock">The first block to search.</param>
    Task<IReadOnlyList<DispatchDeclinedEvent>> GetDispatchDeclinedEventsAsync(ulong? eventId = null, ChainAddress? @operator = null, ulong fromBlock = 0);

    /// <summary><c>DeliverySettled</c> events, for one event or all, in chain order.</summary>
    /// <param name="eventId">The dispatch event; null for every event.</param>
    /// <param name="fromBlock">The first block to search.</param>
    Task<IReadOnlyList<DeliverySettledEvent>> GetDeliverySettledEventsAsync(ulong? eventId = null, ulong fromBlock = 0);
}
