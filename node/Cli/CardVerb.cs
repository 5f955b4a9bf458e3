using Consortium.Node.Home;

namespace Consortium.Node.Cli;

/// <summary><c>consortium card</c>: prints a node's public card as JSON (<see cref="NodeHome.Card"/>); needs no password.</summary>
public static class CardVerb
{
    /// <summary>The verb, binding its options to <see cref="Arguments"/>.</summary>
    public static Verb<Arguments> Create() => new(
        "card",
        "Print the node's public card (JSON): name, role, address, endpoint and TLS certificate fingerprint.",
        new Arguments(string.Empty),
        Run)
    {
        { CliOption.RequiredText("--home", "the node's home folder", "DIR"), (a, v) => a with { Home = v } },
    };

    private static Task<int> Run(Arguments arguments, TextWriter output, CancellationToken cancellationToken)
    {
        output.WriteLine(NodeHome.Open(arguments.Home).Card().ToJson());
        return Task.FromResult(0);
    }

    /// <summary>What the verb runs with.</summary>
    /// <param name="Home">The home folder.</param>
    public sealed record Arguments(string Home);
}
