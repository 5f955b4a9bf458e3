using System.Numerics;
using Consortium.Contracts.Chain;
using Consortium.Contracts.Ledger;
using Consortium.Node.Home;
using Consortium.Node.Tests.Audit;

namespace Consortium.Node.Tests.Cli;

/// <summary>
/// The verbs that keep the coordinator in bounds, on a chain the test started: <c>deploy</c> with the challenge window and
/// the reward pool, <c>propose --reward-pool</c> and <c>vote --proposal</c> to change the pool, and <c>dispute</c> against
/// an accusation, each signed by the node's own key.
/// </summary>
public sealed class GovernanceVerbTests : IAsyncLifetime
{
    private readonly TemporaryDirectory _directory = new();
    private readonly TestParties _parties;
    private AnvilChain _chain = null!;
    private TestParty _coordinator = null!;
    private TestParty _dundee = null!;
    private string _descriptorPath = null!;

    public GovernanceVerbTests() => _parties = new TestParties(_directory.Path);

    public async Task InitializeAsync()
    {
        _chain = await AnvilChain.StartAsync();
        _coordinator = await _parties.InitAsync("coordinator", "coordinator");
        _dundee = await _parties.InitAsync("operator", "dundee-a");
        foreach (var account in new[] { _coordinator.Card.Address, _dundee.Card.Address })
        {
            await ChainConnection.WithSigner(_chain.RpcUrl, _chain.DevAccounts[0]).SendEtherAsync(account, 10 * BigInteger.Pow(10, 18));
        }

        _descriptorPath = Path.Combine(_directory.Path, "consortium.json");
        var deploy = await RunAsync(
            "deploy", "--home", _coordinator.Home, "--rpc", _chain.RpcUrl, "--founders", $"{_coordinator.CardPath},{_dundee.CardPath}",
            "--out", _descriptorPath, "--challenge-window", "600", "--reward-pool", "40");
        Assert.Contains("Rounds pay at most 40 CRT each", deploy.Output);
    }

    public async Task DisposeAsync()
    {
        await _chain.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task DeployTakesTheChallengeWindowAndThePoolAndTheMembersChangeThePoolByProposalAndVote()
    {
        var ledger = Ledger(null);
        Assert.Equal(TimeSpan.FromSeconds(600), await ledger.Rounds.GetChallengeWindowAsync());
        Assert.Equal(TokenAmount.FromTokens(40m), await ledger.Registry.GetRewardPoolPerRoundAsync());

        var propose = await RunAsync("propose", "--home", _dundee.Home, "--consortium", _descriptorPath, "--reward-pool", "60");
        var proposalId = await ledger.Registry.GetLatestProposalIdAsync();
        var first = await RunAsync("vote", "--home", _dundee.Home, "--consortium", _descriptorPath, "--proposal", $"{proposalId}", "--approve");
        var second = await RunAsync("vote", "--home", _coordinator.Home, "--consortium", _descriptorPath, "--proposal", $"{proposalId}", "--approve");
        var unchanged = await CliRun.RunAsync("propose", "--home", _dundee.Home, "--consortium", _descriptorPath, "--reward-pool", "60", "--password-file", _parties.PasswordFile);
        var nothing = await CliRun.RunAsync("propose", "--home", _dundee.Home, "--consortium", _descriptorPath, "--password-file", _parties.PasswordFile);
        var both = await CliRun.RunAsync(
            "vote", "--home", _dundee.Home, "--consortium", _descriptorPath, "--proposal", "1", "--applicant", _coordinator.Card.Address.ToString(), "--approve", "--password-file", _parties.PasswordFile);

        Assert.Contains($"proposed a reward pool of 60 CRT per round (now 40 CRT): proposal {proposalId}", propose.Output);
        Assert.Contains("a reward pool of 60 CRT per round", first.Output);
        Assert.Contains("Pending: 1 of 2 approvals", first.Output);
        Assert.Contains("Carried: 2 of 2 approvals reached", second.Output);
        Assert.Equal(TokenAmount.FromTokens(60m), await ledger.Registry.GetRewardPoolPerRoundAsync());
        Assert.Equal(1, unchanged.ExitCode);
        Assert.Contains("the reward pool per round already is 60 CRT", unchanged.Error);
        Assert.Equal(2, nothing.ExitCode);
        Assert.Contains("say what to propose: --reward-pool N", nothing.Error);
        Assert.Equal(2, both.ExitCode);
        Assert.Contains("give exactly one of --applicant and --proposal", both.Error);
    }

    [Fact]
    public async Task AnAccusedMemberDisputesAndTheCoordinatorCannotVoteOnTheReversal()
    {
        var coordinator = Ledger(_coordinator);
        var dundee = Ledger(_dundee);
        var update = Keccak.Hash("dundee's update"u8);
        var opening = await coordinator.Rounds.OpenRoundAsync(FederatedTask.LoadForecast, Keccak.Hash("model"u8), DateTimeOffset.UtcNow.AddMinutes(30), DateTimeOffset.UtcNow.AddHours(1));
        await dundee.Rounds.CommitUpdateAsync(opening.RoundId, update);
        var table = RoundScoreTable.Create(opening.RoundId, [], [new MemberExclusion(_dundee.Card.Address, ExclusionReason.Malicious)]);
        await coordinator.Rounds.FinalizeRoundAsync(table, Keccak.Hash("model 2"u8));
        var notYet = await CliRun.RunAsync(
            "dispute", "--home", _dundee.Home, "--consortium", _descriptorPath, "--round", $"{opening.RoundId}", "--reason", "nothing to dispute yet", "--password-file", _parties.PasswordFile);
        await coordinator.Rounds.AccuseAsync(
            opening.RoundId, _dundee.Card.Address, new AccusationEvidence(update, AccusationReasonCodes.NormAboveBound, "norm 50 above bound 10", Hash32.Zero), table.Exclusions);

        var tooLong = await CliRun.RunAsync(
            "dispute", "--home", _dundee.Home, "--consortium", _descriptorPath, "--round", $"{opening.RoundId}", "--reason", new string('x', 281), "--password-file", _parties.PasswordFile);
        var dispute = await RunAsync("dispute", "--home", _dundee.Home, "--consortium", _descriptorPath, "--round", $"{opening.RoundId}", "--reason", "the storm week explains my update");
        var accusation = await coordinator.Rounds.GetAccusationAsync(opening.RoundId, _dundee.Card.Address);
        var coordinatorVote = await CliRun.RunAsync(
            "vote", "--home", _coordinator.Home, "--consortium", _descriptorPath, "--proposal", $"{accusation.ReversalProposalId}", "--approve", "--password-file", _parties.PasswordFile);

        Assert.Equal(1, notYet.ExitCode);
        Assert.Contains($"was not accused in round {opening.RoundId}", notYet.Error);
        Assert.Equal(2, tooLong.ExitCode);
        Assert.Contains("the statement is 281 bytes; the ledger takes 1 to 280", tooLong.Error);
        Assert.Contains($"disputed its accusation for round {opening.RoundId} (update {update})", dispute.Output);
        Assert.Contains($"Reversal proposal {accusation.ReversalProposalId}", dispute.Output);
        Assert.Equal(AccusationStatus.Disputed, accusation.Status);
        Assert.Equal(1, coordinatorVote.ExitCode);
        Assert.Contains("MemberRegistry_IneligibleVoter", coordinatorVote.Error);
    }

    private ConsortiumLedger Ledger(TestParty? signer)
    {
        var addresses = ConsortiumDescriptor.Parse(File.ReadAllText(_descriptorPath)).Contracts;
        if (signer is null)
        {
            return new ConsortiumLedger(ChainConnection.ReadOnly(_chain.RpcUrl), addresses);
        }

        var account = NodeHome.Open(signer.Home).OpenAccount(TestParties.Password);
        return new ConsortiumLedger(ChainConnection.WithSigner(_chain.RpcUrl, account), addresses);
    }

    private async Task<CliRun> RunAsync(params string[] args)
    {
        var run = await CliRun.RunAsync([.. args, "--password-file", _parties.PasswordFile]);
        Assert.True(run.ExitCode == 0, $"{string.Join(' ', args)}: {run.Error}");
        return run;
    }
}
