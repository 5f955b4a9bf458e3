using System.Numerics;
using Consortium.Contracts.Chain;
using Consortium.Contracts.Ledger;
using Consortium.Fl.Models;
using Consortium.Fl.Strategies;
using Consortium.Network.Federation;
using Consortium.Node.Federation.Coordinator;
using Consortium.Node.Hosting;
using Consortium.Node.Import;
using Consortium.Node.Store;
using Consortium.Node.Tests.Hosting;

namespace Consortium.Node.Tests.Federation.Coordinator;

/// <summary>
/// Two operator nodes as their own OS processes (<c>consortium run</c>, over mutual TLS) on a real chain; one is killed
/// between rounds. The coordinator finds it
/// gone, excludes it from that round (it committed nothing: no slash) and leaves it out of the rounds after, which still
/// complete with the node that remains.
/// </summary>
public sealed class DepartedMemberTests : IAsyncLifetime
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "consortium-departed-" + Guid.NewGuid().ToString("N"));
    private readonly List<ChildNodeProcess> _processes = [];
    private readonly List<RemoteMember> _members = [];
    private AnvilChain _chain = null!;
    private ImportedConsortium _consortium = null!;
    private ConsortiumLedger _ledger = null!;

    public async Task InitializeAsync()
    {
        _chain = await AnvilChain.StartAsync();
        _consortium = await ImportedConsortium.DeployAsync(_chain, _dataDir, 2);
        _ledger = _consortium.Ledger;
        for (var i = 0; i < _consortium.Plans.Count; i++)
        {
            _processes.Add(_consortium.StartMember(i, TextWriter.Null));
        }

        foreach (var process in _processes)
        {
            await process.Listening.WaitAsync(TimeSpan.FromMinutes(2));
        }

        _members.AddRange(await _consortium.ConnectAsync());
    }

    public async Task DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }

        foreach (var member in _members)
        {
            member.Client.Dispose();
        }

        _consortium.Dispose();
        await _chain.DisposeAsync();
        Directory.Delete(_dataDir, recursive: true);
    }

    [Fact]
    public async Task AMemberWhoseNodeWasKilledIsLeftOutOfLaterRoundsAndTheRoundsStillComplete()
    {
        using var store = new NodeStore(Path.Combine(_dataDir, "coordinator", "node.db"));
        var initial = new ModelCheckpoint(LoadForecastArchitecture.Default, LoadForecastArchitecture.Default.InitialParameters(1));
        var options = new CoordinatorOptions(
            LocalEpochs: 1,
            Seed: 1,
            TrainTimeout: TimeSpan.FromSeconds(60),
            EvaluateTimeout: TimeSpan.FromSeconds(60),
            RoundDeadline: TimeSpan.FromHours(1));
        var coordinator = new RoundCoordinator(_ledger.Rounds, store, _members, initial, options, new FedAvg(), TextWriter.Null);
        var (staying, killed) = (_members[0], _members[1]);

        var first = await coordinator.RunRoundAsync(1, CancellationToken.None);
        Assert.Equal(2, first.Updates.Count);

        await _processes[1].DisposeAsync();
        var discovered = await coordinator.RunRoundAsync(2, CancellationToken.None);
        var later = await coordinator.RunRoundAsync(3, CancellationToken.None);

        var exclusion = Assert.Single(discovered.Exclusions);
        Assert.Equal((killed.Address, ExclusionReason.MissedDeadline), (exclusion.Member, exclusion.Reason));
        Assert.Contains("Unavailable", exclusion.Detail);
        Assert.True(discovered.QuorumReached);
        Assert.Equal([staying.Address], discovered.Updates.Select(u => u.Member));
        Assert.Equal([staying], coordinator.ActiveMembers);

        Assert.Equal([staying.Address], later.Sampled);
        Assert.Empty(later.Exclusions);
        Assert.Equal(later.OpenedModelHash, discovered.GlobalModelHash);
        foreach (var round in new[] { discovered, later })
        {
            var onChain = await _ledger.Rounds.GetRoundAsync(round.RoundId);
            Assert.Equal(RoundStatus.Finalized, onChain.Status);
            Assert.Equal(round.GlobalModelHash, onChain.NewModelHash);
            Assert.True(round.Table.Matches(onChain));
        }

        // Going away before committing is a missed deadline: the stake stays whole.
        Assert.Equal(TokenAmount.FromTokens(100m), (await _ledger.Registry.GetMemberAsync(killed.Address)).Stake);
        Assert.Empty(await _ledger.Registry.GetMemberSlashedEventsAsync(killed.Address));
    }
}
