using Consortium.Contracts.Chain;
using Consortium.Node.Home;

namespace Consortium.Node.Cli;

/// <summary>
/// <c>consortium rotate</c>: replaces the node's TLS certificate and publishes the new fingerprint on chain with the
/// node's key. Peers accept only the new certificate from then on; a running node presents it once restarted.
/// </summary>
public static class RotateVerb
{
    /// <summary>The verb, binding its options to <see cref="Arguments"/>.</summary>
    public static Verb<Arguments> Create() => new(
        "rotate",
        "Replace this node's TLS certificate and publish its fingerprint on chain; peers accept only the new one from then on (restart consortium run to present it).",
        new Arguments(string.Empty, string.Empty, null, null, new ChainConnectionOptions()),
        Run)
    {
        { CliOption.RequiredText("--home", "this node's home folder", "DIR"), (a, v) => a with { Home = v } },
        { CliOption.RequiredText("--consortium", "the consortium descriptor", "consortium.json"), (a, v) => a with { Consortium = v } },
        { CliOption.Url("--rpc", "send through this JSON-RPC endpoint of the same chain [default: the descriptor's]"), (a, v) => a with { RpcUrl = v } },
        { CliOption.Text("--password-file", $"a file whose first line is the node's password [default: {NodePassword.EnvironmentVariable}]", "FILE"), (a, v) => a with { PasswordFile = v } },
        { ChainOptionGroup.Create(), (a, v) => a with { Chain = v } },
    };

    private static async Task<int> Run(Arguments arguments, TextWriter output, CancellationToken cancellationToken)
    {
        var home = NodeHome.Open(arguments.Home);
        var (password, _, _, ledger) = await ConsortiumAccess.OpenAsync(home, arguments.Consortium, arguments.PasswordFile, arguments.RpcUrl, arguments.Chain, cancellationToken).ConfigureAwait(false);
        var before = home.Card().TlsFingerprint;
        var after = home.RotateCertificate(password);
        var (_, published) = await ConsortiumMembership.PrepareToServeAsync(ledger, home.Card(), cancellationToken).ConfigureAwait(false);
        output.WriteLine($"{home.Settings.Name}: certificate {before} replaced by {after}{(published ? ", published on chain" : string.Empty)}.");
        output.WriteLine("A running node presents it from its next connection on; peers refuse the old one from now on.");
        return 0;
    }

    /// <summary>What the verb runs with.</summary>
    /// <param name="Home">This node's home folder.</param>
    /// <param name="Consortium">The descriptor file.</param>
    /// <param name="RpcUrl">Another endpoint of the same chain, or null.</param>
    /// <param name="PasswordFile">The password file, or null for the environment.</param>
    /// <param name="Chain">How transactions are signed and priced.</param>
    public sealed record Arguments(string Home, string Consortium, string? RpcUrl, string? PasswordFile, ChainConnectionOptions Chain);
}
