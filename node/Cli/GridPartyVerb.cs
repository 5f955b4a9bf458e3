using Consortium.Contracts.Chain;
using Consortium.Contracts.Ledger;
using Consortium.Node.Home;

namespace Consortium.Node.Cli;

/// <summary>
/// <c>consortium grid-party</c>: a member proposes registering or removing a grid party, or votes on such a proposal,
/// with its own key (<see cref="GridPartyGovernance"/>). The dispatch ledger opens events only for requests a registered
/// grid party signed.
/// </summary>
public static class GridPartyVerb
{
    /// <summary>The verb, binding its options to <see cref="Arguments"/>.</summary>
    public static Verb<Arguments> Create() => new(
        "grid-party",
        "Propose registering (--propose ADDRESS --name NAME) or removing (--remove ADDRESS) a grid party, or approve or reject such a proposal (--approve ID, --reject ID), with this member's key; the members' threshold carries it.",
        new Arguments(string.Empty, string.Empty, null, null, null, null, null, null, null, new ChainConnectionOptions()),
        Run)
    {
        { CliOption.RequiredText("--home", "this member's home folder", "DIR"), (a, v) => a with { Home = v } },
        { CliOption.RequiredText("--consortium", "the consortium descriptor", "consortium.json"), (a, v) => a with { Consortium = v } },
        { CliOption.Address("--propose", "propose registering this account as a grid party (with --name) [default: none]"), (a, v) => a with { Propose = v } },
        { CliOption.Text("--name", "the grid party's name, with --propose [default: none]", "NAME"), (a, v) => a with { Name = v } },
        { CliOption.Address("--remove", "propose removing this grid party [default: none]"), (a, v) => a with { Remove = v } },
        { CliOption.OptionalInt("--approve", "approve grid-party proposal ID [default: none]", 1, int.MaxValue, "ID"), (a, v) => a with { Approve = v } },
        { CliOption.OptionalInt("--reject", "reject grid-party proposal ID [default: none]", 1, int.MaxValue, "ID"), (a, v) => a with { Reject = v } },
        { CliOption.Url("--rpc", "send through this JSON-RPC endpoint of the same chain [default: the descriptor's]"), (a, v) => a with { RpcUrl = v } },
        { CliOption.Text("--password-file", $"a file whose first line is the node's password [default: {NodePassword.EnvironmentVariable}]", "FILE"), (a, v) => a with { PasswordFile = v } },
        { ChainOptionGroup.Create(), (a, v) => a with { Chain = v } },
    };

    private static async Task<int> Run(Arguments arguments, TextWriter output, CancellationToken cancellationToken)
    {
        var actions = new object?[] { arguments.Propose, arguments.Remove, arguments.Approve, arguments.Reject }.Count(a => a is not null);
        if (actions != 1)
        {
            throw new UsageException("give exactly one of --propose, --remove, --approve and --reject");
        }

        if (arguments.Propose is not null && string.IsNullOrWhiteSpace(arguments.Name))
        {
            throw new UsageException("--propose needs --name: the name the grid party is registered under");
        }

        var home = NodeHome.Open(arguments.Home);
        var (_, _, _, ledger) = await ConsortiumAccess.OpenAsync(home, arguments.Consortium, arguments.PasswordFile, arguments.RpcUrl, arguments.Chain, cancellationToken).ConfigureAwait(false);
        if (arguments.Propose is { } account)
        {
            var proposal = await GridPartyGovernance.ProposeAsync(ledger, account, arguments.Name!, cancellationToken).ConfigureAwait(false);
            output.WriteLine($"{home.Settings.Name} proposed registering {arguments.Name} ({account}) as a grid party: proposal {proposal.ProposalId}, in {proposal.Transaction.TxHash}.");
            return 0;
        }

        if (arguments.Remove is { } party)
        {
            var proposal = await GridPartyGovernance.ProposeRemovalAsync(ledger, party, cancellationToken).ConfigureAwait(false);
            output.WriteLine($"{home.Settings.Name} proposed removing grid party {party}: proposal {proposal.ProposalId}, in {proposal.Transaction.TxHash}.");
            return 0;
        }

        var approve = arguments.Approve is not null;
        var id = (ulong)(arguments.Approve ?? arguments.Reject)!.Value;
        var state = await GridPartyGovernance.VoteAsync(ledger, id, approve, cancellationToken).ConfigureAwait(false);
        output.WriteLine($"{home.Settings.Name} {(approve ? "approved" : "rejected")} proposal {id} ({state.Kind} of {state.Subject}).");
        output.WriteLine(state.Status switch
        {
            ProposalStatus.Executed => $"Carried: {state.Approvals} of {state.RequiredVotes} approvals reached.",
            ProposalStatus.Rejected => $"Defeated: {state.Rejections} of {state.Electorate} members rejected it.",
            _ => $"Pending: {state.Approvals} of {state.RequiredVotes} approvals, {state.Rejections} rejections.",
        });
        return 0;
    }

    /// <summary>What the verb runs with.</summary>
    /// <param name="Home">This member's home folder.</param>
    /// <param name="Consortium">The descriptor file.</param>
    /// <param name="Propose">An account to propose as a grid party, or null.</param>
    /// <param name="Name">The proposed grid party's name.</param>
    /// <param name="Remove">A grid party to propose removing, or null.</param>
    /// <param name="Approve">A proposal to approve, or null.</param>
    /// <param name="Reject">A proposal to reject, or null.</param>
    /// <param name="RpcUrl">Another endpoint of the same chain, or null.</param>
    /// <param name="PasswordFile">The password file, or null for the environment.</param>
    /// <param name="Chain">How transactions are signed and priced.</param>
    public sealed record Arguments(
        string Home, string Consortium, ChainAddress? Propose, string? Name, ChainAddress? Remove, int? Approve, int? Reject, string? RpcUrl, string? PasswordFile, ChainConnectionOptions Chain);
}
