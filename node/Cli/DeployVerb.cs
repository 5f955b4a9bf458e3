using Consortium.Contracts.Chain;
using Consortium.Node.Home;

namespace Consortium.Node.Cli;

/// <summary><c>consortium deploy</c>: founds a consortium from its founders' cards (<see cref="ConsortiumFounding"/>).</summary>
public static class DeployVerb
{
    /// <summary>The verb, binding its options to <see cref="Arguments"/>.</summary>
    public static Verb<Arguments> Create() => new(
        "deploy",
        "Deploy the consortium's contracts with the founding members named by their cards, paid by this node's key, and write the consortium descriptor (consortium.json) to hand to newcomers.",
        new Arguments(string.Empty, string.Empty, string.Empty, string.Empty, null, new ChainConnectionOptions())
        {
            MinStake = DefaultMinStake,
            ChallengeWindow = DefaultSetup.ChallengeWindow,
            RewardPool = DefaultSetup.RewardPoolPerRound,
        },
        Run)
    {
        { CliOption.RequiredText("--home", "this node's home folder (its key pays for the deployment)", "DIR"), (a, v) => a with { Home = v } },
        { CliOption.Url("--rpc", "the chain's JSON-RPC endpoint", required: true), (a, v) => a with { RpcUrl = v! } },
        { CliOption.RequiredText("--founders", "the founding members' cards, as written by consortium card, separated by commas; exactly one coordinator", "CARD.json[,CARD.json...]"), (a, v) => a with { Founders = v } },
        { CliOption.RequiredText("--out", "where to write the consortium descriptor", "consortium.json"), (a, v) => a with { OutPath = v } },
        { CliOption.Parsed<System.Numerics.BigInteger?>("--min-stake", "consortium tokens every member stakes (minted to each founder) and every applicant escrows at least [default: 100]", null, text => JoinVerb.ParseTokens(text), "N"), (a, v) => a with { MinStake = v ?? DefaultMinStake } },
        { CliOption.Parsed<System.Numerics.BigInteger?>("--treasury", "consortium tokens minted to this node's account to fund the stakes of members who join later (consortium transfer) [default: none]", null, text => JoinVerb.ParseTokens(text), "N"), (a, v) => a with { Treasury = v ?? 0 } },
        { CliOption.Parsed<TimeSpan?>("--challenge-window", "seconds a member accused of a malicious update has to dispute it, and the other members then have to vote on reversing it [default: 172800, two days]", null, ParseSeconds, "SECONDS"), (a, v) => a with { ChallengeWindow = v ?? DefaultSetup.ChallengeWindow } },
        { CliOption.Parsed<System.Numerics.BigInteger?>("--reward-pool", "consortium tokens a round may pay at most, until the members vote another pool (consortium propose --reward-pool) [default: 100]", null, text => JoinVerb.ParseTokens(text), "N"), (a, v) => a with { RewardPool = v ?? DefaultSetup.RewardPoolPerRound } },
        { CliOption.Text("--password-file", $"a file whose first line is the node's password [default: {NodePassword.EnvironmentVariable}]", "FILE"), (a, v) => a with { PasswordFile = v } },
        { ChainOptionGroup.Create(), (a, v) => a with { Chain = v } },
    };

    private static async Task<int> Run(Arguments arguments, TextWriter output, CancellationToken cancellationToken)
    {
        var cards = new List<NodeCard>();
        foreach (var path in arguments.Founders.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!File.Exists(path))
            {
                throw new UsageException($"--founders: the card {path} does not exist");
            }

            try
            {
                cards.Add(NodeCard.Parse(await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false)));
            }
            catch (FormatException e)
            {
                throw new UsageException($"--founders: {path}: {e.Message}");
            }
        }

        IReadOnlyList<Contracts.Ledger.FoundingMember> founders;
        try
        {
            founders = ConsortiumFounding.Founders(cards);
        }
        catch (FormatException e)
        {
            throw new UsageException($"--founders: {e.Message}");
        }

        var home = NodeHome.Open(arguments.Home);
        var account = home.OpenAccount(NodePassword.Read(arguments.PasswordFile));
        output.WriteLine($"Deploying the consortium on {arguments.RpcUrl} from {home.Settings.Name} ({account.Address}) with {founders.Count} founders:");
        foreach (var founder in founders)
        {
            output.WriteLine($"  {founder.Name,-20} {founder.Role.ToString().ToLowerInvariant(),-12} {founder.Account}");
        }

        var setup = new Contracts.Ledger.ConsortiumSetup(founders)
        {
            MinStake = arguments.MinStake,
            TreasuryAllocation = arguments.Treasury,
            ChallengeWindow = arguments.ChallengeWindow,
            RewardPoolPerRound = arguments.RewardPool,
        };
        var descriptor = await ConsortiumFounding.DeployAsync(arguments.RpcUrl, account, arguments.Chain, setup, cancellationToken).ConfigureAwait(false);
        var outPath = Path.GetFullPath(arguments.OutPath);
        Directory.CreateDirectory(Path.GetDirectoryName(outPath)!);
        await File.WriteAllTextAsync(outPath, descriptor.ToJson() + "\n", cancellationToken).ConfigureAwait(false);
        output.WriteLine($"Chain {descriptor.ChainId}, block {descriptor.DeploymentBlock}: registry {descriptor.Contracts.Registry}, rounds {descriptor.Contracts.Rounds}, token {descriptor.Contracts.Token}, dispatch {descriptor.Contracts.Dispatch}");
        if (!arguments.Treasury.IsZero)
        {
            output.WriteLine($"Treasury: {TokenAmount.Format(arguments.Treasury)} minted to {account.Address}; fund newcomers with consortium transfer.");
        }

        output.WriteLine($"Rounds pay at most {TokenAmount.Format(arguments.RewardPool)} each until the members vote another pool; an accused member has {arguments.ChallengeWindow.TotalSeconds:F0} s to dispute.");
        output.WriteLine($"Descriptor written to {outPath}");
        return 0;
    }

    /// <summary>What the verb runs with.</summary>
    /// <param name="Home">This node's home folder.</param>
    /// <param name="RpcUrl">The chain's JSON-RPC endpoint.</param>
    /// <param name="Founders">The founders' card files, comma-separated.</param>
    /// <param name="OutPath">Where the descriptor goes.</param>
    /// <param name="PasswordFile">The password file, or null for the environment.</param>
    /// <param name="Chain">How transactions are signed and priced.</param>
    public sealed record Arguments(string Home, string RpcUrl, string Founders, string OutPath, string? PasswordFile, ChainConnectionOptions Chain)
    {
        /// <summary>The stake of every member, in base units.</summary>
        public System.Numerics.BigInteger MinStake { get; init; }

        /// <summary>Tokens minted to the deploying node's account, in base units.</summary>
        public System.Numerics.BigInteger Treasury { get; init; }

        /// <summary>How long an accused member has to dispute, and the members then to vote.</summary>
        public TimeSpan ChallengeWindow { get; init; }

        /// <summary>The reward pool per round until the members vote another, in base units.</summary>
        public System.Numerics.BigInteger RewardPool { get; init; }
    }

    private static System.Numerics.BigInteger DefaultMinStake => TokenAmount.FromTokens(100m);

    private static Contracts.Ledger.ConsortiumSetup DefaultSetup { get; } = new([]);

    private static TimeSpan? ParseSeconds(string text) =>
        long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds >= 1
            ? TimeSpan.FromSeconds(seconds)
            : throw new FormatException($"'{text}' is not a whole number of seconds of at least 1");
}
