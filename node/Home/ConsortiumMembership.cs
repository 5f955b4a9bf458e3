using System.Numerics;
using Consortium.Contracts;
using Consortium.Contracts.Ledger;

namespace Consortium.Node.Home;

/// <summary>An application on chain: <c>consortium join</c>'s result.</summary>
/// <param name="ProposalId">The admission proposal members vote on.</param>
/// <param name="Stake">The escrowed stake (token base units).</param>
/// <param name="RequiredVotes">Approvals that admit the applicant.</param>
/// <param name="Contact">The node contact published with the application.</param>
/// <param name="AlreadyPending">The application was made earlier (a repeated join); only the contact was brought up to date.</param>
public sealed record MembershipApplication(ulong ProposalId, BigInteger Stake, int RequiredVotes, NodeContact Contact, bool AlreadyPending);

/// <summary>A member's vote on an application: <c>consortium vote</c>'s result.</summary>
/// <param name="Applicant">The applicant's account.</param>
/// <param name="ApplicantName">The name it applied under.</param>
/// <param name="Proposal">The proposal as it stands after the vote.</param>
/// <param name="Transaction">The vote's transaction.</param>
public sealed record MembershipVote(ChainAddress Applicant, string ApplicantName, MembershipProposal Proposal, LedgerTransaction Transaction);

/// <summary>
/// Joining a consortium and deciding on those who apply (<c>consortium join</c>, <c>consortium vote</c>): every step is a
/// transaction signed by the node's own key, and every refusal the chain would give is named before gas is spent on it.
/// </summary>
public static class ConsortiumMembership
{
    /// <summary>The on-chain role of a node of <paramref name="role"/>.</summary>
    /// <exception cref="NodeHomeException">The role cannot apply: a coordinator is installed by a rotation vote, a grid party is no member.</exception>
    public static MemberRole ApplicantRole(NodeRole role) => role switch
    {
        NodeRole.Operator => MemberRole.Operator,
        NodeRole.Automaker => MemberRole.Automaker,
        NodeRole.Auditor => MemberRole.Auditor,
        NodeRole.Coordinator => throw new NodeHomeException("a coordinator does not apply: it is a founder, or a member the others vote into the role"),
        _ => throw new NodeHomeException("a grid party is not a member: it signs dispatch requests and needs no admission"),
    };

    /// <summary>
    /// Applies for membership with <paramref name="stake"/> (the minimum when null) and publishes the node's endpoint
    /// and certificate fingerprint from <paramref name="card"/>. Run again while the application is pending, it only
    /// brings the published contact up to date.
    /// </summary>
    /// <param name="ledger">The consortium, signing with the node's key.</param>
    /// <param name="card">The node's card.</param>
    /// <param name="role">The node's role.</param>
    /// <param name="stake">The stake to escrow, or null for the minimum.</param>
    /// <param name="cancellationToken">Stops waiting for receipts.</param>
    /// <exception cref="NodeHomeException">The account already is a member, the stake is below the minimum, or the account lacks the tokens or the ether for gas.</exception>
    public static async Task<MembershipApplication> JoinAsync(
        ConsortiumLedger ledger, NodeCard card, NodeRole role, BigInteger? stake, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(card);
        var memberRole = ApplicantRole(role);
        var account = ledger.Account ?? throw new ArgumentException("joining needs a signing connection", nameof(ledger));
        var registry = ledger.Registry;
        var record = await registry.GetMemberAsync(account).ConfigureAwait(false);
        if (record.Status != MemberStatus.None)
        {
            throw new NodeHomeException($"{account} already is a member of this consortium ({record.Status.ToString().ToLowerInvariant()}, number {record.Number})");
        }

        if (await ledger.Connection.GetEtherBalanceAsync(account).ConfigureAwait(false) is { IsZero: true })
        {
            throw new NodeHomeException($"{account} holds no ether to pay for the application's transactions: fund it on the consortium's chain first");
        }

        var contact = new NodeContact(account, card.Endpoint, card.TlsFingerprint);
        if (await registry.GetPendingApplicationAsync(account).ConfigureAwait(false) is { } pendingId)
        {
            var pending = await registry.GetProposalAsync(pendingId).ConfigureAwait(false);
            await PublishContactAsync(registry, contact, cancellationToken).ConfigureAwait(false);
            return new MembershipApplication(pendingId, pending.Escrow, pending.RequiredVotes, contact, AlreadyPending: true);
        }

        var minStake = await registry.GetMinStakeAsync().ConfigureAwait(false);
        var amount = stake ?? minStake;
        if (amount < minStake)
        {
            throw new NodeHomeException($"a stake of {TokenAmount.Format(amount)} is below the consortium's minimum of {TokenAmount.Format(minStake)}");
        }

        var balance = await ledger.Token.BalanceOfAsync(account).ConfigureAwait(false);
        if (balance < amount)
        {
            throw new NodeHomeException(
                $"{account} holds {TokenAmount.Format(balance)} and the application escrows {TokenAmount.Format(amount)}: have a member or the treasury transfer the difference");
        }

        var submission = await registry.ApplyForMembershipAsync(card.Name, memberRole, amount, cancellationToken).ConfigureAwait(false);
        await PublishContactAsync(registry, contact, cancellationToken).ConfigureAwait(false);
        var proposal = await registry.GetProposalAsync(submission.ProposalId).ConfigureAwait(false);
        return new MembershipApplication(submission.ProposalId, amount, proposal.RequiredVotes, contact, AlreadyPending: false);
    }

    /// <summary>Approves or rejects <paramref name="applicant"/>'s pending application with the node's key.</summary>
    /// <param name="ledger">The consortium, signing with the member's key.</param>
    /// <param name="applicant">The applicant's account.</param>
    /// <param name="approve">True to approve, false to reject.</param>
    /// <param name="cancellationToken">Stops waiting for the receipt.</param>
    /// <exception cref="NodeHomeException">The signer is not an active member, the applicant has no pending application, or the signer already voted on it.</exception>
    public static async Task<MembershipVote> VoteAsync(ConsortiumLedger ledger, ChainAddress applicant, bool approve, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        var voter = ledger.Account ?? throw new ArgumentException("voting needs a signing connection", nameof(ledger));
        var registry = ledger.Registry;
        if ((await registry.GetMemberAsync(voter).ConfigureAwait(false)).Status != MemberStatus.Active)
        {
            throw new NodeHomeException($"{voter} is not an active member of this consortium, so it has no vote");
        }

        var proposalId = await registry.GetPendingApplicationAsync(applicant).ConfigureAwait(false)
            ?? throw new NodeHomeException($"{applicant} has no pending application in this consortium");
        if (await registry.HasVotedAsync(proposalId, voter).ConfigureAwait(false))
        {
            throw new NodeHomeException($"{voter} already voted on {applicant}'s application (proposal {proposalId})");
        }

        var transaction = approve
            ? await registry.VoteAsync(proposalId, cancellationToken).ConfigureAwait(false)
            : await registry.RejectAsync(proposalId, cancellationToken).ConfigureAwait(false);
        var proposal = await registry.GetProposalAsync(proposalId).ConfigureAwait(false);
        var name = await registry.GetApplicantNameAsync(proposalId).ConfigureAwait(false);
        return new MembershipVote(applicant, name, proposal, transaction);
    }

    /// <summary>
    /// Makes sure a starting node may serve: its account is an active member (or has a pending application, and then
    /// waits to be admitted), and the contact on chain names the endpoint and certificate it serves with; a changed
    /// endpoint or a rotated certificate is published with the node's key.
    /// </summary>
    /// <param name="ledger">The consortium, signing with the node's key.</param>
    /// <param name="card">The node's card.</param>
    /// <param name="cancellationToken">Stops waiting for the receipt.</param>
    /// <returns>The member's record, and whether the contact had to be published.</returns>
    /// <exception cref="NodeHomeException">The account is neither a member nor an applicant, or has left.</exception>
    public static async Task<(MemberRecord Member, bool Published)> PrepareToServeAsync(ConsortiumLedger ledger, NodeCard card, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(card);
        var registry = ledger.Registry;
        var member = await registry.GetMemberAsync(card.Address).ConfigureAwait(false);
        switch (member.Status)
        {
            case MemberStatus.Left:
                throw new NodeHomeException($"{card.Name} ({card.Address}) has left this consortium");
            case MemberStatus.None when await registry.GetPendingApplicationAsync(card.Address).ConfigureAwait(false) is null:
                throw new NodeHomeException($"{card.Name} ({card.Address}) is not a member of this consortium: apply with consortium join first");
        }

        var published = await PublishContactAsync(registry, new NodeContact(card.Address, card.Endpoint, card.TlsFingerprint), cancellationToken).ConfigureAwait(false);
        return (member, published);
    }

    private static async Task<bool> PublishContactAsync(IMemberRegistry registry, NodeContact contact, CancellationToken cancellationToken)
    {
        if (await registry.GetNodeContactAsync(contact.Account).ConfigureAwait(false) == contact)
        {
            return false;
        }

        await registry.SetNodeContactAsync(contact.Endpoint, contact.CertificateFingerprint, cancellationToken).ConfigureAwait(false);
        return true;
    }
}
