using Consortium.Contracts.Chain;
using Consortium.Contracts.Ledger;
using Consortium.Node.Home;

namespace Consortium.Node.Cli;

/// <summary>
/// <c>consortium vote</c>: approves or rejects an applicant (<see cref="ConsortiumMembership.VoteAsync"/>), or any pending
/// proposal by its id (a reward pool, the reversal of a disputed accusation), with this member's key.
/// </summary>
public static class VoteVerb
{
    /// <summary>The verb, binding its options to <see cref="Arguments"/>.</summary>
    public static Verb<Arguments> Create() => new(
        "vote",
        "Approve or reject an applicant's pending application (--applicant), or a pending proposal by its id (--proposal: a reward pool, the reversal of a disputed accusation), with this member's key; the approval that reaches the threshold carries it, the rejection that makes the threshold unreachable defeats it.",
        new Arguments(string.Empty, string.Empty, null, false, false, null, null, new ChainConnectionOptions()),
        Run)
    {
        { CliOption.RequiredText("--home", "this member's home folder", "DIR"), (a, v) => a with { Home = v } },
        { CliOption.RequiredText("--consortium", "the consortium descriptor", "consortium.json"), (a, v) => a with { Consortium = v } },
        { CliOption.Address("--applicant", "the applicant's address (its card's address) [default: none; give it or --proposal]"), (a, v) => a with { Applicant = v } },
        { CliOption.OptionalInt("--proposal", "the id of a pending proposal (a reward pool, or the reversal of a disputed accusation: approving reverses it) [default: none; give it or --applicant]", min: 1, helpName: "ID"), (a, v) => a with { Proposal = v } },
        { CliOption.Flag("--approve", "vote for admission"), (a, v) => a with { Approve = v } },
        { CliOption.Flag("--reject", "vote against admission"), (a, v) => a with { Reject = v } },
        { CliOption.Url("--rpc", "send through this JSON-RPC endpoint of the same chain [default: the descriptor's]"), (a, v) => a with { RpcUrl = v } },
        { CliOption.Text("--password-file", $"a file whose first line is the node's password [default: {NodePassword.EnvironmentVariable}]", "FILE"), (a, v) => a with { PasswordFile = v } },
        { ChainOptionGroup.Create(), (a, v) => a with { Chain = v } },
    };

    private static async Task<int> Run(Arguments arguments, TextWriter output, CancellationToken cancellationToken)
    {
        if (arguments.Approve == arguments.Reject)
        {
            throw new UsageException("give exactly one of --approve and --reject");
        }

        if ((arguments.Applicant is null) == (arguments.Proposal is null))
        {
            throw new UsageException("give exactly one of --applicant and --proposal");
        }

        var home = NodeHome.Open(arguments.Home);
        var (_, _, _, ledger) = await ConsortiumAccess.OpenAsync(home, arguments.Consortium, arguments.PasswordFile, arguments.RpcUrl, arguments.Chain, cancellationToken).ConfigureAwait(false);
        if (arguments.Proposal is { } proposalId)
        {
            return await VoteOnProposalAsync(home, ledger, (ulong)proposalId, arguments.Approve, output, cancellationToken).ConfigureAwait(false);
        }

        var applicant = arguments.Applicant!.Value;
        var contact = await ledger.Registry.GetNodeContactAsync(applicant).ConfigureAwait(false);
        var vote = await ConsortiumMembership.VoteAsync(ledger, applicant, arguments.Approve, cancellationToken).ConfigureAwait(false);
        var proposal = vote.Proposal;
        output.WriteLine($"{home.Settings.Name} {(arguments.Approve ? "approved" : "rejected")} {vote.ApplicantName} ({applicant}), proposal {proposal.ProposalId}, in {vote.Transaction.TxHash}.");
        output.WriteLine(contact.IsPublished
            ? $"Its node: {contact.Endpoint}, certificate SHA-256 {contact.CertificateFingerprint}."
            : "Its node has published no endpoint or certificate yet.");
        output.WriteLine(proposal.Status switch
        {
            ProposalStatus.Executed => $"Admitted: {proposal.Approvals} of {proposal.RequiredVotes} approvals reached.",
            ProposalStatus.Rejected => $"Defeated: {proposal.Rejections} of {proposal.Electorate} members rejected it; its escrow went back.",
            _ => $"Pending: {proposal.Approvals} of {proposal.RequiredVotes} approvals, {proposal.Rejections} rejections.",
        });
        return 0;
    }

    private static async Task<int> VoteOnProposalAsync(
        NodeHome home, ConsortiumLedger ledger, ulong proposalId, bool approve, TextWriter output, CancellationToken cancellationToken)
    {
        var before = await ledger.Registry.GetProposalAsync(proposalId).ConfigureAwait(false);
        var what = before.Kind switch
        {
            ProposalKind.RewardPool => $"a reward pool of {TokenAmount.Format(await ledger.Registry.GetProposedRewardPoolAsync(proposalId).ConfigureAwait(false))} per round",
            ProposalKind.AccusationReversal when await ledger.Registry.GetReversalVoteAsync(proposalId).ConfigureAwait(false) is { } reversal =>
                $"reversing the accusation of {before.Subject} in round {reversal.RoundId} (votes until {reversal.VotingEndsAt:u})",
            ProposalKind.CoordinatorRotation => $"{before.Subject} as coordinator",
            _ => $"admitting {before.Subject}",
        };
        var transaction = approve
            ? await ledger.Registry.VoteAsync(proposalId, cancellationToken).ConfigureAwait(false)
            : await ledger.Registry.RejectAsync(proposalId, cancellationToken).ConfigureAwait(false);
        var proposal = await ledger.Registry.GetProposalAsync(proposalId).ConfigureAwait(false);
        output.WriteLine($"{home.Settings.Name} {(approve ? "approved" : "rejected")} proposal {proposalId}, {what}, in {transaction.TxHash}.");
        output.WriteLine(proposal.Status switch
        {
            ProposalStatus.Executed => $"Carried: {proposal.Approvals} of {proposal.RequiredVotes} approvals reached.",
            ProposalStatus.Rejected => $"Defeated: {proposal.Rejections} of {proposal.Electorate} members rejected it.",
            _ => $"Pending: {proposal.Approvals} of {proposal.RequiredVotes} approvals, {proposal.Rejections} rejections.",
        });
        return 0;
    }

    /// <summary>What the verb runs with.</summary>
    /// <param name="Home">This member's home folder.</param>
    /// <param name="Consortium">The descriptor file.</param>
    /// <param name="Applicant">The applicant's address, or null when voting on <see cref="Arguments.Proposal"/>.</param>
    /// <param name="Approve">Vote for admission.</param>
    /// <param name="Reject">Vote against admission.</param>
    /// <param name="RpcUrl">Another endpoint of the same chain, or null.</param>
    /// <param name="PasswordFile">The password file, or null for the environment.</param>
    /// <param name="Chain">How transactions are signed and priced.</param>
    public sealed record Arguments(
        string Home, string Consortium, ChainAddress? Applicant, bool Approve, bool Reject, string? RpcUrl, string? PasswordFile, ChainConnectionOptions Chain)
    {
        /// <summary>The id of the proposal voted on, or null when voting on <see cref="Applicant"/>'s application.</summary>
        public int? Proposal { get; init; }
    }
}
