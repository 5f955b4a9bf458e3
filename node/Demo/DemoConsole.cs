using System.Globalization;
using Consortium.Contracts.Ledger;
using Consortium.Node.Reporting;
using Spectre.Console;

namespace Consortium.Node.Demo;

/// <summary>
/// The demo's console tells the consortium's story in tables (Spectre.Console): who is in, how each member got in and
/// where its node answers; after each round, each member's score, reward, stake and balance as the chain has them.
/// Colours only on a terminal; plain text when the output is redirected or captured.
/// </summary>
public sealed class DemoConsole
{
    private readonly IAnsiConsole _console;

    /// <summary>Writes to <paramref name="output"/>.</summary>
    public DemoConsole(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var terminal = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
        _console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(output),
            Interactive = InteractionSupport.No,
        });
        _console.Profile.Width = terminal ? Math.Max(100, _console.Profile.Width) : 140;
    }

    /// <summary>The members as the chain lists them, with how each joined and where its node answers.</summary>
    public void Members(IReadOnlyList<OperatorSection> operators, ChainAddress coordinator, string joinedByVote)
    {
        ArgumentNullException.ThrowIfNull(operators);
        var table = new Table().Title("Members (read from the chain)").AddColumns("member", "address", "joined", "node (mutual TLS)", "stake");
        table.AddRow("coordinator", Short(coordinator), "founder", "calls the others", "-");
        foreach (var op in operators)
        {
            table.AddRow(Markup.Escape(op.Name), Short(op.Address), op.Name == joinedByVote ? "[green]admitted by vote[/]" : "founder", Markup.Escape(op.Endpoint), TokenAmount.Format(op.Stake));
        }

        _console.Write(table);
    }

    /// <summary>One round's scores and rewards, and every member's stake and balance after it.</summary>
    public async Task RoundAsync(RoundSection round, IReadOnlyList<OperatorSection> operators, ConsortiumLedger ledger)
    {
        ArgumentNullException.ThrowIfNull(round);
        ArgumentNullException.ThrowIfNull(operators);
        ArgumentNullException.ThrowIfNull(ledger);
        var table = new Table()
            .Title(string.Create(CultureInfo.InvariantCulture, $"Round {round.Round}: validation RMSE {round.Validation.FederatedRmse:F2} kW (seasonal naive {round.Validation.SeasonalNaiveRmse:F2})"))
            .AddColumns("member", "score", "reward", "stake", "balance");
        foreach (var op in operators)
        {
            var score = round.Scores.TryGetValue(op.Address, out var s) ? s.ToString("F4", CultureInfo.InvariantCulture) : "-";
            var reward = round.Rewards.TryGetValue(op.Address, out var r) ? TokenAmount.Format(r) : "-";
            var member = await ledger.Registry.GetMemberAsync(op.Address).ConfigureAwait(false);
            var balance = await ledger.Token.BalanceOfAsync(op.Address).ConfigureAwait(false);
            table.AddRow(Markup.Escape(op.Name), score, reward, TokenAmount.Format(member.Stake), TokenAmount.Format(balance));
        }

        _console.Write(table);
    }

    private static string Short(ChainAddress address) => address.ToString()[..10] + "…";
}
