using System.Numerics;
using Consortium.Contracts.Chain;
using Consortium.Contracts.Ledger;
using Consortium.Node.Home;
using Consortium.Node.Tests.Audit;

namespace Consortium.Node.Tests.Cli;

/// <summary>
/// A newcomer funded by a founder's treasury (<c>consortium transfer</c>) applies with <c>consortium join</c> and the
/// founders decide with <c>consortium vote</c>, all on a chain the test started, each step signed by the node's own key.
/// </summary>
public sealed class JoinAndVoteVerbTests : IAsyncLifetime
{
    private readonly TemporaryDirectory _directory = new();
    private readonly TestParties _parties;
    private AnvilChain _chain = null!;
    private TestParty _coordinator = null!;
    private TestParty _dundee = null!;
    private string _descriptorPath = null!;

    public JoinAndVoteVerbTests() => _parties = new TestParties(_directory.Path);

    public async Task InitializeAsync()
    {
        _chain = await AnvilChain.StartAsync();
        _coordinator = await InitAsync("coordinator", "coordinator");
        _dundee = await InitAsync("operator", "dundee-a");
        await FundEtherAsync(_coordinator.Card.Address);
        await FundEtherAsync(_dundee.Card.Address);
        _descriptorPath = Path.Combine(_directory.Path, "consortium.json");
        var deploy = await CliRun.RunAsync(
            "deploy", "--home", _coordinator.Home, "--rpc", _chain.RpcUrl, "--founders", $"{_coordinator.CardPath},{_dundee.CardPath}",
            "--out", _descriptorPath, "--treasury", "1000", "--min-stake", "100", "--password-file", PasswordFile);
        Assert.True(deploy.ExitCode == 0, deploy.Error);
    }

    public async Task DisposeAsync()
    {
        await _chain.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task ANewcomerFundedByTheTreasuryJoinsWithItsContactAndIsAdmittedByTheFoundersVotes()
    {
        var fife = await InitAsync("operator", "fife-a", "--advertise", "fife.example:7701");

        var transfer = await RunAsync("transfer", "--home", _coordinator.Home, "--consortium", _descriptorPath, "--to", fife.Card.Address.ToString(), "--tokens", "150", "--ether", "1");
        var join = await RunAsync("join", "--home", fife.Home, "--consortium", _descriptorPath, "--stake", "150");
        var again = await RunAsync("join", "--home", fife.Home, "--consortium", _descriptorPath, "--stake", "150");
        var first = await RunAsync("vote", "--home", _coordinator.Home, "--consortium", _descriptorPath, "--applicant", fife.Card.Address.ToString(), "--approve");
        var pendingMembers = await CliRun.RunAsync("members", "--consortium", _descriptorPath);
        var second = await RunAsync("vote", "--home", _dundee.Home, "--consortium", _descriptorPath, "--applicant", fife.Card.Address.ToString(), "--approve");
        var members = await CliRun.RunAsync("members", "--consortium", _descriptorPath);

        Assert.Contains("Sent 150 CRT to", transfer.Output);
        Assert.Contains("Sent 1 ETH to", transfer.Output);
        Assert.Contains("fife-a", join.Output);
        Assert.Contains("applied as operator", join.Output);
        Assert.Contains("2 approvals admit it", join.Output);
        Assert.Contains("already applied", again.Output);
        Assert.Contains("Pending: 1 of 2 approvals", first.Output);
        Assert.Contains($"Its node: fife.example:7701, certificate SHA-256 {fife.Card.TlsFingerprint}", first.Output);
        Assert.DoesNotContain("fife-a", pendingMembers.Output);
        Assert.Contains("Admitted: 2 of 2 approvals", second.Output);
        Assert.Contains("3 members of the consortium", members.Output);
        Assert.Contains($"{fife.Card.Address}  fife-a", members.Output);
        Assert.Contains("fife.example:7701", members.Output);
        var registry = Registry();
        var record = await registry.GetMemberAsync(fife.Card.Address);
        Assert.Equal((MemberRole.Operator, MemberStatus.Active, TokenAmount.FromTokens(150m)), (record.Role, record.Status, record.Stake));
        Assert.Equal(new NodeContact(fife.Card.Address, "fife.example:7701", fife.Card.TlsFingerprint), await registry.GetNodeContactAsync(fife.Card.Address));
    }

    [Fact]
    public async Task ARotatedCertificateIsPublishedAndTheOldOneNoLongerNamesTheMember()
    {
        var before = _dundee.Card.TlsFingerprint;
        var wrong = await CliRun.RunAsync("rotate", "--home", _dundee.Home, "--consortium", _descriptorPath, "--password-file", WriteFile("wrong", "not the password"));
        var unchanged = (await CliRun.RunAsync("card", "--home", _dundee.Home)).Output;

        var rotate = await RunAsync("rotate", "--home", _dundee.Home, "--consortium", _descriptorPath);
        var after = NodeCard.Parse((await CliRun.RunAsync("card", "--home", _dundee.Home)).Output).TlsFingerprint;

        Assert.Equal(1, wrong.ExitCode);
        Assert.Equal(before, NodeCard.Parse(unchanged).TlsFingerprint);
        Assert.NotEqual(before, after);
        Assert.Contains($"certificate {before} replaced by {after}, published on chain", rotate.Output);
        var registry = Registry();
        Assert.Equal(after, (await registry.GetNodeContactAsync(_dundee.Card.Address)).CertificateFingerprint);
        Assert.Equal(_dundee.Card.Address, await registry.GetFingerprintHolderAsync(after));
        Assert.False(File.Exists(Path.Combine(_dundee.Home, "tls.p12.new")));
    }

    [Fact]
    public async Task TheFoundersRejectionDefeatsTheApplicationAndTheStakeGoesBack()
    {
        var fife = await InitAsync("automaker", "fife-motors");
        await RunAsync("transfer", "--home", _coordinator.Home, "--consortium", _descriptorPath, "--to", fife.Card.Address.ToString(), "--tokens", "100", "--ether", "1");
        await RunAsync("join", "--home", fife.Home, "--consortium", _descriptorPath);

        var reject = await RunAsync("vote", "--home", _dundee.Home, "--consortium", _descriptorPath, "--applicant", fife.Card.Address.ToString(), "--reject");
        var late = await CliRun.RunAsync("vote", "--home", _coordinator.Home, "--consortium", _descriptorPath, "--applicant", fife.Card.Address.ToString(), "--approve", "--password-file", PasswordFile);

        Assert.Contains("Defeated: 1 of 2 members rejected it", reject.Output);
        Assert.Equal(1, late.ExitCode);
        Assert.Contains($"{fife.Card.Address} has no pending application in this consortium", late.Error);
        var ledger = new ConsortiumLedger(ChainConnection.ReadOnly(_chain.RpcUrl), Descriptor().Contracts);
        Assert.Equal(TokenAmount.FromTokens(100m), await ledger.Token.BalanceOfAsync(fife.Card.Address));
        Assert.False(await ledger.Registry.IsMemberAsync(fife.Card.Address));
    }

    [Fact]
    public async Task JoiningAndVotingAreRefusedWithAReasonBeforeAnyTransaction()
    {
        var broke = await InitAsync("operator", "broke-a");
        var boss = await InitAsync("coordinator", "boss");
        await FundEtherAsync(broke.Card.Address);

        var noTokens = await CliRun.RunAsync("join", "--home", broke.Home, "--consortium", _descriptorPath, "--password-file", PasswordFile);
        var lowStake = await CliRun.RunAsync("join", "--home", broke.Home, "--consortium", _descriptorPath, "--stake", "99", "--password-file", PasswordFile);
        var coordinatorRole = await CliRun.RunAsync("join", "--home", boss.Home, "--consortium", _descriptorPath, "--password-file", PasswordFile);
        var member = await CliRun.RunAsync("join", "--home", _dundee.Home, "--consortium", _descriptorPath, "--password-file", PasswordFile);
        var badStake = await CliRun.RunAsync("join", "--home", broke.Home, "--consortium", _descriptorPath, "--stake", "lots", "--password-file", PasswordFile);
        var bothWays = await CliRun.RunAsync("vote", "--home", _dundee.Home, "--consortium", _descriptorPath, "--applicant", broke.Card.Address.ToString(), "--approve", "--reject", "--password-file", PasswordFile);
        var noApplication = await CliRun.RunAsync("vote", "--home", _dundee.Home, "--consortium", _descriptorPath, "--applicant", broke.Card.Address.ToString(), "--approve", "--password-file", PasswordFile);
        var outsider = await CliRun.RunAsync("vote", "--home", broke.Home, "--consortium", _descriptorPath, "--applicant", _dundee.Card.Address.ToString(), "--approve", "--password-file", PasswordFile);
        var wrongPassword = await CliRun.RunAsync("join", "--home", broke.Home, "--consortium", _descriptorPath, "--password-file", WriteFile("wrong", "not the password"));
        var missing = await CliRun.RunAsync("join", "--home", broke.Home, "--consortium", Path.Combine(_directory.Path, "nowhere.json"), "--password-file", PasswordFile);

        Assert.True(noTokens.ExitCode == 1, noTokens.Error);
        Assert.Contains($"{broke.Card.Address} holds 0 CRT and the application escrows 100 CRT", noTokens.Error);
        Assert.Contains("a stake of 99 CRT is below the consortium's minimum of 100 CRT", lowStake.Error);
        Assert.Contains("a coordinator does not apply", coordinatorRole.Error);
        Assert.Contains($"{_dundee.Card.Address} already is a member of this consortium (active, number 2)", member.Error);
        Assert.Equal(2, badStake.ExitCode);
        Assert.Contains("'lots' is not a positive amount of tokens", badStake.Error);
        Assert.Equal(2, bothWays.ExitCode);
        Assert.Contains("give exactly one of --approve and --reject", bothWays.Error);
        Assert.Contains("has no pending application", noApplication.Error);
        Assert.Contains($"{broke.Card.Address} is not an active member of this consortium, so it has no vote", outsider.Error);
        Assert.Equal(1, wrongPassword.ExitCode);
        Assert.DoesNotContain("not the password", wrongPassword.Error);
        Assert.Contains("nowhere.json does not exist", missing.Error);
        Assert.Null(await Registry().GetPendingApplicationAsync(broke.Card.Address));
    }

    private IMemberRegistry Registry() => new ConsortiumLedger(ChainConnection.ReadOnly(_chain.RpcUrl), Descriptor().Contracts).Registry;

    private ConsortiumDescriptor Descriptor() => ConsortiumDescriptor.Parse(File.ReadAllText(_descriptorPath));

    private async Task<CliRun> RunAsync(params string[] args)
    {
        var run = await CliRun.RunAsync([.. args, "--password-file", PasswordFile]);
        Assert.True(run.ExitCode == 0, $"{string.Join(' ', args)}: {run.Error}");
        return run;
    }

    private Task FundEtherAsync(ChainAddress account) =>
        ChainConnection.WithSigner(_chain.RpcUrl, _chain.DevAccounts[0]).SendEtherAsync(account, 10 * BigInteger.Pow(10, 18));

    private string PasswordFile => _parties.PasswordFile;

    private string WriteFile(string name, string text)
    {
        var path = Path.Combine(_directory.Path, name);
        if (!File.Exists(path))
        {
            File.WriteAllText(path, text);
        }

        return path;
    }

    private Task<TestParty> InitAsync(string role, string name, params string[] options) => _parties.InitAsync(role, name, options);
}
