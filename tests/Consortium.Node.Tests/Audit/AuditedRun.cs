using System.Numerics;
using System.Security.Cryptography;
using System.Text.Json;
using Consortium.Contracts.Chain;
using Consortium.Contracts.Ledger;
using Consortium.Data.Loads;
using Consortium.Data.Sessions;
using Consortium.Dispatch;
using Consortium.Dispatch.Fleets;
using Consortium.Fl.Aggregation;
using Consortium.Fl.Contribution;
using Consortium.Fl.Evaluation;
using Consortium.Fl.Forecasting;
using Consortium.Fl.Models;
using Consortium.Fl.Strategies;
using Consortium.Network.Dispatch;
using Consortium.Node.Tests.DispatchEvents;
using Consortium.Node.Home;
using Consortium.Node.GridParty;
using Consortium.Node.Audit;
using Consortium.Node.DispatchEvents;
using Consortium.Node.DispatchEvents.Participant;
using Consortium.Node.DispatchEvents.Runner;
using Consortium.Node.Federation.Member;
using Consortium.Node.Reporting;
using Consortium.Node.Store;

namespace Consortium.Node.Tests.Audit;

/// <summary>
/// A run on a real anvil built directly with the ledger clients, with the report its coordinator would write and the data
/// directory it would leave, every claim of which holds: four founding operators; round 1 trained by dundee and fife on
/// small real models (the aggregate and the Shapley scores computed from the operators' own stores as the consortium's
/// rule does), perth committed but delivered nothing and was excluded and slashed; dispatch event 1 committed, delivered
/// and settled by dundee (rewarded) and fife (penalised), each keeping salt and setpoints in its store, and declined by
/// angus (no dispatchable fleet). After it, the chain
/// also holds what single tests add to a copy of the report: round 2 (angus excluded as malicious, slashed, then topped
/// up its stake), round 3 (angus excluded, the slash never enforced), round 4 (open), and dispatch event 2 (angus
/// committed and delivered, never settled).
/// </summary>
public sealed class AuditedRun : IAsyncLifetime
{
    public const string DundeeName = "dundee";
    public const string FifeName = "fife";
    public const string PerthName = "perth";
    public const string AngusName = "angus";
    public const int Steps = 8;

    private static readonly LoadForecastArchitecture Architecture = new(HiddenSize: 4, Layers: 1, Kind: ForecastModelKind.Mlp);
    private static readonly DateTime FirstHour = new(2024, 1, 1);

    private readonly Dictionary<string, string> _sections = [];
    private static readonly TimeSpan ChallengeWindow = TimeSpan.FromSeconds(30);
    private AnvilChain? _chain;
    private ModelCheckpoint _roundOneModel = null!;
    private string _report = string.Empty;

    public AnvilChain Chain => _chain ?? throw new InvalidOperationException("anvil has not started.");

    /// <summary>The run's data directory: the coordinator's store and the stores of dundee and fife.</summary>
    public string DataDir { get; } = Path.Combine(Path.GetTempPath(), $"consortium-audited-run-{Guid.NewGuid():N}");

    public ConsortiumAddresses Addresses { get; private set; } = null!;

    public ChainAccount Coordinator => Chain.DevAccounts[0];

    public ChainAccount Dundee => Chain.DevAccounts[2];

    public ChainAccount Fife => Chain.DevAccounts[3];

    public ChainAccount Perth => Chain.DevAccounts[4];

    public ChainAccount Angus => Chain.DevAccounts[5];

    public async Task InitializeAsync()
    {
        _chain = await AnvilChain.StartAsync();
        var options = new ChainConnectionOptions { ChainId = Chain.ChainId };
        var coordinatorConnection = ChainConnection.WithSigner(Chain.RpcUrl, Coordinator, options);
        var setup = new ConsortiumSetup(
        [
            new FoundingMember(Coordinator.Address, "coordinator", MemberRole.Coordinator),
            new FoundingMember(Dundee.Address, DundeeName, MemberRole.Operator),
            new FoundingMember(Fife.Address, FifeName, MemberRole.Operator),
            new FoundingMember(Perth.Address, PerthName, MemberRole.Operator),
            new FoundingMember(Angus.Address, AngusName, MemberRole.Operator),
        ])
        {
            TreasuryAllocation = TokenAmount.FromTokens(1000m),
            ChallengeWindow = ChallengeWindow,
        };
        Addresses = await ConsortiumDeployment.DeployAsync(coordinatorConnection, setup);
        var coordinator = new ConsortiumLedger(coordinatorConnection, Addresses);
        ConsortiumLedger As(ChainAccount account) => new(ChainConnection.WithSigner(Chain.RpcUrl, account, options), Addresses);
        await GridPartyGovernance.RegisterAsync([coordinator, As(Dundee), As(Fife), As(Perth), As(Angus)], TestRequests.GridKey.Address, "test grid party");

        var report = new DemoReport
        {
            Chain = new ChainSection
            {
                RpcUrl = Chain.RpcUrl,
                ChainId = Chain.ChainId,
                Coordinator = Coordinator.Address,
                Contracts = new ContractsSection
                {
                    Registry = Addresses.Registry,
                    Rounds = Addresses.Rounds,
                    Token = Addresses.Token,
                    Dispatch = Addresses.Dispatch,
                },
            },
            Settings =
            {
                ["windowStride"] = 24,
                ["strategy"] = "fedavg",
                ["aggregator"] = AggregationRule.Mean.ToString(),
                ["scoring"] = "shapley",
                ["dataDir"] = DataDir,
            },
        };
        foreach (var (name, account, samples) in new[] { (DundeeName, Dundee, 120L), (FifeName, Fife, 80L), (PerthName, Perth, 100L), (AngusName, Angus, 90L) })
        {
            report.Operators.Add(new OperatorSection
            {
                Name = name,
                Address = account.Address,
                TrainSamples = samples,
                TokenBalanceBefore = (await coordinator.Token.BalanceOfAsync(account.Address)),
                Stake = TokenAmount.FromTokens(100m),
            });
        }

        report.Rounds.Add(await RunRoundOneAsync(coordinator, As(Dundee), As(Fife), As(Perth), report));
        report.Dispatch = await RunDispatchAsync(coordinator, [(DundeeName, As(Dundee), 1.0), (FifeName, As(Fife), 0.3)], [(AngusName, As(Angus))], settle: true);
        _sections["dispatch2"] = Json(await RunDispatchAsync(coordinator, [(AngusName, As(Angus), 0.0)], [], settle: false));
        _sections["round2"] = Json(await RunLaterRoundAsync(coordinator, As(Dundee), As(Angus), ExclusionReason.Malicious, enforce: true));
        await coordinator.Token.TransferAsync(Angus.Address, TokenAmount.FromTokens(50m));
        await As(Angus).Registry.TopUpStakeAsync(TokenAmount.FromTokens(50m));
        _sections["round3"] = Json(await RunLaterRoundAsync(coordinator, As(Dundee), As(Angus), ExclusionReason.NotDelivered, enforce: false));
        _sections["round4"] = Json(await OpenRoundFourAsync(coordinator, As(Dundee)));
        _sections["round5"] = Json(await RunAccusedRoundAsync(coordinator, As(Dundee), As(Angus)));

        foreach (var op in report.Operators)
        {
            op.TokenBalanceAfter = (await coordinator.Token.BalanceOfAsync(op.Address));
        }

        _report = Json(report);
    }

    public async Task DisposeAsync()
    {
        if (_chain is not null)
        {
            await _chain.DisposeAsync();
        }

        if (Directory.Exists(DataDir))
        {
            Directory.Delete(DataDir, recursive: true);
        }
    }

    /// <summary>A fresh copy of the report, every claim of which holds.</summary>
    public DemoReport Report() => Parse<DemoReport>(_report);

    /// <summary>Round 2 as its coordinator would report it: angus excluded as malicious, accused and slashed after the challenge window; it topped up its stake after.</summary>
    public RoundSection RoundTwo() => Parse<RoundSection>(_sections["round2"]);

    /// <summary>Round 3 as its coordinator would report it: angus excluded for not delivering, the slash never enforced.</summary>
    public RoundSection RoundThree() => Parse<RoundSection>(_sections["round3"]);

    /// <summary>Round 4 as far as it went: opened, dundee committed, never finalized.</summary>
    public RoundSection RoundFour() => Parse<RoundSection>(_sections["round4"]);

    /// <summary>Round 5 as its coordinator would report it: angus excluded as malicious and accused, its challenge window never settled.</summary>
    public RoundSection RoundFive() => Parse<RoundSection>(_sections["round5"]);

    /// <summary>Dispatch event 2 as its coordinator would report it had it settled: angus allocated nothing and metered nothing.</summary>
    public DispatchSection UnsettledDispatch() => Parse<DispatchSection>(_sections["dispatch2"]);

    /// <summary>A copy of the run's data directory for a test to tamper with.</summary>
    public TemporaryDirectory CopyDataDir()
    {
        var copy = new TemporaryDirectory();
        foreach (var file in Directory.EnumerateFiles(DataDir, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(copy.Path, Path.GetRelativePath(DataDir, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        return copy;
    }

    /// <summary>Audits <paramref name="report"/> against the chain at the addresses it names (and the stores in <paramref name="dataDir"/>).</summary>
    public Task<AuditOutcome> AuditAsync(DemoReport report, string? dataDir = null) =>
        new ReportAudit(new ConsortiumLedger(ChainConnection.ReadOnly(Chain.RpcUrl), DemoReportFile.AddressesOf(report)), report, dataDir, TextWriter.Null)
            .RunAsync(CancellationToken.None);

    /// <summary>Writes <paramref name="report"/> to a file in <paramref name="directory"/> and returns its path.</summary>
    public static string Write(DemoReport report, TemporaryDirectory directory)
    {
        var path = Path.Combine(directory.Path, "report.json");
        File.WriteAllText(path, Json(report));
        return path;
    }

    private async Task<RoundSection> RunRoundOneAsync(
        ConsortiumLedger coordinator, ConsortiumLedger dundee, ConsortiumLedger fife, ConsortiumLedger perth, DemoReport report)
    {
        var splits = new List<ForecastSplit>();
        foreach (var (name, seed) in new[] { (DundeeName, 11), (FifeName, 12) })
        {
            using var store = new NodeStore(Path.Combine(DataDir, name, "node.db"));
            store.SaveImport([new HourlyLoadSeries($"{name}-depot", FirstHour, Load(seed))], new SessionImportReport(), []);
            splits.Add(OperatorSeries.Split(OperatorSeries.Load(store, name), 24));
        }

        var initial = new ModelCheckpoint(Architecture, Architecture.InitialParameters(1));
        var updates = new List<MemberUpdate>
        {
            new(Dundee.Address.ToString(), Perturbed(initial.Parameters, 2), report.Operators[0].TrainSamples),
            new(Fife.Address.ToString(), Perturbed(initial.Parameters, 3), report.Operators[1].TrainSamples),
        };
        var strategy = new StrategyConfiguration().Create();
        var initialHash = Keccak.Hash(initial.ToBytes());
        var (scores, label, evaluations) = await ContributionScoring.ScoreAsync(
            ScoringMethod.Shapley,
            strategy,
            initial.Parameters,
            updates,
            (models, _) => Task.FromResult<IReadOnlyList<double>>([.. models.Select(parameters => PooledMse(parameters, splits))]),
            new ShapleyOptions(),
            initialHash,
            1,
            CancellationToken.None);
        var aggregated = new ModelCheckpoint(Architecture, strategy.Aggregate(initial.Parameters, updates));
        _roundOneModel = aggregated;

        Hash32 aggregatedHash;
        var updateHashes = new List<Hash32>();
        using (var store = new NodeStore(Path.Combine(DataDir, "coordinator", "node.db")))
        {
            store.PutArtifact(ArtifactKind.GlobalModel, 1, initial.ToBytes());
            updateHashes.AddRange(updates.Select(update => store.PutArtifact(ArtifactKind.Update, 1, new ModelCheckpoint(Architecture, update.Parameters).ToBytes())));
            aggregatedHash = store.PutArtifact(ArtifactKind.GlobalModel, 2, aggregated.ToBytes());
        }

        var opening = await coordinator.Rounds.OpenRoundAsync(FederatedTask.LoadForecast, initialHash, DateTimeOffset.UtcNow.AddHours(1), DateTimeOffset.UtcNow.AddHours(2));
        await dundee.Rounds.CommitUpdateAsync(opening.RoundId, updateHashes[0]);
        await fife.Rounds.CommitUpdateAsync(opening.RoundId, updateHashes[1]);
        var perthUpdate = Keccak.Hash(RandomNumberGenerator.GetBytes(64));
        await perth.Rounds.CommitUpdateAsync(opening.RoundId, perthUpdate);

        var rewards = new[] { TokenAmount.FromTokens(60m), TokenAmount.FromTokens(40m) };
        var table = RoundScoreTable.Create(
            opening.RoundId,
            [new MemberScore(Dundee.Address, scores[0], rewards[0]), new MemberScore(Fife.Address, scores[1], rewards[1])],
            [new MemberExclusion(Perth.Address, ExclusionReason.NotDelivered)]);
        await coordinator.Rounds.FinalizeRoundAsync(table, aggregatedHash);
        await coordinator.Rounds.EnforceExclusionsAsync(opening.RoundId, table.Exclusions);
        await coordinator.Rounds.ClaimRewardAsync(table, Dundee.Address);
        await coordinator.Rounds.ClaimRewardAsync(table, Fife.Address);

        var section = new RoundSection
        {
            Round = (long)opening.RoundId,
            OpenedModelHash = initialHash,
            GlobalModelHash = aggregatedHash,
            Excluded = { [Perth.Address] = $"{ExclusionReason.NotDelivered}: committed {perthUpdate} but delivered nothing" },
            Scoring = label,
            ScoringEvaluations = evaluations,
            RewardRoot = table.RewardRoot,
        };
        for (var i = 0; i < updates.Count; i++)
        {
            section.UpdateHashes[ChainAddress.Parse(updates[i].MemberId)] = updateHashes[i];
            section.Scores[ChainAddress.Parse(updates[i].MemberId)] = ContributionScore.ToValue(scores[i]);
            section.Rewards[ChainAddress.Parse(updates[i].MemberId)] = rewards[i];
        }

        // The member that will train round 2 keeps its update in the coordinator's store, as an accepted update would be.
        using (var store = new NodeStore(Path.Combine(DataDir, "coordinator", "node.db")))
        {
            store.PutArtifact(ArtifactKind.Update, 2, RoundTwoUpdate(aggregated).ToBytes());
        }

        return section;
    }

    /// <summary>A round opened on round 1's model: dundee scored (no reward), angus committed and was excluded for <paramref name="reason"/>.</summary>
    private async Task<RoundSection> RunLaterRoundAsync(
        ConsortiumLedger coordinator, ConsortiumLedger dundee, ConsortiumLedger angus, ExclusionReason reason, bool enforce)
    {
        var openedHash = Keccak.Hash(_roundOneModel.ToBytes());
        var update = RoundTwoUpdate(_roundOneModel).ToBytes();
        var opening = await coordinator.Rounds.OpenRoundAsync(FederatedTask.LoadForecast, openedHash, DateTimeOffset.UtcNow.AddHours(1), DateTimeOffset.UtcNow.AddHours(2));
        await dundee.Rounds.CommitUpdateAsync(opening.RoundId, Keccak.Hash(update));
        var angusUpdate = Keccak.Hash(RandomNumberGenerator.GetBytes(64));
        await angus.Rounds.CommitUpdateAsync(opening.RoundId, angusUpdate);
        var table = RoundScoreTable.Create(opening.RoundId, [MemberScore.FromValue(Dundee.Address, 0.25, 0)], [new MemberExclusion(Angus.Address, reason)]);
        var newModel = Keccak.Hash(update);
        await coordinator.Rounds.FinalizeRoundAsync(table, newModel);
        if (enforce)
        {
            await coordinator.Rounds.EnforceExclusionsAsync(opening.RoundId, table.Exclusions);
            if (reason == ExclusionReason.Malicious)
            {
                // A malicious update is slashed through an accusation naming its commitment, after the challenge window.
                var evidence = new AccusationEvidence(angusUpdate, AccusationReasonCodes.NormAboveBound, "norm above bound", Hash32.Zero);
                await coordinator.Rounds.AccuseAsync(opening.RoundId, Angus.Address, evidence, table.Exclusions);
                await Chain.IncreaseTimeAsync(ChallengeWindow + TimeSpan.FromSeconds(1));
                await coordinator.Rounds.SettleAccusationAsync(opening.RoundId, Angus.Address);
            }
        }

        return new RoundSection
        {
            Round = (long)opening.RoundId,
            OpenedModelHash = openedHash,
            GlobalModelHash = newModel,
            UpdateHashes = { [Dundee.Address] = Keccak.Hash(update) },
            Excluded = { [Angus.Address] = $"{reason}: update {angusUpdate}" },
            Scores = { [Dundee.Address] = 0.25 },
            Rewards = { [Dundee.Address] = BigInteger.Zero },
            RewardRoot = table.RewardRoot,
        };
    }

    private async Task<RoundSection> RunAccusedRoundAsync(ConsortiumLedger coordinator, ConsortiumLedger dundee, ConsortiumLedger angus)
    {
        var section = await RunLaterRoundAsync(coordinator, dundee, angus, ExclusionReason.Malicious, enforce: false);
        var roundId = (ulong)section.Round;
        var table = RoundScoreTable.Create(roundId, [], [new MemberExclusion(Angus.Address, ExclusionReason.Malicious)]);
        await coordinator.Rounds.EnforceExclusionsAsync(roundId, table.Exclusions);
        var committed = (await coordinator.Rounds.GetCommitmentAsync(roundId, Angus.Address)).UpdateHash;
        await coordinator.Rounds.AccuseAsync(
            roundId, Angus.Address, new AccusationEvidence(committed, AccusationReasonCodes.NormAboveBound, "norm above bound", Hash32.Zero), table.Exclusions);
        return section;
    }

    private async Task<RoundSection> OpenRoundFourAsync(ConsortiumLedger coordinator, ConsortiumLedger dundee)
    {
        var openedHash = Keccak.Hash(_roundOneModel.ToBytes());
        var opening = await coordinator.Rounds.OpenRoundAsync(FederatedTask.LoadForecast, openedHash, DateTimeOffset.UtcNow.AddHours(1), DateTimeOffset.UtcNow.AddHours(2));
        var update = Keccak.Hash(RandomNumberGenerator.GetBytes(64));
        await dundee.Rounds.CommitUpdateAsync(opening.RoundId, update);
        return new RoundSection
        {
            Round = (long)opening.RoundId,
            OpenedModelHash = openedHash,
            UpdateHashes = { [Dundee.Address] = update },
        };
    }

    /// <summary>
    /// One dispatch event over the grid party's signed request: each operator commits a salted allocation of two vehicles
    /// (kept in its store when it has one), meters <c>share</c> of it, reports the delivery; each decliner declines it on
    /// chain for want of a dispatchable fleet; settled under the request's terms.
    /// </summary>
    private async Task<DispatchSection> RunDispatchAsync(
        ConsortiumLedger coordinator,
        IReadOnlyList<(string Name, ConsortiumLedger Ledger, double Share)> operators,
        IReadOnlyList<(string Name, ConsortiumLedger Ledger)> decliners,
        bool settle)
    {
        var rule = DispatchSettlementRule.Default;
        var signed = TestRequests.Sign(new RequestDomain(31337, coordinator.Addresses.Dispatch), [.. Enumerable.Range(0, Steps).Select(t => 20.0 + t)]);
        var opening = await coordinator.Dispatch.OpenDispatchAsync(
            signed.Request.Terms(), Convert.FromHexString(signed.Signature.AsSpan(2)), DateTimeOffset.UtcNow.AddMinutes(30), DateTimeOffset.UtcNow.AddDays(2));
        var section = new DispatchSection
        {
            EventId = opening.EventId,
            RequestHash = signed.RequestHash,
            RequestId = signed.Request.RequestId,
            GridParty = signed.Signer,
            SignedRequest = signed.ToJson(),
            OperatorCount = operators.Count,
            OperatorsAsked = operators.Count + decliners.Count,
            Intervals = Steps,
            StepMinutes = FleetRequest.StepHours * 60,
            RewardWeiPerKwh = rule.RewardWeiPerKwh,
            PenaltyWeiPerKwh = rule.PenaltyWeiPerKwh,
            RelativeTolerance = rule.RelativeTolerance,
            AbsoluteToleranceKwh = rule.AbsoluteToleranceKwh,
            TargetKw = [.. signed.Request.TargetKw],
        };

        var settlements = new List<DispatchSettlement>();
        foreach (var (name, ledger, share) in operators)
        {
            var setpoints = Setpoints(share == 0 ? 0f : 1f);
            var salt = RandomNumberGenerator.GetBytes(AllocationDigest.SaltLength);
            var allocation = AllocationDigest.Hash(salt, opening.EventId, signed.RequestHash, Steps, 2, setpoints);
            var (allocatedKw, _) = AllocationDigest.SumSteps(setpoints, Steps, 2);
            var meteredKwh = allocatedKw.Select(kw => kw * FleetRequest.StepHours * share).ToArray();
            var delivery = DispatchDigest.Delivery(opening.EventId, signed.RequestHash, meteredKwh);
            var storePath = Path.Combine(DataDir, name, "node.db");
            if (File.Exists(storePath))
            {
                using var store = new NodeStore(storePath);
                store.PutDispatchSetpoints((long)opening.EventId, setpoints);
                store.SaveDispatchEvent(new DispatchEventDocument
                {
                    Id = (long)opening.EventId,
                    RequestHash = signed.RequestHash,
                    HorizonSteps = Steps,
                    VehicleCount = 2,
                    Salt = salt,
                    AllocationHash = allocation,
                    DeliveryHash = delivery,
                    MeteredKwh = meteredKwh,
                });
            }

            await ledger.Dispatch.CommitAllocationAsync(opening.EventId, allocation, (ulong)OperatorDispatchParticipant.AbsoluteWh(allocatedKw, FleetRequest.StepHours));
            await ledger.Dispatch.ReportDeliveryAsync(opening.EventId, delivery, (ulong)OperatorDispatchParticipant.AbsoluteWh(meteredKwh, 1));
            var settlement = rule.Settle(allocatedKw, meteredKwh);
            settlements.Add(new DispatchSettlement(ledger.Account!.Value, settlement.AmountWei));
            section.PerOperator.Add(new DispatchOperatorSection
            {
                Name = name,
                Address = ledger.Account!.Value,
                AllocationHash = allocation,
                DeliveryHash = delivery,
                AllocatedKwh = allocatedKw.Sum() * FleetRequest.StepHours,
                AllocatedKwPerStep = allocatedKw,
                MeteredKwh = meteredKwh.Sum(),
                MeteredKwhPerStep = meteredKwh,
                TrackedKwh = settlement.TrackedKwh,
                ExcessDeviationKwh = settlement.ExcessDeviationKwh,
                RewardWei = settlement.RewardWei,
                PenaltyWei = settlement.PenaltyWei,
                SettlementWei = settlement.AmountWei,
            });
        }

        foreach (var (name, ledger) in decliners)
        {
            const string detail = "no vehicle on a bidirectional charger";
            var declined = await ledger.Dispatch.DeclineDispatchAsync(opening.EventId, DeclineReason.NoDispatchableFleet, detail);
            section.Declined.Add(new DispatchDeclineSection
            {
                Name = name,
                Address = ledger.Account!.Value,
                Reason = DeclineReason.NoDispatchableFleet,
                Detail = detail,
                DeclineTxHash = declined.TxHash,
                DeclineGasUsed = checked((long)declined.GasUsed),
            });
        }

        if (settle)
        {
            await coordinator.Dispatch.SettleDispatchAsync(opening.EventId, settlements);
            var state = await coordinator.Dispatch.GetDispatchAsync(opening.EventId);
            section.TotalRewardsWei = state.TotalRewards;
            section.TotalPenaltiesWei = state.TotalPenalties;
        }

        return section;
    }

    /// <summary>Two vehicles over <see cref="Steps"/> steps, step-major: one charging, one discharging then charging (kW at the grid).</summary>
    private static byte[] Setpoints(float scale)
    {
        var bytes = new byte[4 * 2 * Steps];
        for (var t = 0; t < Steps; t++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteSingleBigEndian(bytes.AsSpan(8 * t), scale * (t < 6 ? 7.2f : 0f));
            System.Buffers.Binary.BinaryPrimitives.WriteSingleBigEndian(bytes.AsSpan((8 * t) + 4), scale * (t is >= 2 and <= 4 ? -3.3f : 11.05f));
        }

        return bytes;
    }

    private static ModelCheckpoint RoundTwoUpdate(ModelCheckpoint aggregated) => new(Architecture, Perturbed(aggregated.Parameters, 5));

    /// <summary>Sixty days of an hourly depot load with a daily shape and seeded noise.</summary>
    private static float[] Load(int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, 60 * 24).Select(h => (float)(40 + (25 * Math.Sin(2 * Math.PI * (h % 24) / 24)) + (5 * random.NextDouble())))];
    }

    private static float[] Perturbed(float[] parameters, int seed)
    {
        var random = new Random(seed);
        return [.. parameters.Select(p => p + (float)((random.NextDouble() - 0.5) * 0.02))];
    }

    private static double PooledMse(float[] parameters, List<ForecastSplit> splits)
    {
        var model = new ModelCheckpoint(Architecture, parameters);
        var pooled = ForecastErrors.Empty;
        foreach (var split in splits)
        {
            pooled += ForecastEvaluator.Evaluate(model, split.Validation);
        }

        return pooled.SumSquaredErrorKw2 / pooled.Count;
    }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, ReportJson.Options);

    private static T Parse<T>(string json) => JsonSerializer.Deserialize<T>(json, ReportJson.Options)!;
}
