using System.Globalization;
using System.Numerics;
using System.Text;
using Consortium.Contracts.Ledger;
using Consortium.Node.Reporting;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Consortium.Node.Demo;

/// <summary>
/// The demo's console tells the consortium's story (Spectre.Console): who is in, how each member got in and where its
/// node answers; then, round by round, each member's scores, rewards, stake and balance as the chain has them. On a
/// terminal this is one live board, redrawn as the rounds and the dispatch event go, with the coordinator's latest
/// progress lines under it; when the output is redirected or captured, the same tables are printed after each step and
/// the progress lines as they come, in plain text.
/// </summary>
public sealed class DemoConsole
{
    private const int ProgressLines = 12;
    private readonly IAnsiConsole _console;
    private readonly TextWriter _output;
    private readonly Lock _lock = new();
    private readonly List<Row> _rows = [];
    private readonly Queue<string> _progress = new();
    private readonly List<long> _rounds = [];
    private ChainAddress _coordinator;
    private string _phase = "starting";

    /// <summary>Writes to <paramref name="output"/>; a live board only when that is this process's terminal.</summary>
    public DemoConsole(TextWriter output)
        : this(output, ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected)
    {
    }

    /// <summary>Writes to <paramref name="output"/>, as a live board when <paramref name="live"/> (and so with ANSI codes).</summary>
    public DemoConsole(TextWriter output, bool live)
    {
        ArgumentNullException.ThrowIfNull(output);
        _output = output;
        IsLive = live;
        _console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = live ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = live ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(output),
            Interactive = live ? InteractionSupport.Yes : InteractionSupport.No,
        });
        _console.Profile.Width = live ? Math.Max(100, _console.Profile.Width) : 140;
    }

    /// <summary>Whether the story is told on a live board rather than in tables printed one after the other.</summary>
    public bool IsLive { get; }

    /// <summary>The members as the chain lists them, with how each joined and where its node answers.</summary>
    public void Members(IReadOnlyList<OperatorSection> operators, ChainAddress coordinator, string joinedByVote)
    {
        ArgumentNullException.ThrowIfNull(operators);
        lock (_lock)
        {
            _coordinator = coordinator;
            _rows.Clear();
            _rows.AddRange(operators.Select(op => new Row(op.Name, op.Address, op.Name == joinedByVote, op.Endpoint) { Stake = op.Stake, Balance = op.TokenBalanceBefore }));
        }

        var table = new Table().Title("Members (read from the chain)").AddColumns("member", "address", "joined", "node (mutual TLS)", "stake");
        table.AddRow("coordinator", Short(coordinator), "founder", "calls the others", "-");
        foreach (var op in operators)
        {
            table.AddRow(Markup.Escape(op.Name), Short(op.Address), op.Name == joinedByVote ? "[green]admitted by vote[/]" : "founder", Markup.Escape(op.Endpoint), TokenAmount.Format(op.Stake));
        }

        _console.Write(table);
    }

    /// <summary>
    /// Runs <paramref name="body"/> with the writer its progress lines go to: on a live board, the board (redrawn at each
    /// line and each round); otherwise the output itself.
    /// </summary>
    public async Task<T> TellAsync<T>(Func<TextWriter, Task<T>> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (!IsLive)
        {
            return await body(_output).ConfigureAwait(false);
        }

        var result = default(T)!;
        await _console.Live(Board()).AutoClear(false).Overflow(VerticalOverflow.Ellipsis).StartAsync(async context =>
        {
            using var writer = new BoardWriter(this, () => context.UpdateTarget(Board()));
            result = await body(writer).ConfigureAwait(false);
            context.UpdateTarget(Board());
        }).ConfigureAwait(false);
        return result;
    }

    /// <summary>What the consortium is doing now, shown above the board.</summary>
    public void Phase(string phase)
    {
        lock (_lock)
        {
            _phase = phase;
        }

        if (!IsLive)
        {
            _output.WriteLine();
            _output.WriteLine(phase);
        }
    }

    /// <summary>One round's scores and rewards, and every member's stake and balance after it, read from the chain.</summary>
    public async Task RoundAsync(RoundSection round, IReadOnlyList<OperatorSection> operators, ConsortiumLedger ledger)
    {
        ArgumentNullException.ThrowIfNull(round);
        ArgumentNullException.ThrowIfNull(operators);
        ArgumentNullException.ThrowIfNull(ledger);
        var chain = new List<(ChainAddress Address, BigInteger Stake, BigInteger Balance)>(operators.Count);
        foreach (var op in operators)
        {
            var member = await ledger.Registry.GetMemberAsync(op.Address).ConfigureAwait(false);
            chain.Add((op.Address, member.Stake, await ledger.Token.BalanceOfAsync(op.Address).ConfigureAwait(false)));
        }

        Round(round, operators, chain);
    }

    /// <summary>One round's scores and rewards, with every member's stake and balance after it as read from the chain.</summary>
    public void Round(RoundSection round, IReadOnlyList<OperatorSection> operators, IReadOnlyList<(ChainAddress Address, BigInteger Stake, BigInteger Balance)> chain)
    {
        ArgumentNullException.ThrowIfNull(round);
        ArgumentNullException.ThrowIfNull(operators);
        ArgumentNullException.ThrowIfNull(chain);
        lock (_lock)
        {
            _rounds.Add(round.Round);
            _phase = string.Create(
                CultureInfo.InvariantCulture, $"Round {round.Round} finalized: validation RMSE {round.Validation.FederatedRmse:F2} kW (seasonal naive {round.Validation.SeasonalNaiveRmse:F2})");
            foreach (var (address, stake, balance) in chain)
            {
                if (_rows.Find(r => r.Address == address) is not { } row)
                {
                    continue;
                }

                row.Scores.Add(round.Scores.TryGetValue(address, out var score) ? score : null);
                row.Rewards += round.Rewards.TryGetValue(address, out var reward) ? reward : BigInteger.Zero;
                row.Stake = stake;
                row.Balance = balance;
            }
        }

        if (IsLive)
        {
            return;
        }

        var table = new Table()
            .Title(string.Create(CultureInfo.InvariantCulture, $"Round {round.Round}: validation RMSE {round.Validation.FederatedRmse:F2} kW (seasonal naive {round.Validation.SeasonalNaiveRmse:F2})"))
            .AddColumns("member", "score", "reward", "stake", "balance");
        foreach (var op in operators)
        {
            var score = round.Scores.TryGetValue(op.Address, out var s) ? s.ToString("F4", CultureInfo.InvariantCulture) : "-";
            var reward = round.Rewards.TryGetValue(op.Address, out var r) ? TokenAmount.Format(r) : "-";
            var (_, stake, balance) = chain.First(c => c.Address == op.Address);
            table.AddRow(Markup.Escape(op.Name), score, reward, TokenAmount.Format(stake), TokenAmount.Format(balance));
        }

        _console.Write(table);
    }

    /// <summary>The board as it stands: the phase, the members with a score column per round, and the latest progress lines.</summary>
    public IRenderable Board()
    {
        lock (_lock)
        {
            var table = new Table().Title(Markup.Escape(_phase)).AddColumns("member", "address", "joined");
            foreach (var round in _rounds)
            {
                table.AddColumn(new TableColumn(string.Create(CultureInfo.InvariantCulture, $"score r{round}")).RightAligned());
            }

            table.AddColumn(new TableColumn("rewards").RightAligned());
            table.AddColumn(new TableColumn("stake").RightAligned());
            table.AddColumn(new TableColumn("balance").RightAligned());
            table.AddRow(["coordinator", Short(_coordinator), "founder", .. _rounds.Select(_ => "-"), "-", "-", "-"]);
            foreach (var row in _rows)
            {
                table.AddRow(
                [
                    Markup.Escape(row.Name),
                    Short(row.Address),
                    row.AdmittedByVote ? "[green]by vote[/]" : "founder",
                    .. row.Scores.Select(Score),
                    TokenAmount.Format(row.Rewards),
                    TokenAmount.Format(row.Stake),
                    TokenAmount.Format(row.Balance),
                ]);
            }

            var lines = _progress.Count == 0 ? "…" : string.Join('\n', _progress.Select(Markup.Escape));
            return new Rows(table, new Panel(new Markup($"[grey]{lines}[/]")).Header("coordinator").Expand());
        }
    }

    private void Progress(string line)
    {
        lock (_lock)
        {
            _progress.Enqueue(line);
            while (_progress.Count > ProgressLines)
            {
                _progress.Dequeue();
            }
        }
    }

    private static string Score(double? score) => score switch
    {
        null => "-",
        < 0 => string.Create(CultureInfo.InvariantCulture, $"[red]{score:F4}[/]"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{score:F4}"),
    };

    private static string Short(ChainAddress address) => address.ToString()[..10] + "…";

    /// <summary>A member's line on the board.</summary>
    private sealed record Row(string Name, ChainAddress Address, bool AdmittedByVote, string Endpoint)
    {
        public List<double?> Scores { get; } = [];

        public BigInteger Rewards { get; set; }

        public BigInteger Stake { get; set; }

        public BigInteger Balance { get; set; }
    }

    /// <summary>Progress lines into the board, which is redrawn at each one.</summary>
    private sealed class BoardWriter(DemoConsole console, Action redraw) : TextWriter
    {
        private readonly StringBuilder _line = new();

        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value)
        {
            lock (_line)
            {
                if (value == '\n')
                {
                    Flush(_line.ToString().TrimEnd('\r'));
                    _line.Clear();
                }
                else
                {
                    _line.Append(value);
                }
            }
        }

        public override void Write(string? value)
        {
            foreach (var c in value ?? string.Empty)
            {
                Write(c);
            }
        }

        public override void WriteLine(string? value) => Write((value ?? string.Empty) + "\n");

        private void Flush(string line)
        {
            if (line.Length == 0)
            {
                return;
            }

            console.Progress(line);
            redraw();
        }
    }
}
