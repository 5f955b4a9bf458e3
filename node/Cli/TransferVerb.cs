using System.Globalization;
using System.Numerics;
using Consortium.Contracts.Chain;
using Consortium.Node.Home;

namespace Consortium.Node.Cli;

/// <summary><c>consortium transfer</c>: sends consortium tokens and/or ether from this node's key, e.g. a founder's treasury funding a newcomer's stake and gas.</summary>
public static class TransferVerb
{
    /// <summary>The verb, binding its options to <see cref="Arguments"/>.</summary>
    public static Verb<Arguments> Create() => new(
        "transfer",
        "Send consortium tokens and/or ether from this node's account to another account, e.g. to fund a newcomer's stake and gas before it joins.",
        new Arguments(string.Empty, string.Empty, null, null, null, null, null, new ChainConnectionOptions()),
        Run)
    {
        { CliOption.RequiredText("--home", "this node's home folder (its key pays)", "DIR"), (a, v) => a with { Home = v } },
        { CliOption.RequiredText("--consortium", "the consortium descriptor", "consortium.json"), (a, v) => a with { Consortium = v } },
        { CliOption.Address("--to", "the receiving account", required: true), (a, v) => a with { To = v } },
        { CliOption.Parsed<BigInteger?>("--tokens", "consortium tokens to send [default: none]", null, text => JoinVerb.ParseTokens(text), "N"), (a, v) => a with { Tokens = v } },
        { CliOption.Parsed<BigInteger?>("--ether", "ether to send for gas [default: none]", null, text => ParseEther(text), "X"), (a, v) => a with { Ether = v } },
        { CliOption.Url("--rpc", "send through this JSON-RPC endpoint of the same chain [default: the descriptor's]"), (a, v) => a with { RpcUrl = v } },
        { CliOption.Text("--password-file", $"a file whose first line is the node's password [default: {NodePassword.EnvironmentVariable}]", "FILE"), (a, v) => a with { PasswordFile = v } },
        { ChainOptionGroup.Create(), (a, v) => a with { Chain = v } },
    };

    private static BigInteger ParseEther(string text) =>
        decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var ether) && ether > 0 && decimal.Round(ether, 18) == ether
            ? TokenAmount.FromTokens(ether)
            : throw new FormatException($"'{text}' is not a positive amount of ether such as 1 or 0.05");

    private static async Task<int> Run(Arguments arguments, TextWriter output, CancellationToken cancellationToken)
    {
        if (arguments.Tokens is null && arguments.Ether is null)
        {
            throw new UsageException("give --tokens N, --ether X or both");
        }

        var home = NodeHome.Open(arguments.Home);
        var (_, account, _, ledger) = await ConsortiumAccess.OpenAsync(home, arguments.Consortium, arguments.PasswordFile, arguments.RpcUrl, arguments.Chain, cancellationToken).ConfigureAwait(false);
        var to = arguments.To!.Value;
        if (arguments.Tokens is { } tokens)
        {
            var balance = await ledger.Token.BalanceOfAsync(account.Address).ConfigureAwait(false);
            if (balance < tokens)
            {
                throw new NodeHomeException($"{account.Address} holds {TokenAmount.Format(balance)}, fewer than the {TokenAmount.Format(tokens)} to send");
            }

            var transaction = await ledger.Token.TransferAsync(to, tokens, cancellationToken).ConfigureAwait(false);
            output.WriteLine($"Sent {TokenAmount.Format(tokens)} to {to} in {transaction.TxHash}.");
        }

        if (arguments.Ether is { } wei)
        {
            var transaction = await ledger.Connection.SendEtherAsync(to, wei, cancellationToken).ConfigureAwait(false);
            output.WriteLine($"Sent {(decimal)wei / 1_000_000_000_000_000_000m} ETH to {to} in {transaction.TxHash}.");
        }

        return 0;
    }

    /// <summary>What the verb runs with.</summary>
    /// <param name="Home">This node's home folder.</param>
    /// <param name="Consortium">The descriptor file.</param>
    /// <param name="To">The receiving account.</param>
    /// <param name="Tokens">Tokens in base units, or null.</param>
    /// <param name="Ether">Wei, or null.</param>
    /// <param name="RpcUrl">Another endpoint of the same chain, or null.</param>
    /// <param name="PasswordFile">The password file, or null for the environment.</param>
    /// <param name="Chain">How transactions are signed and priced.</param>
    public sealed record Arguments(
        string Home, string Consortium, ChainAddress? To, BigInteger? Tokens, BigInteger? Ether, string? RpcUrl, string? PasswordFile, ChainConnectionOptions Chain);
}
