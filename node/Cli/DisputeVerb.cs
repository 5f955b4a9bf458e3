using Consortium.Contracts.Chain;
using Consortium.Contracts.Ledger;
using Consortium.Node.Home;

namespace Consortium.Node.Cli;

/// <summary>
/// <c>consortium dispute</c>: this member disputes the coordinator's accusation of a malicious update in a round, with a
/// short statement, within the challenge window; the other members (not the coordinator) then vote on reversing it with
/// <c>consortium vote --proposal ID</c>.
/// </summary>
public static class DisputeVerb
{
    /// <summary>The verb, binding its options to <see cref="Arguments"/>.</summary>
    public static Verb<Arguments> Create() => new(
        "dispute",
        "Dispute the coordinator's accusation of this member's update in a round, within the challenge window; the members other than it and the coordinator vote on reversing it (consortium vote --proposal ID). A reversed or undecided accusation never slashes.",
        new Arguments(string.Empty, string.Empty, 0, string.Empty, null, null, new ChainConnectionOptions()),
        Run)
    {
        { CliOption.RequiredText("--home", "this member's home folder", "DIR"), (a, v) => a with { Home = v } },
        { CliOption.RequiredText("--consortium", "the consortium descriptor", "consortium.json"), (a, v) => a with { Consortium = v } },
        { CliOption.Int("--round", "the round this member was accused for", 0, min: 1), (a, v) => a with { Round = v } },
        { CliOption.RequiredText("--reason", $"this member's statement, at most {AccusationEvidence.MaxStatementBytes} UTF-8 bytes", "TEXT"), (a, v) => a with { Reason = v } },
        { CliOption.Url("--rpc", "send through this JSON-RPC endpoint of the same chain [default: the descriptor's]"), (a, v) => a with { RpcUrl = v } },
        { CliOption.Text("--password-file", $"a file whose first line is the node's password [default: {NodePassword.EnvironmentVariable}]", "FILE"), (a, v) => a with { PasswordFile = v } },
        { ChainOptionGroup.Create(), (a, v) => a with { Chain = v } },
    };

    private static async Task<int> Run(Arguments arguments, TextWriter output, CancellationToken cancellationToken)
    {
        if (arguments.Round < 1)
        {
            throw new UsageException("--round: give the round this member was accused for");
        }

        var length = System.Text.Encoding.UTF8.GetByteCount(arguments.Reason);
        if (length is 0 or > AccusationEvidence.MaxStatementBytes)
        {
            throw new UsageException($"--reason: the statement is {length} bytes; the ledger takes 1 to {AccusationEvidence.MaxStatementBytes}");
        }

        var home = NodeHome.Open(arguments.Home);
        var (_, account, _, ledger) = await ConsortiumAccess.OpenAsync(home, arguments.Consortium, arguments.PasswordFile, arguments.RpcUrl, arguments.Chain, cancellationToken).ConfigureAwait(false);
        var round = (ulong)arguments.Round;
        var accusation = await ledger.Rounds.GetAccusationAsync(round, account.Address).ConfigureAwait(false);
        if (accusation.Status == AccusationStatus.None)
        {
            throw new NodeHomeException($"{home.Settings.Name} ({account.Address}) was not accused in round {round}");
        }

        var dispute = await ledger.Rounds.DisputeAsync(round, arguments.Reason, cancellationToken).ConfigureAwait(false);
        var after = await ledger.Rounds.GetAccusationAsync(round, account.Address).ConfigureAwait(false);
        var proposal = await ledger.Registry.GetProposalAsync(dispute.ProposalId).ConfigureAwait(false);
        output.WriteLine($"{home.Settings.Name} ({account.Address}) disputed its accusation for round {round} (update {accusation.UpdateHash}) in {dispute.Transaction.TxHash}.");
        output.WriteLine($"Reversal proposal {dispute.ProposalId}: {proposal.RequiredVotes} of {proposal.Electorate} members (not it, not the coordinator) must approve by {after.VoteEndsAt:u}; without a decision by then the accusation lapses without a slash.");
        return 0;
    }

    /// <summary>What the verb runs with.</summary>
    /// <param name="Home">This member's home folder.</param>
    /// <param name="Consortium">The descriptor file.</param>
    /// <param name="Round">The round of the accusation.</param>
    /// <param name="Reason">The member's statement.</param>
    /// <param name="RpcUrl">Another endpoint of the same chain, or null.</param>
    /// <param name="PasswordFile">The password file, or null for the environment.</param>
    /// <param name="Chain">How transactions are signed and priced.</param>
    public sealed record Arguments(string Home, string Consortium, int Round, string Reason, string? RpcUrl, string? PasswordFile, ChainConnectionOptions Chain);
}
