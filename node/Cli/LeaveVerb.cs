using Consortium.Contracts.Chain;
using Consortium.Contracts.Ledger;
using Consortium.Node.Home;

namespace Consortium.Node.Cli;

/// <summary><c>consortium leave</c>: announces this member's exit on chain; peers refuse its node from then on, and its stake can be withdrawn after the notice period.</summary>
public static class LeaveVerb
{
    /// <summary>The verb, binding its options to <see cref="Arguments"/>.</summary>
    public static Verb<Arguments> Create() => new(
        "leave",
        "Announce this member's exit on chain: it stops taking part at once (peers refuse its node from the next call on) and may withdraw its stake after the notice period.",
        new Arguments(string.Empty, string.Empty, null, null, new ChainConnectionOptions()),
        Run)
    {
        { CliOption.RequiredText("--home", "this member's home folder", "DIR"), (a, v) => a with { Home = v } },
        { CliOption.RequiredText("--consortium", "the consortium descriptor", "consortium.json"), (a, v) => a with { Consortium = v } },
        { CliOption.Url("--rpc", "send through this JSON-RPC endpoint of the same chain [default: the descriptor's]"), (a, v) => a with { RpcUrl = v } },
        { CliOption.Text("--password-file", $"a file whose first line is the node's password [default: {NodePassword.EnvironmentVariable}]", "FILE"), (a, v) => a with { PasswordFile = v } },
        { ChainOptionGroup.Create(), (a, v) => a with { Chain = v } },
    };

    private static async Task<int> Run(Arguments arguments, TextWriter output, CancellationToken cancellationToken)
    {
        var home = NodeHome.Open(arguments.Home);
        var (_, account, _, ledger) = await ConsortiumAccess.OpenAsync(home, arguments.Consortium, arguments.PasswordFile, arguments.RpcUrl, arguments.Chain, cancellationToken).ConfigureAwait(false);
        var member = await ledger.Registry.GetMemberAsync(account.Address).ConfigureAwait(false);
        if (member.Status != MemberStatus.Active)
        {
            throw new NodeHomeException($"{home.Settings.Name} ({account.Address}) is not an active member ({member.Status.ToString().ToLowerInvariant()})");
        }

        if (member.Role == MemberRole.Coordinator)
        {
            throw new NodeHomeException($"{home.Settings.Name} is the coordinator: the members vote another coordinator in before it can leave");
        }

        var transaction = await ledger.Registry.AnnounceExitAsync(cancellationToken).ConfigureAwait(false);
        var after = await ledger.Registry.GetMemberAsync(account.Address).ConfigureAwait(false);
        output.WriteLine($"{home.Settings.Name} ({account.Address}) announced its exit in {transaction.TxHash}; its stake of {TokenAmount.Format(after.Stake)} can be withdrawn from {after.ExitAvailableAt:u}.");
        return 0;
    }

    /// <summary>What the verb runs with.</summary>
    /// <param name="Home">This member's home folder.</param>
    /// <param name="Consortium">The descriptor file.</param>
    /// <param name="RpcUrl">Another endpoint of the same chain, or null.</param>
    /// <param name="PasswordFile">The password file, or null for the environment.</param>
    /// <param name="Chain">How transactions are signed and priced.</param>
    public sealed record Arguments(string Home, string Consortium, string? RpcUrl, string? PasswordFile, ChainConnectionOptions Chain);
}
