using System.Globalization;
using System.Numerics;
using Consortium.Contracts.Chain;
using Consortium.Node.Home;

namespace Consortium.Node.Cli;

/// <summary><c>consortium join</c>: applies for membership on chain with a stake and publishes the node's contact (<see cref="ConsortiumMembership.JoinAsync"/>).</summary>
public static class JoinVerb
{
    /// <summary>The verb, binding its options to <see cref="Arguments"/>.</summary>
    public static Verb<Arguments> Create() => new(
        "join",
        "Apply to join the consortium with this node's key: escrow the stake and publish the node's endpoint and TLS certificate fingerprint on chain. Members then vote with consortium vote.",
        new Arguments(string.Empty, string.Empty, null, null, null, new ChainConnectionOptions()),
        Run)
    {
        { CliOption.RequiredText("--home", "this node's home folder", "DIR"), (a, v) => a with { Home = v } },
        { CliOption.RequiredText("--consortium", "the consortium descriptor a member handed over", "consortium.json"), (a, v) => a with { Consortium = v } },
        { CliOption.Parsed<BigInteger?>("--stake", "consortium tokens to escrow, at least the consortium's minimum [default: the minimum]", null, text => ParseTokens(text), "N"), (a, v) => a with { Stake = v } },
        { CliOption.Url("--rpc", "send through this JSON-RPC endpoint of the same chain [default: the descriptor's]"), (a, v) => a with { RpcUrl = v } },
        { CliOption.Text("--password-file", $"a file whose first line is the node's password [default: {NodePassword.EnvironmentVariable}]", "FILE"), (a, v) => a with { PasswordFile = v } },
        { ChainOptionGroup.Create(), (a, v) => a with { Chain = v } },
    };

    /// <summary>Reads an amount of whole tokens (<c>1000</c>, <c>12.5</c>) into base units.</summary>
    /// <exception cref="FormatException">The text is not a positive amount with at most 18 fraction digits.</exception>
    public static BigInteger ParseTokens(string text)
    {
        if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var tokens) || tokens <= 0)
        {
            throw new FormatException($"'{text}' is not a positive amount of tokens such as 1000 or 12.5");
        }

        try
        {
            return TokenAmount.FromTokens(tokens);
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"'{text}': {e.Message}", e);
        }
    }

    private static async Task<int> Run(Arguments arguments, TextWriter output, CancellationToken cancellationToken)
    {
        var home = NodeHome.Open(arguments.Home);
        var (_, _, _, ledger) = await ConsortiumAccess.OpenAsync(home, arguments.Consortium, arguments.PasswordFile, arguments.RpcUrl, arguments.Chain, cancellationToken).ConfigureAwait(false);
        var card = home.Card();
        var application = await ConsortiumMembership.JoinAsync(ledger, card, home.Settings.Role, arguments.Stake, cancellationToken).ConfigureAwait(false);
        output.WriteLine(application.AlreadyPending
            ? $"{card.Name} ({card.Address}) already applied: proposal {application.ProposalId}, {TokenAmount.Format(application.Stake)} in escrow."
            : $"{card.Name} ({card.Address}) applied as {home.Settings.Role.ToString().ToLowerInvariant()}: proposal {application.ProposalId}, {TokenAmount.Format(application.Stake)} in escrow.");
        output.WriteLine($"Published endpoint {application.Contact.Endpoint}, certificate SHA-256 {application.Contact.CertificateFingerprint}.");
        output.WriteLine($"{application.RequiredVotes} approvals admit it; each member runs:");
        output.WriteLine($"  consortium vote --home DIR --consortium {arguments.Consortium} --applicant {card.Address} --approve");
        return 0;
    }

    /// <summary>What the verb runs with.</summary>
    /// <param name="Home">This node's home folder.</param>
    /// <param name="Consortium">The descriptor file.</param>
    /// <param name="Stake">The stake in base units, or null for the minimum.</param>
    /// <param name="RpcUrl">Another endpoint of the same chain, or null.</param>
    /// <param name="PasswordFile">The password file, or null for the environment.</param>
    /// <param name="Chain">How transactions are signed and priced.</param>
    public sealed record Arguments(string Home, string Consortium, BigInteger? Stake, string? RpcUrl, string? PasswordFile, ChainConnectionOptions Chain);
}
