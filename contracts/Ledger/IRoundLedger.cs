using System.Numerics;

namespace Consortium.Contracts.Ledger;

/// <summary>
/// The round ledger as the node sees it: the lifecycle of training rounds. The coordinator opens a round and finalizes it
/// with a <see cref="RoundScoreTable"/>; members commit their update hashes and claim their rewards against the table's
/// Merkle root; auditors read rounds, commitments and events. <see cref="RoundLedgerClient"/> implements it over Nethereum.
/// </summary>
public interface IRoundLedger
{
    /// <summary>The RoundLedger's address.</summary>
    ChainAddress Address { get; }

    /// <summary>Opens a round of <paramref name="task"/> on the global model <paramref name="globalModelHash"/>; only the coordinator may.</summary>
    /// <param name="task">The federated task the round trains; members refuse a round of a task they do not train.</param>
    /// <param name="globalModelHash">Keccak-256 of the serialized global model.</param>
    /// <param name="commitDeadline">When commits stop being accepted, in chain time; must be in the future.</param>
    /// <param name="finalizeDeadline">When the round can no longer be finalized, only abandoned; not before the commit deadline.</param>
    /// <param name="secureAggregation">Whether members send their updates only masked; recorded with the round, for members to check.</param>
    /// <param name="cancellationToken">Stops waiting for the receipt.</param>
    /// <returns>The new round's id and the transaction.</returns>
    /// <exception cref="LedgerRevertedException">
    /// <c>CoordinatedLedger_NotCoordinator</c>, <c>RoundLedger_UnknownTask</c>, <c>CoordinatedLedger_ZeroHash</c>, <c>CoordinatedLedger_DeadlineNotInFuture</c>, <c>CoordinatedLedger_InvalidDeadlines</c>.
    /// </exception>
    Task<RoundOpening> OpenRoundAsync(
        FederatedTask task, Hash32 globalModelHash, DateTimeOffset commitDeadline, DateTimeOffset finalizeDeadline, bool secureAggregation = false, CancellationToken cancellationToken = default);

    /// <summary>Commits the hash of the signer's local update for round <paramref name="roundId"/>, once per round.</summary>
    /// <param name="roundId">The round.</param>
    /// <param name="updateHash">Keccak-256 of the serialized update.</param>
    /// <param name="cancellationToken">Stops waiting for the receipt.</param>
    /// <exception cref="LedgerRevertedException">
    /// <c>RoundLedger_NotMember</c>, <c>RoundLedger_NotContributor</c>, <c>RoundLedger_StakeBelowMinimum</c>, <c>CoordinatedLedger_UnknownEntry</c>,
    /// <c>CoordinatedLedger_EntryClosed</c>, <c>RoundLedger_DeadlinePassed</c>, <c>RoundLedger_AlreadyCommitted</c>, <c>CoordinatedLedger_ZeroHash</c>.
    /// </exception>
    Task<LedgerTransaction> CommitUpdateAsync(ulong roundId, Hash32 updateHash, CancellationToken cancellationToken = default);

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
    Task<LedgerTransaction> FinalizeRoundAsync(RoundScoreTable table, Hash32 newModelHash, CancellationToken cancellationToken = default);

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
    Task<LedgerTransaction> EnforceExclusionsAsync(ulong roundId, IReadOnlyList<MemberExclusion> exclusions, CancellationToken cancellationToken = default);

    /// <summary>Claims <paramref name="member"/>'s reward from the table's round, with the proof the table gives; anyone may submit it.</summary>
    /// <param name="table">The round's table, as finalized.</param>
    /// <param name="member">A scored member; the tokens go to it.</param>
    /// <param name="cancellationToken">Stops waiting for the receipt.</param>
    /// <exception cref="KeyNotFoundException">The member is not in the table.</exception>
    /// <exception cref="LedgerRevertedException">See <see cref="ClaimRewardAsync(ulong, MemberScore, IReadOnlyList{Hash32}, CancellationToken)"/>.</exception>
    Task<LedgerTransaction> ClaimRewardAsync(RoundScoreTable table, ChainAddress member, CancellationToken cancellationToken = default);

    /// <summary>Claims <paramref name="score"/>'s reward for round <paramref name="roundId"/> with <paramref name="proof"/>; anyone may submit it.</summary>
    /// <param name="roundId">The finalized round; past rounds stay claimable.</param>
    /// <param name="score">The member, its score and its reward as in the round's tree.</param>
    /// <param name="proof">The sibling hashes from the member's leaf to the root.</param>
    /// <param name="cancellationToken">Stops waiting for the receipt.</param>
    /// <exception cref="LedgerRevertedException">
    /// <c>CoordinatedLedger_UnknownEntry</c>, <c>RoundLedger_NotFinalized</c>, <c>RoundLedger_NotCommitted</c>, <c>RoundLedger_AlreadyClaimed</c>,
    /// <c>RoundLedger_InvalidProof</c>, <c>RoundLedger_PoolExceeded</c>.
    /// </exception>
    Task<LedgerTransaction> ClaimRewardAsync(ulong roundId, MemberScore score, IReadOnlyList<Hash32> proof, CancellationToken cancellationToken = default);

    /// <summary>
    /// Accuses <paramref name="member"/>, excluded from finalized round <paramref name="roundId"/> as malicious, with
    /// <paramref name="evidence"/>; only the coordinator may. The slash can be settled after the challenge window unless
    /// the member disputes and the members reverse it.
    /// </summary>
    /// <param name="roundId">The finalized round.</param>
    /// <param name="member">The accused member.</param>
    /// <param name="evidence">The committed update hash and the reason.</param>
    /// <param name="exclusions">The round's exclusions as finalized (any order).</param>
    /// <param name="cancellationToken">Stops waiting for the receipt.</param>
    /// <exception cref="LedgerRevertedException">
    /// <c>CoordinatedLedger_NotCoordinator</c>, <c>RoundLedger_NotFinalized</c>, <c>RoundLedger_AccusationTooLate</c>,
    /// <c>RoundLedger_ExclusionsMismatch</c>, <c>RoundLedger_NotExcludedAsMalicious</c>, <c>RoundLedger_EvidenceMismatch</c>,
    /// <c>RoundLedger_MissingReasonCode</c>, <c>RoundLedger_InvalidStatement</c>, <c>RoundLedger_AlreadyAccused</c>.
    /// </exception>
    Task<LedgerTransaction> AccuseAsync(
        ulong roundId, ChainAddress member, AccusationEvidence evidence, IReadOnlyList<MemberExclusion> exclusions, CancellationToken cancellationToken = default);

    /// <summary>Disputes the signer's accusation for round <paramref name="roundId"/>; opens the members' vote on reversing it.</summary>
    /// <param name="roundId">The round the signer was accused for.</param>
    /// <param name="statement">The signer's statement, 1 to <see cref="AccusationEvidence.MaxStatementBytes"/> UTF-8 bytes.</param>
    /// <param name="cancellationToken">Stops waiting for the receipt.</param>
    /// <returns>The transaction and the registry proposal members vote on.</returns>
    /// <exception cref="LedgerRevertedException">
    /// <c>RoundLedger_NoAccusation</c>, <c>RoundLedger_AlreadyDisputed</c>, <c>RoundLedger_AccusationSettled</c>,
    /// <c>RoundLedger_ChallengeWindowClosed</c>, <c>RoundLedger_InvalidStatement</c>.
    /// </exception>
    Task<ProposalSubmission> DisputeAsync(ulong roundId, string statement, CancellationToken cancellationToken = default);

    /// <summary>
    /// Settles <paramref name="member"/>'s accusation for round <paramref name="roundId"/> once its window (and a
    /// dispute's vote) allows: upheld it slashes, reversed or lapsed it does not. Anyone may.
    /// </summary>
    /// <param name="roundId">The round.</param>
    /// <param name="member">The accused member.</param>
    /// <param name="cancellationToken">Stops waiting for the receipt.</param>
    /// <exception cref="LedgerRevertedException">
    /// <c>RoundLedger_NoAccusation</c>, <c>RoundLedger_AccusationSettled</c>, <c>RoundLedger_ChallengeWindowOpen</c>,
    /// <c>RoundLedger_DisputeVoteOpen</c>.
    /// </exception>
    Task<LedgerTransaction> SettleAccusationAsync(ulong roundId, ChainAddress member, CancellationToken cancellationToken = default);

    /// <summary><paramref name="member"/>'s accusation for round <paramref name="roundId"/>; status None when never accused.</summary>
    /// <param name="roundId">The round.</param>
    /// <param name="member">The member.</param>
    Task<Accusation> GetAccusationAsync(ulong roundId, ChainAddress member);

    /// <summary>How long an accused member has to dispute, and the members then have to vote.</summary>
    Task<TimeSpan> GetChallengeWindowAsync();

    /// <summary><c>MemberAccused</c> events, for one round or all, in chain order.</summary>
    /// <param name="roundId">The round; null for every round.</param>
    /// <param name="fromBlock">The first block to search.</param>
    Task<IReadOnlyList<MemberAccusedEvent>> GetMemberAccusedEventsAsync(ulong? roundId = null, ulong fromBlock = 0);

    /// <summary><c>AccusationDisputed</c> events, for one round or all, in chain order.</summary>
    /// <param name="roundId">The round; null for every round.</param>
    /// <param name="fromBlock">The first block to search.</param>
    Task<IReadOnlyList<AccusationDisputedEvent>> GetAccusationDisputedEventsAsync(ulong? roundId = null, ulong fromBlock = 0);

    /// <summary><c>AccusationSettled</c> events, for one round or all, in chain order.</summary>
    /// <param name="roundId">The round; null for every round.</param>
    /// <param name="fromBlock">The first block to search.</param>
    Task<IReadOnlyList<AccusationSettledEvent>> GetAccusationSettledEventsAsync(ulong? roundId = null, ulong fromBlock = 0);

    /// <summary>Closes a round nobody finalized by its finalize deadline; anyone may.</summary>
    /// <param name="roundId">The open round.</param>
    /// <param name="cancellationToken">Stops waiting for the receipt.</param>
    /// <exception cref="LedgerRevertedException"><c>CoordinatedLedger_UnknownEntry</c>, <c>CoordinatedLedger_EntryClosed</c>, <c>RoundLedger_FinalizeDeadlineNotPassed</c>.</exception>
    Task<LedgerTransaction> AbandonRoundAsync(ulong roundId, CancellationToken cancellationToken = default);

    /// <summary>The state of round <paramref name="roundId"/>.</summary>
    /// <param name="roundId">The round.</param>
    /// <exception cref="LedgerRevertedException"><c>CoordinatedLedger_UnknownEntry</c> for an id never opened.</exception>
    Task<RoundState> GetRoundAsync(ulong roundId);

    /// <summary>What <paramref name="member"/> committed in round <paramref name="roundId"/> and whether its reward was claimed.</summary>
    /// <param name="roundId">The round.</param>
    /// <param name="member">The member.</param>
    /// <exception cref="LedgerRevertedException"><c>CoordinatedLedger_UnknownEntry</c> for an id never opened.</exception>
    Task<UpdateCommitment> GetCommitmentAsync(ulong roundId, ChainAddress member);

    /// <summary>The id of the most recently opened round; 0 before the first.</summary>
    Task<ulong> GetLatestRoundIdAsync();

    /// <summary>The account allowed to open and finalize rounds: the registry's coordinator.</summary>
    Task<ChainAddress> GetCoordinatorAsync();

    /// <summary>The registry whose members may commit.</summary>
    Task<ChainAddress> GetMemberRegistryAsync();

    /// <summary>The token rewards are paid in.</summary>
    Task<ChainAddress> GetRewardTokenAsync();

    /// <summary>The shares of its stake an excluded member loses.</summary>
    Task<RoundSlashRates> GetSlashRatesAsync();

    /// <summary><c>RoundOpened</c> events, for one round or all, in chain order.</summary>
    /// <param name="roundId">The round; null for every round.</param>
    /// <param name="fromBlock">The first block to search.</param>
    Task<IReadOnlyList<RoundOpenedEvent>> GetRoundOpenedEventsAsync(ulong? roundId = null, ulong fromBlock = 0);

    /// <summary><c>UpdateCommitted</c> events, filtered by round and/or member, in chain order.</summary>
    /// <param name="roundId">The round; null for every round.</param>
    /// <param name="member">The member; null for every member.</param>
    /// <param name="fromBlock">The first block to search.</param>
    Task<IReadOnlyList<UpdateCommittedEvent>> GetUpdateCommittedEventsAsync(ulong? roundId = null, ChainAddress? member = null, ulong fromBlock = 0);

    /// <summary><c>RoundFinalized</c> events, for one round or all, in chain order.</summary>
    /// <param name="roundId">The round; null for every round.</param>
    /// <param name="fromBlock">The first block to search.</param>
    Task<IReadOnlyList<RoundFinalizedEvent>> GetRoundFinalizedEventsAsync(ulong? roundId = null, ulong fromBlock = 0);

    /// <summary><c>MembersExcluded</c> events, for one round or all, in chain order.</summary>
    /// <param name="roundId">The round; null for every round.</param>
    /// <param name="fromBlock">The first block to search.</param>
    Task<IReadOnlyList<MembersExcludedEvent>> GetMembersExcludedEventsAsync(ulong? roundId = null, ulong fromBlock = 0);

    /// <summary><c>RewardClaimed</c> events, filtered by round and/or member, in chain order.</summary>
    /// <param name="roundId">The round; null for every round.</param>
    /// <param name="member">The member; null for every member.</param>
    /// <param name="fromBlock">The first block to search.</param>
    Task<IReadOnlyList<RewardClaimedEvent>> GetRewardClaimedEventsAsync(ulong? roundId = null, ChainAddress? member = null, ulong fromBlock = 0);

    /// <summary>Everything the events say about round <paramref name="roundId"/>.</summary>
    /// <param name="roundId">The round.</param>
    /// <exception cref="LedgerException">The round was never opened.</exception>
    Task<RoundHistory> GetRoundHistoryAsync(ulong roundId);
}
