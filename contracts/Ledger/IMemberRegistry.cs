using System.Numerics;

namespace Consortium.Contracts.Ledger;

/// <summary>
/// The member registry as the node sees it: membership by vote, stakes, exits, coordinator rotation and each member's
/// reputation. <see cref="MemberRegistryClient"/> implements it over Nethereum.
/// </summary>
public interface IMemberRegistry
{
    /// <summary>The registry's address.</summary>
    ChainAddress Address { get; }

    /// <summary>
    /// Applies for membership as <paramref name="role"/>: approves the registry for the stake, then applies, which
    /// escrows it. The signer becomes a member when enough active members vote for the returned proposal.
    /// </summary>
    /// <param name="name">The display name.</param>
    /// <param name="role">Operator, automaker or auditor.</param>
    /// <param name="stake">The stake to escrow, at least the minimum stake; null for the minimum.</param>
    /// <param name="cancellationToken">Stops waiting for the receipts.</param>
    /// <exception cref="LedgerRevertedException">
    /// <c>MemberRegistry_EmptyName</c>, <c>MemberRegistry_InvalidRole</c>, <c>MemberRegistry_AlreadyMember</c>, <c>MemberRegistry_ApplicationPending</c>,
    /// <c>MemberRegistry_StakeTooLow</c>, <c>ERC20InsufficientBalance</c> when the signer does not hold the stake.
    /// </exception>
    Task<ProposalSubmission> ApplyForMembershipAsync(string name, MemberRole role, BigInteger? stake = null, CancellationToken cancellationToken = default);

    /// <summary>The name the applicant of admission proposal <paramref name="proposalId"/> applied under; empty for other proposals.</summary>
    /// <param name="proposalId">The proposal.</param>
    /// <returns>The name.</returns>
    Task<string> GetApplicantNameAsync(ulong proposalId);

    /// <summary>The pending admission proposal of <paramref name="applicant"/>, or null when it has none.</summary>
    /// <param name="applicant">The account.</param>
    /// <returns>The proposal id, or null.</returns>
    Task<ulong?> GetPendingApplicationAsync(ChainAddress applicant);

    /// <summary>Proposes the active member <paramref name="candidate"/> as the next coordinator; only active members may.</summary>
    /// <param name="candidate">The member proposed.</param>
    /// <param name="cancellationToken">Stops waiting for the receipt.</param>
    /// <exception cref="LedgerRevertedException"><c>MemberRegistry_NotMember</c>, <c>MemberRegistry_AlreadyCoordinator</c>.</exception>
    Task<ProposalSubmission> ProposeCoordinatorAsync(ChainAddress candidate, CancellationToken cancellationToken = default);

    /// <summary>
    /// Proposes registering <paramref name="account"/> as grid party <paramref name="name"/>; only active members may. A grid
    /// party holds no stake and has no vote: it only signs flexibility requests, which dispatch events may then answer.
    /// </summary>
    /// <exception cref="LedgerRevertedException"><c>MemberRegistry_AlreadyGridParty</c>, <c>MemberRegistry_GridPartyIsMember</c>
    /// (a member or applicant cannot also be a grid party), <c>MemberRegistry_EmptyName</c>, <c>MemberRegistry_ZeroAddress</c>.</exception>
    Task<ProposalSubmission> ProposeGridPartyAsync(ChainAddress account, string name, CancellationToken cancellationToken = default);

    /// <summary>Proposes removing grid party <paramref name="account"/>; only active members may.</summary>
    /// <exception cref="LedgerRevertedException"><c>MemberRegistry_NotGridParty</c>.</exception>
    Task<ProposalSubmission> ProposeGridPartyRemovalAsync(ChainAddress account, CancellationToken cancellationToken = default);

    /// <summary>Whether <paramref name="account"/> is a registered grid party.</summary>
    Task<bool> IsGridPartyAsync(ChainAddress account);

    /// <summary>The registered grid parties with their names, in no particular order.</summary>
    Task<IReadOnlyList<(ChainAddress Account, string Name)>> GetGridPartiesAsync();

    /// <summary>
    /// Proposes <paramref name="amount"/> as the reward pool per round; only active members may. Adopted by the approval
    /// that reaches the threshold; rounds opened after that may pay at most it.
    /// </summary>
    /// <param name="amount">Tokens per round in the token's smallest unit; below 2^96.</param>
    /// <param name="cancellationToken">Stops waiting for the receipt.</param>
    /// <exception cref="LedgerRevertedException"><c>MemberRegistry_NotMember</c>, <c>MemberRegistry_RewardPoolUnchanged</c>, <c>SafeCastOverflowedUintDowncast</c>.</exception>
    Task<ProposalSubmission> ProposeRewardPoolAsync(BigInteger amount, CancellationToken cancellationToken = default);

    /// <summary>The reward pool per round in force: what a round opened now may pay at most.</summary>
    Task<BigInteger> GetRewardPoolPerRoundAsync();

    /// <summary>The amount reward-pool proposal <paramref name="proposalId"/> proposes; zero for other proposals.</summary>
    /// <param name="proposalId">The proposal.</param>
    Task<BigInteger> GetProposedRewardPoolAsync(ulong proposalId);

    /// <summary>The round and voting deadline of accusation-reversal proposal <paramref name="proposalId"/>; null for other proposals.</summary>
    /// <param name="proposalId">The proposal.</param>
    Task<(ulong RoundId, DateTimeOffset VotingEndsAt)?> GetReversalVoteAsync(ulong proposalId);

    /// <summary>Approves proposal <paramref name="proposalId"/>; the vote reaching the threshold executes it.</summary>
    /// <param name="proposalId">The proposal.</param>
    /// <param name="cancellationToken">Stops waiting for the receipt.</param>
    /// <exception cref="LedgerRevertedException">
    /// <c>MemberRegistry_NotMember</c>, <c>MemberRegistry_UnknownProposal</c>, <c>MemberRegistry_ProposalNotPending</c>, <c>MemberRegistry_AlreadyVoted</c>.
    /// </exception>
    Task<LedgerTransaction> VoteAsync(ulong proposalId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Rejects proposal <paramref name="proposalId"/>; the rejection after which the members who have not rejected it,
    /// of those active when it was proposed, are fewer than its threshold defeats it and returns an applicant's escrow.
    /// </summary>
    /// <param name="proposalId">The proposal.</param>
    /// <param name="cancellationToken">Stops waiting for the receipt.</param>
    /// <exception cref="LedgerRevertedException">
    /// <c>MemberRegistry_NotMember</c>, <c>MemberRegistry_UnknownProposal</c>, <c>MemberRegistry_ProposalNotPending</c>, <c>MemberRegistry_AlreadyVoted</c>.
    /// </exception>
    Task<LedgerTransaction> RejectAsync(ulong proposalId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Publishes where the signer's node answers and the SHA-256 fingerprint of the TLS certificate it presents there,
    /// replacing an earlier contact (a certificate rotation). Peers accept the node only with that certificate.
    /// </summary>
    /// <param name="endpoint">host:port of the node's gRPC service.</param>
    /// <param name="certificateFingerprint">SHA-256 of the certificate's DER encoding.</param>
    /// <param name="cancellationToken">Stops waiting for the receipt.</param>
    /// <exception cref="LedgerRevertedException">
    /// <c>MemberRegistry_NotMember</c> (neither a member nor an applicant), <c>MemberRegistry_InvalidContact</c>,
    /// <c>MemberRegistry_FingerprintTaken</c> (another account published that certificate).
    /// </exception>
    Task<LedgerTransaction> SetNodeContactAsync(string endpoint, Hash32 certificateFingerprint, CancellationToken cancellationToken = default);

    /// <summary>The account that published <paramref name="certificateFingerprint"/>, or null when none did.</summary>
    /// <param name="certificateFingerprint">SHA-256 of a DER-encoded certificate.</param>
    /// <returns>The account, or null.</returns>
    Task<ChainAddress?> GetFingerprintHolderAsync(Hash32 certificateFingerprint);

    /// <summary>Where <paramref name="account"/>'s node answers and its certificate fingerprint; empty when it published none.</summary>
    /// <param name="account">The account.</param>
    /// <returns>The contact.</returns>
    Task<NodeContact> GetNodeContactAsync(ChainAddress account);

    /// <summary>Withdraws the signer's pending application and takes back its escrowed stake.</summary>
    /// <param name="proposalId">The admission proposal.</param>
    /// <param name="cancellationToken">Stops waiting for the receipt.</param>
    /// <exception cref="LedgerRevertedException"><c>MemberRegistry_UnknownProposal</c>, <c>MemberRegistry_ProposalNotPending</c>, <c>MemberRegistry_NotApplicant</c>.</exception>
    Task<LedgerTransaction> WithdrawApplicationAsync(ulong proposalId, CancellationToken cancellationToken = default);

    /// <summary>Announces that the signer leaves: it stops contributing and voting; its stake can be withdrawn after the notice period.</summary>
    /// <param name="cancellationToken">Stops waiting for the receipt.</param>
    /// <exception cref="LedgerRevertedException"><c>MemberRegistry_NotMember</c>, <c>MemberRegistry_CoordinatorCannotLeave</c>.</exception>
    Task<LedgerTransaction> AnnounceExitAsync(CancellationToken cancellationToken = default);

    /// <summary>Withdraws the signer's remaining stake after its notice period and leaves the consortium.</summary>
    /// <param name="cancellationToken">Stops waiting for the receipt.</param>
    /// <exception cref="LedgerRevertedException"><c>MemberRegistry_NotLeaving</c>, <c>MemberRegistry_NoticePeriodRunning</c>.</exception>
    Task<LedgerTransaction> WithdrawStakeAsync(CancellationToken cancellationToken = default);

    /// <summary>Adds <paramref name="amount"/> to the signer's stake: approves the registry for it, then tops up.</summary>
    /// <param name="amount">The tokens added, in the token's smallest unit.</param>
    /// <param name="cancellationToken">Stops waiting for the receipts.</param>
    /// <exception cref="LedgerRevertedException"><c>MemberRegistry_NotMember</c>, <c>MemberRegistry_ZeroAmount</c>, <c>ERC20InsufficientBalance</c>.</exception>
    Task<LedgerTransaction> TopUpStakeAsync(BigInteger amount, CancellationToken cancellationToken = default);

    /// <summary>Whether <paramref name="account"/> is an active member.</summary>
    /// <param name="account">The account.</param>
    Task<bool> IsMemberAsync(ChainAddress account);

    /// <summary>The membership record of <paramref name="account"/>; all empty for an account never admitted.</summary>
    /// <param name="account">The account.</param>
    Task<MemberRecord> GetMemberAsync(ChainAddress account);

    /// <summary>The display name a member or former member was admitted with.</summary>
    /// <param name="member">The member.</param>
    /// <exception cref="LedgerRevertedException"><c>MemberRegistry_NotMember</c> for an account never admitted.</exception>
    Task<string> GetMemberNameAsync(ChainAddress member);

    /// <summary>What the ledgers recorded about <paramref name="member"/>: rounds contributed, total score, slashes.</summary>
    /// <param name="member">The member.</param>
    Task<MemberReputation> GetReputationAsync(ChainAddress member);

    /// <summary>Active and leaving members, in no particular order.</summary>
    Task<IReadOnlyList<ChainAddress>> GetMembersAsync();

    /// <summary>Proposal <paramref name="proposalId"/>.</summary>
    /// <param name="proposalId">The proposal.</param>
    /// <exception cref="LedgerRevertedException"><c>MemberRegistry_UnknownProposal</c>.</exception>
    Task<MembershipProposal> GetProposalAsync(ulong proposalId);

    /// <summary>Whether <paramref name="voter"/> approved proposal <paramref name="proposalId"/>.</summary>
    /// <param name="proposalId">The proposal.</param>
    /// <param name="voter">The member.</param>
    Task<bool> HasVotedAsync(ulong proposalId, ChainAddress voter);

    /// <summary>The id of the most recent proposal; 0 before the first.</summary>
    Task<ulong> GetLatestProposalIdAsync();

    /// <summary>The member allowed to open and finalize rounds and dispatch events.</summary>
    Task<ChainAddress> GetCoordinatorAsync();

    /// <summary>The stake an applicant escrows and a contributor must hold, in the token's smallest unit.</summary>
    Task<BigInteger> GetMinStakeAsync();

    /// <summary>The share of active members (basis points) whose approval carries a proposal.</summary>
    Task<int> GetAdmissionThresholdBpsAsync();

    /// <summary>How long a leaving member's stake stays slashable.</summary>
    Task<TimeSpan> GetExitNoticePeriodAsync();

    /// <summary>The tokens the registry holds as members' stakes.</summary>
    Task<BigInteger> GetTotalStakedAsync();

    /// <summary>The tokens the registry holds for pending applications.</summary>
    Task<BigInteger> GetTotalEscrowedAsync();

    /// <summary>The consortium token the registry created and alone mints.</summary>
    Task<ChainAddress> GetTokenAsync();

    /// <summary>The round ledger the registry created.</summary>
    Task<ChainAddress> GetRoundLedgerAsync();

    /// <summary>The dispatch ledger the registry created.</summary>
    Task<ChainAddress> GetDispatchLedgerAsync();

    /// <summary>Every <c>MemberRegistered</c> event from <paramref name="fromBlock"/> on, in chain order.</summary>
    /// <param name="fromBlock">The first block to search.</param>
    Task<IReadOnlyList<MemberRegisteredEvent>> GetMemberRegisteredEventsAsync(ulong fromBlock = 0);

    /// <summary><c>MemberSlashed</c> events, for one member or all, in chain order.</summary>
    /// <param name="member">The member; null for every member.</param>
    /// <param name="fromBlock">The first block to search.</param>
    Task<IReadOnlyList<MemberSlashedEvent>> GetMemberSlashedEventsAsync(ChainAddress? member = null, ulong fromBlock = 0);
}
