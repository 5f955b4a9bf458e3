using System.Numerics;
using Consortium.Contracts.Ledger;
using Consortium.Node.Demo;
using Consortium.Node.Reporting;

namespace Consortium.Node.Tests.Demo;

/// <summary>
/// The demo's story on a terminal is one board redrawn in place (members, a score column per round, rewards, stake,
/// balance, the coordinator's latest lines); captured or redirected, the same facts come as tables and lines in plain text.
/// </summary>
public sealed class DemoConsoleTests
{
    private static readonly ChainAddress Coordinator = ChainAddress.Parse("0x00000000000000000000000000000000000000c0");
    private static readonly ChainAddress Dundee = ChainAddress.Parse("0x00000000000000000000000000000000000000d1");
    private static readonly ChainAddress Perth = ChainAddress.Parse("0x00000000000000000000000000000000000000e2");

    [Fact]
    public async Task OnATerminalTheBoardIsRedrawnWithEachLineAndRound()
    {
        var output = new StringWriter();
        var story = new DemoConsole(output, live: true);
        story.Members(Operators(), Coordinator, "perth-a");

        var answer = await story.TellAsync(progress =>
        {
            progress.WriteLine("Round 1: opened with model 0xabc");
            story.Round(Round(), Operators(), [(Dundee, Tokens(95), Tokens(12)), (Perth, Tokens(100), Tokens(0))]);
            progress.WriteLine("Round 1: finalized");
            return Task.FromResult(42);
        });
        var board = Render(story);

        Assert.Equal(42, answer);
        Assert.Contains("\u001b[", output.ToString());
        Assert.Contains("Round 1: finalized", output.ToString());
        Assert.Contains("score r1", board);
        Assert.Contains("0.6000", board);
        Assert.Contains("-0.1000", board);
        Assert.Contains("by vote", board);
        Assert.Contains("Round 1 finalized: validation RMSE 21.40 kW (seasonal naive 30.00)", board);
        Assert.Contains("Round 1: opened with model 0xabc", board);
    }

    [Fact]
    public async Task CapturedTheStoryIsPlainTablesAndLines()
    {
        var output = new StringWriter();
        var story = new DemoConsole(output, live: false);
        story.Members(Operators(), Coordinator, "perth-a");

        await story.TellAsync(progress =>
        {
            progress.WriteLine("Round 1: opened with model 0xabc");
            story.Round(Round(), Operators(), [(Dundee, Tokens(95), Tokens(12)), (Perth, Tokens(100), Tokens(0))]);
            return Task.FromResult(0);
        });

        var text = output.ToString();
        Assert.DoesNotContain("\u001b[", text);
        Assert.Contains("admitted by vote", text);
        Assert.Contains("Round 1: opened with model 0xabc", text);
        Assert.Contains("Round 1: validation RMSE 21.40 kW", text);
        Assert.Contains("-0.1000", text);
    }

    private static string Render(DemoConsole story)
    {
        var text = new StringWriter();
        var plain = Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings
        {
            Ansi = Spectre.Console.AnsiSupport.No,
            ColorSystem = Spectre.Console.ColorSystemSupport.NoColors,
            Out = new Spectre.Console.AnsiConsoleOutput(text),
        });
        plain.Profile.Width = 200;
        plain.Write(story.Board());
        return text.ToString();
    }

    private static List<OperatorSection> Operators() =>
    [
        new() { Name = "dundee-a", Address = Dundee, Endpoint = "https://10.0.0.2:7001/", Stake = Tokens(100) },
        new() { Name = "perth-a", Address = Perth, Endpoint = "https://10.0.0.3:7001/", Stake = Tokens(100) },
    ];

    private static RoundSection Round() => new()
    {
        Round = 1,
        Scores = { [Dundee] = 0.6, [Perth] = -0.1 },
        Rewards = { [Dundee] = Tokens(12) },
        Validation = { FederatedRmse = 21.4, SeasonalNaiveRmse = 30 },
    };

    private static BigInteger Tokens(int tokens) => TokenAmount.FromTokens(tokens);
}
