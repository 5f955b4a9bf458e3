using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Consortium.Contracts;
using Consortium.Contracts.Ledger;
using Consortium.Dashboard.Audit;
using Consortium.Node.Audit;
using Consortium.Node.Reporting;
using Consortium.Node.Store;
using LiteDB;
using DashboardRoundStatus = Consortium.Dashboard.Audit.RoundStatus;

namespace Consortium.Node.Tests.Audit;

/// <summary>Reads a real anvil's ledger through <see cref="ChainAuditSource"/> and checks it against stores and reports.</summary>
[Collection(AuditedConsortiumCollection.Name)]
public sealed class ChainAuditSourceTests(AuditedConsortium consortium)
{
    [Fact]
    public async Task MembersAreListedByNameInRegistrationOrderWithTheirRewardBalances()
    {
        var snapshot = await ReadAsync();

        Assert.Collection(
            snapshot.Members,
            coordinator =>
            {
                Assert.Equal("coordinator", coordinator.Name);
                Assert.Equal(consortium.Chain.DevAccounts[0].Address.ToString(), coordinator.Address);
                Assert.Equal(0, coordinator.TokenBalance);
            },
            dundee =>
            {
                Assert.Equal(AuditedConsortium.DundeeName, dundee.Name);
                Assert.Equal(consortium.Dundee.Address.ToString(), dundee.Address);
                Assert.Equal(AuditedConsortium.DundeeReward, dundee.TokenBalance);
                Assert.True(dundee.Registered);
            },
            fife =>
            {
                Assert.Equal(AuditedConsortium.FifeName, fife.Name);
                Assert.Equal(consortium.Fife.Address.ToString(), fife.Address);
                Assert.Equal(AuditedConsortium.FifeReward, fife.TokenBalance);
                Assert.True(fife.Registered);
            });
    }

    [Fact]
    public async Task AFinalizedRoundShowsTheHashesCommitsScoresAndRewardsRecordedOnChain()
    {
        var round = (await ReadAsync()).Rounds[0];

        Assert.Equal(1UL, round.RoundId);
        Assert.Equal(DashboardRoundStatus.Finalized, round.Status);
        Assert.Equal(Keccak.Hash(consortium.InitialModel).ToString(), round.OpenedModelHash);
        Assert.Equal(Keccak.Hash(consortium.AggregatedModel).ToString(), round.FinalizedModelHash);
        Assert.Equal(consortium.Finalization.TxHash.ToString(), round.FinalizeTxHash);
        Assert.Equal(
            [
                new CommitView(consortium.Dundee.Address.ToString(), Keccak.Hash(consortium.DundeeUpdate).ToString(), consortium.DundeeCommit.TxHash.ToString(), consortium.DundeeCommit.BlockNumber),
                new CommitView(consortium.Fife.Address.ToString(), Keccak.Hash(consortium.FifeUpdate).ToString(), consortium.FifeCommit.TxHash.ToString(), consortium.FifeCommit.BlockNumber),
            ],
            round.Commits);
        Assert.Equal(
            [
                new ScoreView(consortium.Dundee.Address.ToString(), AuditedConsortium.DundeeScore, AuditedConsortium.DundeeReward),
                new ScoreView(consortium.Fife.Address.ToString(), AuditedConsortium.FifeScore, AuditedConsortium.FifeReward),
            ],
            round.Scores);
    }

    [Fact]
    public async Task AnOpenRoundShowsItsCommitAndNoFinalization()
    {
        var snapshot = await ReadAsync();

        var round = Assert.Single(snapshot.Rounds, r => r.RoundId == 2);
        Assert.Equal(2, snapshot.Rounds.Count);
        Assert.Equal(DashboardRoundStatus.Open, round.Status);
        Assert.Equal(Keccak.Hash(consortium.AggregatedModel).ToString(), round.OpenedModelHash);
        Assert.Null(round.FinalizedModelHash);
        Assert.Null(round.FinalizeTxHash);
        Assert.Empty(round.Scores);
        var commit = Assert.Single(round.Commits);
        Assert.Equal(consortium.DundeeSecondCommit.TxHash.ToString(), commit.TxHash);
        Assert.Equal(Keccak.Hash(consortium.DundeeSecondUpdate).ToString(), commit.UpdateHash);
    }

    [Fact]
    public async Task TheChainSectionNamesTheEndpointTheContractsAndALatestBlockPastEveryRecordedTransaction()
    {
        var chain = (await ReadAsync()).Chain;

        Assert.Equal(consortium.Chain.RpcUrl, chain.RpcUrl);
        Assert.Equal((ulong)consortium.Chain.ChainId, chain.ChainId);
        Assert.Equal(consortium.Addresses.Registry.ToString(), chain.RegistryAddress);
        Assert.Equal(consortium.Addresses.Rounds.ToString(), chain.RoundsAddress);
        Assert.Equal(consortium.Addresses.Token.ToString(), chain.TokenAddress);
        Assert.True(chain.LatestBlock >= consortium.DundeeSecondCommit.BlockNumber);
    }

    [Fact]
    public async Task WithoutAStoreOrAReportNoRoundIsCheckedAndNoErrorsAreShown()
    {
        var snapshot = await ReadAsync();

        Assert.All(snapshot.Rounds, round =>
        {
            Assert.Null(round.ArtifactsMatch);
            Assert.Null(round.FederatedRmse);
            Assert.Null(round.SeasonalNaiveRmse);
            Assert.Null(round.GasUsed);
        });
    }

    [Fact]
    public async Task ArtifactsMatchWhenTheCoordinatorStoreHoldsTheModelsTheChainNames()
    {
        using var directory = new TemporaryDirectory();
        using (var store = new NodeStore(directory.CoordinatorStore))
        {
            store.PutArtifact(ArtifactKind.GlobalModel, 1, consortium.InitialModel);
            store.PutArtifact(ArtifactKind.Update, 1, consortium.DundeeUpdate);
            store.PutArtifact(ArtifactKind.GlobalModel, 2, consortium.AggregatedModel);
        }

        var snapshot = await ReadAsync(storePath: directory.CoordinatorStore);

        Assert.Equal([true, true], snapshot.Rounds.Select(round => round.ArtifactsMatch));
    }

    [Fact]
    public async Task AStoreTheCoordinatorStillHasOpenForWritingIsAuditedAsItStands()
    {
        using var directory = new TemporaryDirectory();
        using var store = new NodeStore(directory.CoordinatorStore);
        store.PutArtifact(ArtifactKind.GlobalModel, 1, consortium.InitialModel);
        store.PutArtifact(ArtifactKind.GlobalModel, 2, consortium.AggregatedModel);

        var snapshot = await ReadAsync(storePath: directory.CoordinatorStore);

        Assert.Equal([true, true], snapshot.Rounds.Select(round => round.ArtifactsMatch));
    }

    [Fact]
    public async Task ArtifactsMismatchWhenTheBytesStoredUnderTheAggregatedModelsHashAreOtherBytes()
    {
        using var directory = new TemporaryDirectory();
        using (var store = new NodeStore(directory.CoordinatorStore))
        {
            store.PutArtifact(ArtifactKind.GlobalModel, 1, consortium.InitialModel);
        }

        var tampered = consortium.AggregatedModel.ToArray();
        tampered[100] ^= 0x01;
        StoreUnderHash(directory.CoordinatorStore, Keccak.Hash(consortium.AggregatedModel), tampered);

        var snapshot = await ReadAsync(storePath: directory.CoordinatorStore);

        // Round 1 was finalized with that model and round 2 opened on it: neither reproduces.
        Assert.Equal([false, false], snapshot.Rounds.Select(round => round.ArtifactsMatch));
    }

    [Fact]
    public async Task ArtifactsMismatchWhenTheBytesStoredUnderACommittedUpdatesHashAreOtherBytes()
    {
        using var directory = new TemporaryDirectory();
        using (var store = new NodeStore(directory.CoordinatorStore))
        {
            store.PutArtifact(ArtifactKind.GlobalModel, 1, consortium.InitialModel);
            store.PutArtifact(ArtifactKind.GlobalModel, 2, consortium.AggregatedModel);
        }

        StoreUnderHash(directory.CoordinatorStore, Keccak.Hash(consortium.FifeUpdate), consortium.DundeeUpdate);

        var snapshot = await ReadAsync(storePath: directory.CoordinatorStore);

        Assert.Equal([false, true], snapshot.Rounds.Select(round => round.ArtifactsMatch));
    }

    [Fact]
    public async Task ARoundIsLeftUncheckedWhenTheStoreLacksOneOfItsModels()
    {
        using var directory = new TemporaryDirectory();
        using (var store = new NodeStore(directory.CoordinatorStore))
        {
            store.PutArtifact(ArtifactKind.GlobalModel, 1, consortium.InitialModel);
        }

        var snapshot = await ReadAsync(storePath: directory.CoordinatorStore);

        Assert.Equal([null, null], snapshot.Rounds.Select(round => round.ArtifactsMatch));
    }

    [Fact]
    public async Task AStorePathWithNoFileBehindItChecksNothingAndCreatesNothing()
    {
        using var directory = new TemporaryDirectory();

        var snapshot = await ReadAsync(storePath: directory.CoordinatorStore);

        Assert.All(snapshot.Rounds, round => Assert.Null(round.ArtifactsMatch));
        Assert.False(Directory.Exists(Path.GetDirectoryName(directory.CoordinatorStore)));
    }

    [Fact]
    public async Task TheReportsValidationErrorsAreShownForTheRoundsItCovers()
    {
        var snapshot = await ReadAsync(report: AgreeingReport());

        Assert.Equal(12.5, snapshot.Rounds[0].FederatedRmse);
        Assert.Equal(15.25, snapshot.Rounds[0].SeasonalNaiveRmse);
        Assert.Null(snapshot.Rounds[1].FederatedRmse);
    }

    [Fact]
    public async Task AReportThatAgreesWithTheChainAndAStoreThatReproducesItMatch()
    {
        using var directory = new TemporaryDirectory();
        using (var store = new NodeStore(directory.CoordinatorStore))
        {
            store.PutArtifact(ArtifactKind.GlobalModel, 1, consortium.InitialModel);
            store.PutArtifact(ArtifactKind.GlobalModel, 2, consortium.AggregatedModel);
        }

        var snapshot = await ReadAsync(storePath: directory.CoordinatorStore, report: AgreeingReport());

        Assert.Equal([true, true], snapshot.Rounds.Select(round => round.ArtifactsMatch));
    }

    [Fact]
    public async Task AReportNamingAnotherAggregatedModelThanTheChainMarksTheRoundAsMismatched()
    {
        var report = AgreeingReport();
        report.Rounds[0].GlobalModelHash = Keccak.Hash(consortium.DundeeUpdate);

        var snapshot = await ReadAsync(report: report);

        Assert.Equal([false, null], snapshot.Rounds.Select(round => round.ArtifactsMatch));
    }

    [Fact]
    public async Task AReportNamingAnotherRewardThanTheChainMarksTheRoundAsMismatched()
    {
        var report = AgreeingReport();
        report.Rounds[0].Rewards[consortium.Fife.Address] = AuditedConsortium.FifeReward + 1;

        var snapshot = await ReadAsync(report: report);

        Assert.False(snapshot.Rounds[0].ArtifactsMatch);
    }

    [Fact]
    public async Task AReportWhoseScoreTableDoesNotRebuildTheRewardRootOnChainMarksTheRoundAsMismatched()
    {
        // An extra leaf nobody claimed: no claim contradicts it, only the finalized root does.
        var report = AgreeingReport();
        var stranger = consortium.Chain.DevAccounts[7].Address;
        report.Rounds[0].Scores[stranger] = 0.25;
        report.Rounds[0].Rewards[stranger] = 1000;

        var snapshot = await ReadAsync(report: report);

        Assert.False(snapshot.Rounds[0].ArtifactsMatch);
    }

    [Fact]
    public async Task AChainThatNeverAnswersFailsTheSnapshotWithinTheReadTimeout()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var rpcUrl = $"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}";
        var source = new ChainAuditSource(new ChainAuditOptions(rpcUrl, consortium.Addresses) { ReadTimeout = TimeSpan.FromMilliseconds(500) });
        var clock = Stopwatch.StartNew();

        var failure = await Assert.ThrowsAsync<TimeoutException>(() => source.GetSnapshotAsync(CancellationToken.None));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"The snapshot failed only after {clock.Elapsed}.");
        Assert.Contains(rpcUrl, failure.Message);
    }

    [Fact]
    public async Task AddressesWithoutTheConsortiumsContractsFailTheSnapshotSayingSo()
    {
        var accounts = consortium.Chain.DevAccounts;
        var wrong = new ConsortiumAddresses(accounts[5].Address, accounts[6].Address, accounts[7].Address, accounts[8].Address);
        var source = new ChainAuditSource(new ChainAuditOptions(consortium.Chain.RpcUrl, wrong));

        var failure = await Assert.ThrowsAsync<LedgerException>(() => source.GetSnapshotAsync(CancellationToken.None));

        Assert.Contains("no consortium contracts", failure.Message);
    }

    private Task<AuditSnapshot> ReadAsync(string? storePath = null, DemoReport? report = null) =>
        new ChainAuditSource(new ChainAuditOptions(consortium.Chain.RpcUrl, consortium.Addresses) { CoordinatorStorePath = storePath, Report = report })
            .GetSnapshotAsync(CancellationToken.None);

    /// <summary>What the coordinator of these rounds would have reported for round 1.</summary>
    private DemoReport AgreeingReport()
    {
        var dundee = consortium.Dundee.Address;
        var fife = consortium.Fife.Address;
        var round = new RoundSection
        {
            Round = 1,
            OpenedModelHash = Keccak.Hash(consortium.InitialModel),
            GlobalModelHash = Keccak.Hash(consortium.AggregatedModel),
            UpdateHashes = { [dundee] = Keccak.Hash(consortium.DundeeUpdate), [fife] = Keccak.Hash(consortium.FifeUpdate) },
            Scores = { [dundee] = AuditedConsortium.DundeeScore, [fife] = AuditedConsortium.FifeScore },
            Rewards =
            {
                [dundee] = AuditedConsortium.DundeeReward,
                [fife] = AuditedConsortium.FifeReward,
            },
            Validation = new ValidationSection { FederatedRmse = 12.5, SeasonalNaiveRmse = 15.25 },
        };
        return new DemoReport { Rounds = [round] };
    }

    /// <summary>Writes <paramref name="bytes"/> under <paramref name="hash"/> whatever they hash to, as a tampered store would hold them.</summary>
    private static void StoreUnderHash(string storePath, Hash32 hash, byte[] bytes)
    {
        using var db = new LiteDatabase(new ConnectionString { Filename = storePath, Connection = ConnectionType.Direct }, NodeStore.Mapper);
        db.GetCollection<ArtifactDocument>("artifacts").Upsert(new ArtifactDocument { Id = hash, Kind = ArtifactKind.GlobalModel, Round = 2, Bytes = bytes });
    }
}
