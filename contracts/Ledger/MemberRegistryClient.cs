using System.Numerics;
using Consortium.Contracts.Bindings;
using Consortium.Contracts.Chain;
using Nethereum.Contracts;
using Nethereum.RPC.Eth.DTOs;

namespace Consortium.Contracts.Ledger;

/// <summary>
/// Typed access to the consortium's MemberRegistry contract: membership by vote, stakes, exits, coordinator rotation
/// and each member's reputation.
/// The Nethereum implementation of <see cref="IMemberRegistry"/>.
/// </summary>
public sealed class MemberRegistryClient : IMemberRegistry
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

    /// <inheritdoc />
    public ChainAddress Address { get; }

    /// <inheritdoc />
    public async Task<ProposalSubmission> ApplyForMembershipAsync(string name, MemberRole role, BigInteger? stake = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        var amount = stake ?? await GetMinStakeAsync().ConfigureAwait(false);
        ArgumentOutOfRangeException.ThrowIfNegative(amount, nameof(stake));
        await ApproveStakeAsync(amount, cancellationToken).ConfigureAwait(false);
        var message = new ApplyForMembershipFunction { Name = name, Role = (byte)role, Stake = amount };
        var (transaction, receipt) = await _connection.SendAsync(Address, message, cancellationToken).ConfigureAwait(false);
        var applied = receipt.DecodeAllEvents<MembershipAppliedEventDto>()
            .FirstOrDefault(log => ChainAddress.FromChain(log.Log.Address) == Address)
            ?? throw new LedgerException($"Transaction {transaction.TxHash} made no application.");
        return new ProposalSubmission(ChainValues.ToId(applied.Event.ProposalId), transaction);
    }

    /// <inheritdoc />
    public async Task<ProposalSubmission> ProposeCoordinatorAsync(ChainAddress candidate, CancellationToken cancellationToken = default)
    {
        var message = new ProposeCoordinatorFunction { Candidate = candidate.ToString() };
        var (transaction, receipt) = await _connection.SendAsync(Address, message, cancellationToken).ConfigureAwait(false);
        var proposed = receipt.DecodeAllEvents<CoordinatorProposedEventDto>()
            .FirstOrDefault(log => ChainAddress.FromChain(log.Log.Address) == Address)
            ?? throw new LedgerException($"Transaction {transaction.TxHash} made no proposal.");
        return new ProposalSubmission(ChainValues.ToId(proposed.Event.ProposalId), transaction);
    }

    /// <inheritdoc />
    public Task<ProposalSubmission> ProposeGridPartyAsync(ChainAddress account, string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return ProposeGridPartyChangeAsync(new ProposeGridPartyFunction { Account = account.ToString(), Name = name }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<ProposalSubmission> ProposeGridPartyRemovalAsync(ChainAddress account, CancellationToken cancellationToken = default) =>
        ProposeGridPartyChangeAsync(new ProposeGridPartyRemovalFunction { Account = account.ToString() }, cancellationToken);

    /// <inheritdoc />
    public Task<bool> IsGridPartyAsync(ChainAddress account) =>
        _connection.QueryAsync<IsGridPartyFunction, bool>(Address, new IsGridPartyFunction { Account = account.ToString() });

    /// <inheritdoc />
    public async Task<IReadOnlyList<(ChainAddress Account, string Name)>> GetGridPartiesAsync()
    {
        var accounts = await _connection.QueryAsync<GridPartiesFunction, List<string>>(Address, new GridPartiesFunction()).ConfigureAwait(false);
        var parties = new List<(ChainAddress, string)>(accounts.Count);
        foreach (var account in accounts)
        {
            var name = await _connection.QueryAsync<GridPartyNameFunction, string>(Address, new GridPartyNameFunction { Account = account }).ConfigureAwait(false);
            parties.Add((ChainAddress.FromChain(account), name));
        }

        return parties;
    }

    private async Task<ProposalSubmission> ProposeGridPartyChangeAsync<TMessage>(TMessage message, CancellationToken cancellationToken)
        where TMessage : FunctionMessage, new()
    {
        var (transaction, receipt) = await _connection.SendAsync(Address, message, cancellationToken).ConfigureAwait(false);
        var proposed = receipt.DecodeAllEvents<GridPartyProposedEventDto>()
            .FirstOrDefault(log => ChainAddress.FromChain(log.Log.Address) == Address)
            ?? throw new LedgerException($"Transaction {transaction.TxHash} made no grid party proposal.");
        return new ProposalSubmission(ChainValues.ToId(proposed.Event.ProposalId), transaction);
    }

    /// <inheritdoc />
    public async Task<ProposalSubmission> ProposeRewardPoolAsync(BigInteger amount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(amount);
        var message = new ProposeRewardPoolFunction { Amount = amount };
        var (transaction, receipt) = await _connection.SendAsync(Address, message, cancellationToken).ConfigureAwait(false);
        var proposed = receipt.DecodeAllEvents<RewardPoolProposedEventDto>()
            .FirstOrDefault(log => ChainAddress.FromChain(log.Log.Address) == Address)
            ?? throw new LedgerException($"Transaction {transaction.TxHash} made no proposal.");
        return new ProposalSubmission(ChainValues.ToId(proposed.Event.ProposalId), transaction);
    }

    /// <inheritdoc />
    public Task<BigInteger> GetRewardPoolPerRoundAsync() =>
        _connection.QueryAsync<RewardPoolPerRoundFunction, BigInteger>(Address, new RewardPoolPerRoundFunction());

    /// <inheritdoc />
    public Task<BigInteger> GetProposedRewardPoolAsync(ulong proposalId) =>
        _connection.QueryAsync<ProposedRewardPoolFunction, BigInteger>(Address, new ProposedRewardPoolFunction { ProposalId = proposalId });

    /// <inheritdoc />
    public async Task<(ulong RoundId, DateTimeOffset VotingEndsAt)?> GetReversalVoteAsync(ulong proposalId)
    {
        var output = await _connection.QueryOutputAsync<ReversalVoteOfFunction, ReversalVoteOfOutput>(
            Address, new ReversalVoteOfFunction { ProposalId = proposalId }).ConfigureAwait(false);
        return output.VotingEndsAt == 0 ? null : (ChainValues.ToRoundId(output.RoundId), ChainValues.FromUnixSeconds(output.VotingEndsAt));
    }

    /// <inheritdoc />
    public Task<LedgerTransaction> VoteAsync(ulong proposalId, CancellationToken cancellationToken = default) =>
        SendAsync(new VoteFunction { ProposalId = proposalId }, cancellationToken);

    /// <inheritdoc />
    public Task<LedgerTransaction> RejectAsync(ulong proposalId, CancellationToken cancellationToken = default) =>
        SendAsync(new RejectFunction { ProposalId = proposalId }, cancellationToken);

    /// <inheritdoc />
    public Task<LedgerTransaction> SetNodeContactAsync(string endpoint, Hash32 certificateFingerprint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return SendAsync(new SetNodeContactFunction { Endpoint = endpoint, CertificateFingerprint = certificateFingerprint.ToArray() }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<string> GetApplicantNameAsync(ulong proposalId) =>
        _connection.QueryAsync<ApplicantNameFunction, string>(Address, new ApplicantNameFunction { ProposalId = proposalId });

    /// <inheritdoc />
    public async Task<ulong?> GetPendingApplicationAsync(ChainAddress applicant)
    {
        var id = await _connection.QueryAsync<PendingApplicationOfFunction, BigInteger>(
            Address, new PendingApplicationOfFunction { Applicant = applicant.ToString() }).ConfigureAwait(false);
        return id.IsZero ? null : ChainValues.ToId(id);
    }

    /// <inheritdoc />
    public async Task<ChainAddress?> GetFingerprintHolderAsync(Hash32 certificateFingerprint)
    {
        var holder = ChainAddress.FromChain(await _connection.QueryAsync<FingerprintHolderFunction, string>(
            Address, new FingerprintHolderFunction { CertificateFingerprint = certificateFingerprint.ToArray() }).ConfigureAwait(false));
        return holder == ChainAddress.Zero ? null : holder;
    }

    /// <inheritdoc />
    public async Task<NodeContact> GetNodeContactAsync(ChainAddress account)
    {
        var contact = (await _connection.QueryOutputAsync<NodeContactOfFunction, NodeContactOfOutput>(
            Address, new NodeContactOfFunction { Account = account.ToString() }).ConfigureAwait(false)).Contact;
        return new NodeContact(account, contact.Endpoint, new Hash32(contact.CertificateFingerprint));
    }

    /// <inheritdoc />
    public Task<LedgerTransaction> WithdrawApplicationAsync(ulong proposalId, CancellationToken cancellationToken = default) =>
        SendAsync(new WithdrawApplicationFunction { ProposalId = proposalId }, cancellationToken);

    /// <inheritdoc />
    public Task<LedgerTransaction> AnnounceExitAsync(CancellationToken cancellationToken = default) =>
        SendAsync(new AnnounceExitFunction(), cancellationToken);

    /// <inheritdoc />
    public Task<LedgerTransaction> WithdrawStakeAsync(CancellationToken cancellationToken = default) =>
        SendAsync(new WithdrawStakeFunction(), cancellationToken);

    /// <inheritdoc />
    public async Task<LedgerTransaction> TopUpStakeAsync(BigInteger amount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(amount);
        await ApproveStakeAsync(amount, cancellationToken).ConfigureAwait(false);
        return await SendAsync(new TopUpStakeFunction { Amount = amount }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<bool> IsMemberAsync(ChainAddress account) =>
        _connection.QueryAsync<IsMemberFunction, bool>(Address, new IsMemberFunction { Account = account.ToString() });

    /// <inheritdoc />
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

    /// <inheritdoc />
    public Task<string> GetMemberNameAsync(ChainAddress member) =>
        _connection.QueryAsync<MemberNameFunction, string>(Address, new MemberNameFunction { Account = member.ToString() });

    /// <inheritdoc />
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

    /// <inheritdoc />
    public async Task<IReadOnlyList<ChainAddress>> GetMembersAsync()
    {
        var members = await _connection.QueryAsync<MembersFunction, List<string>>(Address, new MembersFunction()).ConfigureAwait(false);
        return members.Select(ChainAddress.FromChain).ToArray();
    }

    /// <inheritdoc />
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
            proposal.Escrow,
            checked((int)proposal.Rejections),
            checked((int)proposal.Electorate));
    }

    /// <inheritdoc />
    public Task<bool> HasVotedAsync(ulong proposalId, ChainAddress voter) =>
        _connection.QueryAsync<HasVotedFunction, bool>(Address, new HasVotedFunction { ProposalId = proposalId, Voter = voter.ToString() });

    /// <inheritdoc />
    public async Task<ulong> GetLatestProposalIdAsync() =>
        ChainValues.ToId(await _connection.QueryAsync<LatestProposalIdFunction, BigInteger>(Address, new LatestProposalIdFunction()).ConfigureAwait(false));

    /// <inheritdoc />
    public async Task<ChainAddress> GetCoordinatorAsync() =>
        ChainAddress.FromChain(await _connection.QueryAsync<CoordinatorFunction, string>(Address, new CoordinatorFunction()).ConfigureAwait(false));

    /// <inheritdoc />
    public Task<BigInteger> GetMinStakeAsync() => _connection.QueryAsync<MinStakeFunction, BigInteger>(Address, new MinStakeFunction());

    /// <inheritdoc />
    public async Task<int> GetAdmissionThresholdBpsAsync() =>
        await _connection.QueryAsync<AdmissionThresholdBpsFunction, ushort>(Address, new AdmissionThresholdBpsFunction()).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<TimeSpan> GetExitNoticePeriodAsync() =>
        TimeSpan.FromSeconds(await _connection.QueryAsync<ExitNoticePeriodFunction, ulong>(Address, new ExitNoticePeriodFunction()).ConfigureAwait(false));

    /// <inheritdoc />
    public Task<BigInteger> GetTotalStakedAsync() => _connection.QueryAsync<TotalStakedFunction, BigInteger>(Address, new TotalStakedFunction());

    /// <inheritdoc />
    public Task<BigInteger> GetTotalEscrowedAsync() => _connection.QueryAsync<TotalEscrowedFunction, BigInteger>(Address, new TotalEscrowedFunction());

    /// <inheritdoc />
    public async Task<ChainAddress> GetTokenAsync() =>
        ChainAddress.FromChain(await _connection.QueryAsync<TokenFunction, string>(Address, new TokenFunction()).ConfigureAwait(false));

    /// <inheritdoc />
    public async Task<ChainAddress> GetRoundLedgerAsync() =>
        ChainAddress.FromChain(await _connection.QueryAsync<RoundLedgerAddressFunction, string>(Address, new RoundLedgerAddressFunction()).ConfigureAwait(false));

    /// <inheritdoc />
    public async Task<ChainAddress> GetDispatchLedgerAsync() =>
        ChainAddress.FromChain(await _connection.QueryAsync<DispatchLedgerAddressFunction, string>(Address, new DispatchLedgerAddressFunction()).ConfigureAwait(false));

    /// <inheritdoc />
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

    /// <inheritdoc />
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
