using System.Numerics;
using Consortium.Contracts;
using Consortium.Contracts.Ledger;

namespace Consortium.Node.Tests.Federation.Ledger;

/// <summary>
/// The MemberRegistry contract in memory, as <paramref name="sender"/> sees it: the founders, their stakes (which the
/// round ledger slashes), reputations and events. Governance (applications, votes, exits, top-ups, node contacts) is not modelled: those
/// transactions throw <see cref="NotSupportedException"/>, so a test that needs them fails loudly instead of passing on
/// an approximation.
/// </summary>
internal sealed class InMemoryMemberRegistry(InMemoryChain chain, ChainAddress sender) : IMemberRegistry
{
    /// <inheritdoc />
    public ChainAddress Address => chain.RegistryAddress;

    /// <inheritdoc />
    public Task<ProposalSubmission> ApplyForMembershipAsync(string name, MemberRole role, BigInteger? stake = null, CancellationToken cancellationToken = default) => throw Governance();

    /// <inheritdoc />
    public Task<string> GetApplicantNameAsync(ulong proposalId) => Task.FromResult(string.Empty);

    /// <inheritdoc />
    public Task<ulong?> GetPendingApplicationAsync(ChainAddress applicant) => Task.FromResult<ulong?>(null);

    /// <inheritdoc />
    public Task<ProposalSubmission> ProposeCoordinatorAsync(ChainAddress candidate, CancellationToken cancellationToken = default) => throw Governance();

    /// <inheritdoc />
    public Task<ProposalSubmission> ProposeGridPartyAsync(ChainAddress account, string name, CancellationToken cancellationToken = default) => throw Governance();

    /// <inheritdoc />
    public Task<ProposalSubmission> ProposeGridPartyRemovalAsync(ChainAddress account, CancellationToken cancellationToken = default) => throw Governance();

    /// <inheritdoc />
    public Task<bool> IsGridPartyAsync(ChainAddress account) => Task.FromResult(false);

    /// <inheritdoc />
    public Task<IReadOnlyList<(ChainAddress Account, string Name)>> GetGridPartiesAsync() => Task.FromResult<IReadOnlyList<(ChainAddress, string)>>([]);

    /// <inheritdoc />
    public Task<LedgerTransaction> VoteAsync(ulong proposalId, CancellationToken cancellationToken = default) => throw Governance();

    /// <inheritdoc />
    public Task<LedgerTransaction> RejectAsync(ulong proposalId, CancellationToken cancellationToken = default) => throw Governance();

    /// <inheritdoc />
    public Task<LedgerTransaction> SetNodeContactAsync(string endpoint, Hash32 certificateFingerprint, CancellationToken cancellationToken = default) => throw Governance();

    /// <inheritdoc />
    public Task<ChainAddress?> GetFingerprintHolderAsync(Hash32 certificateFingerprint) => Task.FromResult<ChainAddress?>(null);

    /// <inheritdoc />
    public Task<NodeContact> GetNodeContactAsync(ChainAddress account) => Task.FromResult(new NodeContact(account, string.Empty, Hash32.Zero));

    /// <inheritdoc />
    public Task<LedgerTransaction> WithdrawApplicationAsync(ulong proposalId, CancellationToken cancellationToken = default) => throw Governance();

    /// <inheritdoc />
    public Task<LedgerTransaction> AnnounceExitAsync(CancellationToken cancellationToken = default) => throw Governance();

    /// <inheritdoc />
    public Task<LedgerTransaction> WithdrawStakeAsync(CancellationToken cancellationToken = default) => throw Governance();

    /// <inheritdoc />
    public Task<LedgerTransaction> TopUpStakeAsync(BigInteger amount, CancellationToken cancellationToken = default) => throw Governance();

    /// <inheritdoc />
    public Task<bool> IsMemberAsync(ChainAddress account) => Read(() => chain.Members.GetValueOrDefault(account)?.Status == MemberStatus.Active);

    /// <inheritdoc />
    public Task<MemberRecord> GetMemberAsync(ChainAddress account) =>
        Read(() => chain.Members.GetValueOrDefault(account) is { } member
            ? new MemberRecord(account, member.Role, member.Status, member.Number, null, member.Stake)
            : new MemberRecord(account, MemberRole.None, MemberStatus.None, 0, null, BigInteger.Zero));

    /// <inheritdoc />
    public Task<string> GetMemberNameAsync(ChainAddress member) =>
        Read(() => chain.Members.GetValueOrDefault(member)?.Name ?? throw InMemoryChain.Revert("MemberRegistry_NotMember", ("account", "address", member)));

    /// <inheritdoc />
    public Task<MemberReputation> GetReputationAsync(ChainAddress member) =>
        Read(() => chain.Members.GetValueOrDefault(member) is { } entry
            ? new MemberReputation(member, entry.RoundsContributed, entry.TotalScore, entry.SlashCount, entry.SlashedAmount, entry.MemberSince)
            : new MemberReputation(member, 0, BigInteger.Zero, 0, BigInteger.Zero, null));

    /// <inheritdoc />
    public Task<IReadOnlyList<ChainAddress>> GetMembersAsync() => Read<IReadOnlyList<ChainAddress>>(() => [.. chain.MemberList]);

    /// <inheritdoc />
    public Task<MembershipProposal> GetProposalAsync(ulong proposalId) =>
        Task.FromException<MembershipProposal>(InMemoryChain.Revert("MemberRegistry_UnknownProposal", ("proposalId", "uint256", new BigInteger(proposalId))));

    /// <inheritdoc />
    public Task<bool> HasVotedAsync(ulong proposalId, ChainAddress voter) => Task.FromResult(false);

    /// <inheritdoc />
    public Task<ulong> GetLatestProposalIdAsync() => Task.FromResult(0UL);

    /// <inheritdoc />
    public Task<ChainAddress> GetCoordinatorAsync() => Read(() => chain.Coordinator);

    /// <inheritdoc />
    public Task<BigInteger> GetMinStakeAsync() => Task.FromResult(chain.Setup.MinStake);

    /// <inheritdoc />
    public Task<int> GetAdmissionThresholdBpsAsync() => Task.FromResult(chain.Setup.AdmissionThresholdBps);

    /// <inheritdoc />
    public Task<TimeSpan> GetExitNoticePeriodAsync() => Task.FromResult(chain.Setup.ExitNoticePeriod);

    /// <inheritdoc />
    public Task<BigInteger> GetTotalStakedAsync() => Read(() => chain.Members.Values.Aggregate(BigInteger.Zero, (sum, m) => sum + m.Stake));

    /// <inheritdoc />
    public Task<BigInteger> GetTotalEscrowedAsync() => Task.FromResult(BigInteger.Zero);

    /// <inheritdoc />
    public Task<ChainAddress> GetTokenAsync() => Task.FromResult(chain.TokenAddress);

    /// <inheritdoc />
    public Task<ChainAddress> GetRoundLedgerAsync() => Task.FromResult(chain.RoundsAddress);

    /// <inheritdoc />
    public Task<ChainAddress> GetDispatchLedgerAsync() => throw new NotSupportedException("The in-memory chain has no dispatch ledger.");

    /// <inheritdoc />
    public Task<IReadOnlyList<MemberRegisteredEvent>> GetMemberRegisteredEventsAsync(ulong fromBlock = 0) =>
        Read<IReadOnlyList<MemberRegisteredEvent>>(() => [.. chain.MemberRegistered.Where(e => e.BlockNumber >= fromBlock)]);

    /// <inheritdoc />
    public Task<IReadOnlyList<MemberSlashedEvent>> GetMemberSlashedEventsAsync(ChainAddress? member = null, ulong fromBlock = 0) =>
        Read<IReadOnlyList<MemberSlashedEvent>>(() => [.. chain.MemberSlashed.Where(e => (member is null || e.Member == member) && e.BlockNumber >= fromBlock)]);

    /// <inheritdoc />
    public Task<ProposalSubmission> ProposeRewardPoolAsync(BigInteger amount, CancellationToken cancellationToken = default) => throw Governance();

    /// <inheritdoc />
    public Task<BigInteger> GetRewardPoolPerRoundAsync() => Task.FromResult(chain.Setup.RewardPoolPerRound);

    /// <inheritdoc />
    public Task<BigInteger> GetProposedRewardPoolAsync(ulong proposalId) => Task.FromResult(BigInteger.Zero);

    /// <inheritdoc />
    public Task<(ulong RoundId, DateTimeOffset VotingEndsAt)?> GetReversalVoteAsync(ulong proposalId) =>
        Task.FromResult<(ulong RoundId, DateTimeOffset VotingEndsAt)?>(null);

    private NotSupportedException Governance() =>
        new($"The in-memory registry models the founders only; {sender} cannot apply, vote, exit or top up here. Use anvil for governance.");

    private Task<T> Read<T>(Func<T> query)
    {
        try
        {
            lock (chain.Gate)
            {
                return Task.FromResult(query());
            }
        }
        catch (LedgerException e)
        {
            return Task.FromException<T>(e);
        }
    }
}
