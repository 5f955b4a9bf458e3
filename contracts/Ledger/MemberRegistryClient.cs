using System.Numerics;
using Consortium.Contracts.Bindings;
using Consortium.Contracts.Chain;
using Nethereum.Contracts;
using Nethereum.RPC.Eth.DTOs;

namespace Consortium.Contracts.Ledger;

/// <summary>
/// Typed access to the consortium's MemberRegistry contract: membership by vote, stakes, exits, coordinator rotation
/// and each member's reputation.
/// </summary>
public sealed class MemberRegistryClient
{
    private readonly ChainConnection _connection;

    /// <summary>Binds to the registry at <paramref name="address"/>.</summary>
    /// <param name="connection">The endpoint, with a signer for the state-changing calls.</param>
    /// <param name="address">The registry's address.</param>
    public MemberRegistryClient(ChainConnection connection, ChainAddress address)
    {
        _connection = connection ?? throw new ArgumentNullException(nameof(connection));
        Address = address;
    }

    /// <summary>The registry's address.</summary>
    public ChainAddress Address { get; }

    /// <summary>
    /// Applies for membership as <paramref name="role"/>: approves the registry for the minimum stake, then applies, which
    /// escrows it. The signer becomes a member when enough active members vote for the returned proposal.
    /// </summary>
    /// <param name="name">The display name.</param>
    /// <param name="role">Operator, automaker or auditor.</param>
    /// <param name="cancellationToken">Stops waiting for the receipts.</param>
    /// <exception cref="LedgerRevertedException">
    /// <c>MemberRegistry_EmptyName</c>, <c>MemberRegistry_InvalidRole</c>, <c>MemberRegistry_AlreadyMember</c>, <c>MemberRegistry_ApplicationPending</c>,
    /// <c>ERC20InsufficientBalance</c> when the signer does not hold the stake.
    /// </exception>
    public async Task<ProposalSubmission> ApplyForMembershipAsync(string name, MemberRole role, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        await ApproveStakeAsync(await GetMinStakeAsync().ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        var message = new ApplyForMembershipFunction { Name = name, Role = (byte)role };
        var (transaction, receipt) = await _connection.SendAsync(Address, message, cancellationToken).ConfigureAwait(false);
        var applied = receipt.DecodeAllEvents<MembershipAppliedEventDto>()
            .FirstOrDefault(log => ChainAddress.FromChain(log.Log.Address) == Address)
            ?? throw new LedgerException($"Transaction {transaction.TxHash} made no application.");
        return new ProposalSubmission(ChainValues.ToId(applied.Event.ProposalId), transaction);
    }

    /// <summary>Proposes the active member <paramref name="candidate"/> as the next coordinator; only active members may.</summary>
    /// <param name="candidate">The member proposed.</param>
    /// <param name="cancellationToken">Stops waiting for the receipt.</param>
    /// <exception cref="LedgerRevertedException"><c>MemberRegistry_NotMember</c>, <c>MemberRegistry_AlreadyCoordinator</c>.</exception>
    public async Task<ProposalSubmission> ProposeCoordinatorAsync(ChainAddress candidate, CancellationToken cancellationToken = default)
    {
        var message = new ProposeCoordinatorFunction { Candidate = candidate.ToString() };
        var (transaction, receipt) = await _connection.SendAsync(Address, message, cancellationToken).ConfigureAwait(false);
        var proposed = receipt.DecodeAllEvents<CoordinatorProposedEventDto>()
            .FirstOrDefault(log => ChainAddress.FromChain(log.Log.Address) == Address)
            ?? throw new LedgerException($"Transaction {transaction.TxHash} made no proposal.");
        return new ProposalSubmission(ChainValues.ToId(proposed.Event.ProposalId), transaction);
    }

    /// <summary>Approves proposal <paramref name="proposalId"/>; the vote reaching the threshold executes it.</summary>
    /// <param name="proposalId">The proposal.</param>
    /// <param name="cancellationToken">Stops waiting for the receipt.</param>
    /// <exception cref="LedgerRevertedException">
    /// <c>MemberRegistry_NotMember</c>, <c>MemberRegistry_UnknownProposal</c>, <c>MemberRegistry_ProposalNotPending</c>, <c>MemberRegistry_AlreadyVoted</c>.
    /// </exception>
    public Task<LedgerTransaction> VoteAsync(ulong proposalId, CancellationToken cancellationToken = default) =>
        SendAsync(new VoteFunction { ProposalId = proposalId }, cancellationToken);

    /// <summary>Withdraws the signer's pending application and takes back its escrowed stake.</summary>
    /// <param name="proposalId">The admission proposal.</param>
    /// <param name="cancellationToken">Stops waiting for the receipt.</param>
    /// <exception cref="LedgerRevertedException"><c>MemberRegistry_UnknownProposal</c>, <c>MemberRegistry_ProposalNotPending</c>, <c>MemberRegistry_NotApplicant</c>.</exception>
    public Task<LedgerTransaction> WithdrawApplicationAsync(ulong proposalId, CancellationToken cancellationToken = default) =>
        SendAsync(new WithdrawApplicationFunction { ProposalId = proposalId }, cancellationToken);

    /// <summary>Announces that the signer leaves: it stops contributing and voting; its stake can be withdrawn after the notice period.</summary>
    /// <param name="cancellationToken">Stops waiting for the receipt.</param>
    /// <exception cref="LedgerRevertedException"><c>MemberRegistry_NotMember</c>, <c>MemberRegistry_CoordinatorCannotLeave</c>.</exception>
    public Task<LedgerTransaction> AnnounceExitAsync(CancellationToken cancellationToken = default) =>
        SendAsync(new AnnounceExitFunction(), cancellationToken);

    /// <summary>Withdraws the signer's remaining stake after its notice period and leaves the consortium.</summary>
    /// <param name="cancellationToken">Stops waiting for the receipt.</param>
    /// <exception cref="LedgerRevertedException"><c>MemberRegistry_NotLeaving</c>, <c>MemberRegistry_NoticePeriodRunning</c>.</exception>
    public Task<LedgerTransaction> WithdrawStakeAsync(CancellationToken cancellationToken = default) =>
        SendAsync(new WithdrawStakeFunction(), cancellationToken);

    /// <summary>Adds <paramref name="amount"/> to the signer's stake: approves the registry for it, then tops up.</summary>
    /// <param name="amount">The tokens added, in the token's smallest unit.</param>
    /// <param name="cancellationToken">Stops waiting for the receipts.</param>
    /// <exception cref="LedgerRevertedException"><c>MemberRegistry_NotMember</c>, <c>MemberRegistry_ZeroAmount</c>, <c>ERC20InsufficientBalance</c>.</exception>
    public async Task<LedgerTransaction> TopUpStakeAsync(BigInteger amount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(amount);
        await ApproveStakeAsync(amount, cancellationToken).ConfigureAwait(false);
        return await SendAsync(new TopUpStakeFunction { Amount = amount }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Whether <paramref name="account"/> is an active member.</summary>
    /// <param name="account">The account.</param>
    public Task<bool> IsMemberAsync(ChainAddress account) =>
        _connection.QueryAsync<IsMemberFunction, bool>(Address, new IsMemberFunction { Account = account.ToString() });

    /// <summary>The membership record of <paramref name="account"/>; all empty for an account never admitted.</summary>
    /// <param name="account">The account.</param>
    public async Task<MemberRecord> GetMemberAsync(ChainAddress account)
    {
        var member = (await _connection.QueryOutputAsync<MemberOfFunction, MemberOfOutput>(
            Address, new MemberOfFunction { Account = account.ToString() }).ConfigureAwait(false)).Member;
        return new MemberRecord(
            account,
            (MemberRole)member.Role,
            (MemberStatus)member.Status,
            member.Number,
            member.ExitAvailableAt == 0 ? null : ChainValues.FromUnixSeconds(member.ExitAvailableAt),
            member.Stake);
    }

    /// <summary>The display name a member or former member was admitted with.</summary>
    /// <param name="member">The member.</param>
    /// <exception cref="LedgerRevertedException"><c>MemberRegistry_NotMember</c> for an account never admitted.</exception>
    public Task<string> GetMemberNameAsync(ChainAddress member) =>
        _connection.QueryAsync<MemberNameFunction, string>(Address, new MemberNameFunction { Account = member.ToString() });

    /// <summary>What the ledgers recorded about <paramref name="member"/>: rounds contributed, total score, slashes.</summary>
    /// <param name="member">The member.</param>
    public async Task<MemberReputation> GetReputationAsync(ChainAddress member)
    {
        var reputation = (await _connection.QueryOutputAsync<ReputationOfFunction, ReputationOfOutput>(
            Address, new ReputationOfFunction { Account = member.ToString() }).ConfigureAwait(false)).Reputation;
        return new MemberReputation(
            member,
            checked((int)reputation.RoundsContributed),
            reputation.TotalScore,
            checked((int)reputation.SlashCount),
            reputation.SlashedAmount,
            reputation.MemberSince == 0 ? null : ChainValues.FromUnixSeconds(reputation.MemberSince));
    }

    /// <summary>Active and leaving members, in no particular order.</summary>
    public async Task<IReadOnlyList<ChainAddress>> GetMembersAsync()
    {
        var members = await _connection.QueryAsync<MembersFunction, List<string>>(Address, new MembersFunction()).ConfigureAwait(false);
        return members.Select(ChainAddress.FromChain).ToArray();
    }

    /// <summary>Proposal <paramref name="proposalId"/>.</summary>
    /// <param name="proposalId">The proposal.</param>
    /// <exception cref="LedgerRevertedException"><c>MemberRegistry_UnknownProposal</c>.</exception>
    public async Task<MembershipProposal> GetProposalAsync(ulong proposalId)
    {
        var proposal = (await _connection.QueryOutputAsync<GetProposalFunction, GetProposalOutput>(
            Address, new GetProposalFunction { ProposalId = proposalId }).ConfigureAwait(false)).Proposal;
        return new MembershipProposal(
            proposalId,
            (ProposalKind)proposal.Kind,
            (ProposalStatus)proposal.Status,
            ChainAddress.FromChain(proposal.Subject),
            (MemberRole)proposal.Role,
            checked((int)proposal.RequiredVotes),
            checked((int)proposal.Approvals),
            proposal.Escrow);
    }

    /// <summary>Whether <paramref name="voter"/> approved proposal <paramref name="proposalId"/>.</summary>
    /// <param name="proposalId">The proposal.</param>
    /// <param name="voter">The member.</param>
    public Task<bool> HasVotedAsync(ulong proposalId, ChainAddress voter) =>
        _connection.QueryAsync<HasVotedFunction, bool>(Address, new HasVotedFunction { ProposalId = proposalId, Voter = voter.ToString() });

    /// <summary>The id of the most recent proposal; 0 before the first.</summary>
    public async Task<ulong> GetLatestProposalIdAsync() =>
        ChainValues.ToId(await _connection.QueryAsync<LatestProposalIdFunction, BigInteger>(Address, new LatestProposalIdFunction()).ConfigureAwait(false));

    /// <summary>The member allowed to open and finalize rounds and dispatch events.</summary>
    public async Task<ChainAddress> GetCoordinatorAsync() =>
        ChainAddress.FromChain(await _connection.QueryAsync<CoordinatorFunction, string>(Address, new CoordinatorFunction()).ConfigureAwait(false));

    /// <summary>The stake an applicant escrows and a contributor must hold, in the token's smallest unit.</summary>
    public Task<BigInteger> GetMinStakeAsync() => _connection.QueryAsync<MinStakeFunction, BigInteger>(Address, new MinStakeFunction());

    /// <summary>The share of active members (basis points) whose approval carries a proposal.</summary>
    public async Task<int> GetAdmissionThresholdBpsAsync() =>
        await _connection.QueryAsync<AdmissionThresholdBpsFunction, ushort>(Address, new AdmissionThresholdBpsFunction()).ConfigureAwait(false);

    /// <summary>How long a leaving member's stake stays slashable.</summary>
    public async Task<TimeSpan> GetExitNoticePeriodAsync() =>
        TimeSpan.FromSeconds(await _connection.QueryAsync<ExitNoticePeriodFunction, ulong>(Address, new ExitNoticePeriodFunction()).ConfigureAwait(false));

    /// <summary>The tokens the registry holds as members' stakes.</summary>
    public Task<BigInteger> GetTotalStakedAsync() => _connection.QueryAsync<TotalStakedFunction, BigInteger>(Address, new TotalStakedFunction());

    /// <summary>The tokens the registry holds for pending applications.</summary>
    public Task<BigInteger> GetTotalEscrowedAsync() => _connection.QueryAsync<TotalEscrowedFunction, BigInteger>(Address, new TotalEscrowedFunction());

    /// <summary>The consortium token the registry created and alone mints.</summary>
    public async Task<ChainAddress> GetTokenAsync() =>
        ChainAddress.FromChain(await _connection.QueryAsync<TokenFunction, string>(Address, new TokenFunction()).ConfigureAwait(false));

    /// <summary>The round ledger the registry created.</summary>
    public async Task<ChainAddress> GetRoundLedgerAsync() =>
        ChainAddress.FromChain(await _connection.QueryAsync<RoundLedgerAddressFunction, string>(Address, new RoundLedgerAddressFunction()).ConfigureAwait(false));

    /// <summary>The dispatch ledger the registry created.</summary>
    public async Task<ChainAddress> GetDispatchLedgerAsync() =>
        ChainAddress.FromChain(await _connection.QueryAsync<DispatchLedgerAddressFunction, string>(Address, new DispatchLedgerAddressFunction()).ConfigureAwait(false));

    /// <summary>Every <c>MemberRegistered</c> event from <paramref name="fromBlock"/> on, in chain order.</summary>
    /// <param name="fromBlock">The first block to search.</param>
    public async Task<IReadOnlyList<MemberRegisteredEvent>> GetMemberRegisteredEventsAsync(ulong fromBlock = 0)
    {
        var logs = await _connection.GetEventsAsync<MemberRegisteredEventDto>(
            Address, e => e.CreateFilterInput(ChainValues.FromBlock(fromBlock), BlockParameter.CreateLatest())).ConfigureAwait(false);
        return ChainValues.InChainOrder(logs)
            .Select(log => new MemberRegisteredEvent(
                ChainAddress.FromChain(log.Event.Member),
                log.Event.Name,
                (MemberRole)log.Event.Role,
                log.Event.Stake,
                ChainValues.TxHash(log.Log),
                ChainValues.Block(log.Log)))
            .ToArray();
    }

    /// <summary><c>MemberSlashed</c> events, for one member or all, in chain order.</summary>
    /// <param name="member">The member; null for every member.</param>
    /// <param name="fromBlock">The first block to search.</param>
    public async Task<IReadOnlyList<MemberSlashedEvent>> GetMemberSlashedEventsAsync(ChainAddress? member = null, ulong fromBlock = 0)
    {
        object[]? topic = member is { } address ? [address.ToString()] : null;
        var logs = await _connection.GetEventsAsync<MemberSlashedEventDto>(
            Address, e => e.CreateFilterInput(topic, ChainValues.FromBlock(fromBlock), BlockParameter.CreateLatest())).ConfigureAwait(false);
        return ChainValues.InChainOrder(logs)
            .Select(log => new MemberSlashedEvent(
                ChainAddress.FromChain(log.Event.Member),
                ChainAddress.FromChain(log.Event.Ledger),
                log.Event.Amount,
                log.Event.Reason,
                ChainValues.ToId(log.Event.Ref),
                ChainValues.TxHash(log.Log),
                ChainValues.Block(log.Log)))
            .ToArray();
    }

    private async Task ApproveStakeAsync(BigInteger amount, CancellationToken cancellationToken)
    {
        var token = await GetTokenAsync().ConfigureAwait(false);
        await _connection.SendAsync(token, new ApproveFunction { Spender = Address.ToString(), Value = amount }, cancellationToken).ConfigureAwait(false);
    }

    private async Task<LedgerTransaction> SendAsync<TMessage>(TMessage message, CancellationToken cancellationToken)
        where TMessage : FunctionMessage, new() =>
        (await _connection.SendAsync(Address, message, cancellationToken).ConfigureAwait(false)).Transaction;
}
