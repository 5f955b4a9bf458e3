using Consortium.Contracts.Ledger;

namespace Consortium.Node.Home;

/// <summary>
/// Registering and removing grid parties (<c>consortium grid-party</c>): a member proposes, the members vote with the
/// registry's threshold. A grid party needs no stake, tokens or ether: it only signs requests, which the dispatch ledger
/// accepts from registered grid parties alone.
/// </summary>
public static class GridPartyGovernance
{
    /// <summary>Proposes registering <paramref name="account"/> as grid party <paramref name="name"/> with the member's key.</summary>
    /// <exception cref="NodeHomeException">The signer is not an active member, or the account is a member or already a grid party.</exception>
    public static async Task<ProposalSubmission> ProposeAsync(ConsortiumLedger ledger, ChainAddress account, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        await RequireMemberAsync(ledger).ConfigureAwait(false);
        if (await ledger.Registry.IsGridPartyAsync(account).ConfigureAwait(false))
        {
            throw new NodeHomeException($"{account} is already a registered grid party");
        }

        if ((await ledger.Registry.GetMemberAsync(account).ConfigureAwait(false)).Status != MemberStatus.None)
        {
            throw new NodeHomeException($"{account} is a member of this consortium; a member cannot also be a grid party (it would set the terms it is paid under)");
        }

        return await ledger.Registry.ProposeGridPartyAsync(account, name, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Proposes removing grid party <paramref name="account"/> with the member's key.</summary>
    /// <exception cref="NodeHomeException">The signer is not an active member, or the account is no grid party.</exception>
    public static async Task<ProposalSubmission> ProposeRemovalAsync(ConsortiumLedger ledger, ChainAddress account, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        await RequireMemberAsync(ledger).ConfigureAwait(false);
        if (!await ledger.Registry.IsGridPartyAsync(account).ConfigureAwait(false))
        {
            throw new NodeHomeException($"{account} is not a registered grid party");
        }

        return await ledger.Registry.ProposeGridPartyRemovalAsync(account, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Approves or rejects grid-party proposal <paramref name="proposalId"/> with the member's key.</summary>
    /// <exception cref="NodeHomeException">The signer is not an active member, the proposal is not a pending grid-party proposal, or the signer already voted.</exception>
    public static async Task<MembershipProposal> VoteAsync(ConsortiumLedger ledger, ulong proposalId, bool approve, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        var voter = await RequireMemberAsync(ledger).ConfigureAwait(false);
        var proposal = await ledger.Registry.GetProposalAsync(proposalId).ConfigureAwait(false);
        if (proposal.Kind is not (ProposalKind.GridPartyRegistration or ProposalKind.GridPartyRemoval))
        {
            throw new NodeHomeException($"proposal {proposalId} is a {proposal.Kind} proposal, not a grid-party one");
        }

        if (proposal.Status != ProposalStatus.Pending)
        {
            throw new NodeHomeException($"proposal {proposalId} is {proposal.Status}, no longer pending");
        }

        if (await ledger.Registry.HasVotedAsync(proposalId, voter).ConfigureAwait(false))
        {
            throw new NodeHomeException($"{voter} already voted on proposal {proposalId}");
        }

        _ = approve
            ? await ledger.Registry.VoteAsync(proposalId, cancellationToken).ConfigureAwait(false)
            : await ledger.Registry.RejectAsync(proposalId, cancellationToken).ConfigureAwait(false);
        return await ledger.Registry.GetProposalAsync(proposalId).ConfigureAwait(false);
    }

    /// <summary>
    /// Registers <paramref name="account"/> as a grid party: the first voter proposes, then the voters approve in turn
    /// until the proposal is carried (the demo's and tests' governance, each vote signed by its member).
    /// </summary>
    /// <exception cref="InvalidOperationException">The voters' approvals do not reach the threshold.</exception>
    public static async Task<MembershipProposal> RegisterAsync(
        IReadOnlyList<ConsortiumLedger> voters, ChainAddress account, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(voters);
        var proposal = await ProposeAsync(voters[0], account, name, cancellationToken).ConfigureAwait(false);
        foreach (var voter in voters)
        {
            var state = await VoteAsync(voter, proposal.ProposalId, approve: true, cancellationToken).ConfigureAwait(false);
            if (state.Status == ProposalStatus.Executed)
            {
                return state;
            }
        }

        throw new InvalidOperationException($"{name} ({account}) was not registered as a grid party: {voters.Count} approvals did not reach the threshold of proposal {proposal.ProposalId}.");
    }

    private static async Task<ChainAddress> RequireMemberAsync(ConsortiumLedger ledger)
    {
        var voter = ledger.Account ?? throw new ArgumentException("governance needs a signing connection", nameof(ledger));
        if ((await ledger.Registry.GetMemberAsync(voter).ConfigureAwait(false)).Status != MemberStatus.Active)
        {
            throw new NodeHomeException($"{voter} is not an active member of this consortium, so it has no say");
        }

        return voter;
    }
}
