using System.Numerics;
using Consortium.Contracts.Chain;
using Consortium.Contracts.Ledger;
using Consortium.Node.Home;

namespace Consortium.Node.Cli;

/// <summary>
/// <c>consortium propose</c>: this member puts a governance change to the members' vote; today the reward pool per round
/// (<c>--reward-pool N</c>), which the members then approve or reject with <c>consortium vote --proposal ID</c>.
/// </summary>
public static class ProposeVerb
{
    /// <summary>The verb, binding its options to <see cref="Arguments"/>.</summary>
    public static Verb<Arguments> Create() => new(
        "propose",
        "Propose a governance change with this member's key: --reward-pool N sets the most a round opened after its adoption may pay. The members vote on it with consortium vote --proposal ID.",
        new Arguments(string.Empty, string.Empty, null, null, null, new ChainConnectionOptions()),
        Run)
    {
        { CliOption.RequiredText("--home", "this member's home folder", "DIR"), (a, v) => a with { Home = v } },
        { CliOption.RequiredText("--consortium", "the consortium descriptor", "consortium.json"), (a, v) => a with { Consortium = v } },
        { CliOption.Parsed<BigInteger?>("--reward-pool", "consortium tokens a round may pay at most [default: none; the one change to propose today]", null, text => JoinVerb.ParseTokens(text), "N"), (a, v) => a with { RewardPool = v } },
        { CliOption.Url("--rpc", "send through this JSON-RPC endpoint of the same chain [default: the descriptor's]"), (a, v) => a with { RpcUrl = v } },
        { CliOption.Text("--password-file", $"a file whose first line is the node's password [default: {NodePassword.EnvironmentVariable}]", "FILE"), (a, v) => a with { PasswordFile = v } },
        { ChainOptionGroup.Create(), (a, v) => a with { Chain = v } },
    };

    private static async Task<int> Run(Arguments arguments, TextWriter output, CancellationToken cancellationToken)
    {
        if (arguments.RewardPool is not { } pool)
        {
            throw new UsageException("say what to propose: --reward-pool N");
        }

        var home = NodeHome.Open(arguments.Home);
        var (_, account, _, ledger) = await ConsortiumAccess.OpenAsync(home, arguments.Consortium, arguments.PasswordFile, arguments.RpcUrl, arguments.Chain, cancellationToken).ConfigureAwait(false);
        var current = await ledger.Registry.GetRewardPoolPerRoundAsync().ConfigureAwait(false);
        if (current == pool)
        {
            throw new NodeHomeException($"the reward pool per round already is {TokenAmount.Format(pool)}");
        }

        var submission = await ledger.Registry.ProposeRewardPoolAsync(pool, cancellationToken).ConfigureAwait(false);
        var proposal = await ledger.Registry.GetProposalAsync(submission.ProposalId).ConfigureAwait(false);
        output.WriteLine($"{home.Settings.Name} ({account.Address}) proposed a reward pool of {TokenAmount.Format(pool)} per round (now {TokenAmount.Format(current)}): proposal {submission.ProposalId}, in {submission.Transaction.TxHash}.");
        output.WriteLine($"It is adopted at {proposal.RequiredVotes} of {proposal.Electorate} approvals (consortium vote --proposal {submission.ProposalId} --approve); rounds opened after that pay at most the new pool.");
        return 0;
    }

    /// <summary>What the verb runs with.</summary>
    /// <param name="Home">This member's home folder.</param>
    /// <param name="Consortium">The descriptor file.</param>
    /// <param name="RewardPool">The proposed reward pool per round in base units, or null.</param>
    /// <param name="RpcUrl">Another endpoint of the same chain, or null.</param>
    /// <param name="PasswordFile">The password file, or null for the environment.</param>
    /// <param name="Chain">How transactions are signed and priced.</param>
    public sealed record Arguments(string Home, string Consortium, BigInteger? RewardPool, string? RpcUrl, string? PasswordFile, ChainConnectionOptions Chain);
}
