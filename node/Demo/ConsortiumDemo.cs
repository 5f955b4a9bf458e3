using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Consortium.Contracts.Chain;
using Consortium.Contracts.Ledger;
using Consortium.Data.Councils;
using Consortium.Dispatch;
using Consortium.Dispatch.Online;
using Consortium.Fl.Contribution;
using Consortium.Fl.Models;
using Consortium.Fl.Strategies;
using Consortium.Network.Federation;
using Consortium.Node.DispatchEvents;
using Consortium.Node.DispatchEvents.Participant;
using Consortium.Node.DispatchEvents.Runner;
using Consortium.Node.Federation.Coordinator;
using Consortium.Network.Security;
using Consortium.Node.Federation.Member;
using Consortium.Node.GridParty;
using Consortium.Node.Home;
using Consortium.Node.Hosting;
using Consortium.Node.Import;
using Consortium.Node.Reporting;
using Consortium.Node.Store;

namespace Consortium.Node.Demo;

/// <summary>
/// The demo consortium: a chain (anvil started here, or <c>--rpc</c>), the contracts deployed from
/// source, one OS process per operator node serving gRPC on loopback, and a coordinator running
/// federated rounds recorded on chain, then one dispatch event over the operators' fleets, committed, delivered and
/// settled on chain. Every process it starts is stopped when it returns or fails.
/// </summary>
public sealed partial class ConsortiumDemo(DemoOptions options, TextWriter output)
{
    /// <summary>The name the demo's grid party is registered under.</summary>
    public const string DemoGridPartyName = "demo-dso";
    /// <summary>How long a member the demo's coordinator accuses has to dispute before the slash can be taken.</summary>
    private static readonly TimeSpan DemoChallengeWindow = TimeSpan.FromSeconds(20);

    private readonly Dictionary<int, RemoteMember> _dropped = [];
    private int _round;
    private ModelCheckpoint? _batteryModel;
    private Dispatch.Wear.WearPriceBook? _wearPrices;
    private GridPartyDesk? _gridParty;

    /// <summary>Ether sent to each member key so it can pay for its commits.</summary>
    private static readonly BigInteger MemberFundingWei = BigInteger.Pow(10, 18);

    /// <summary>Runs the demo; returns the report, or <see langword="null"/> when a balance check failed.</summary>
    public async Task<DemoReport?> RunAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        Directory.CreateDirectory(options.DataDir);
        output.WriteLine($"Consortium demo: {options.Operators} operators, {options.Rounds} rounds, {options.LocalEpochs} local epochs per round");
        output.WriteLine($"Data directory: {options.DataDir}");

        var plans = CouncilImport.Run(options.DataDir, options.Operators, output);
        var automakerPlans = options.BatteryRounds > 0 ? AutomakerImport.Run(options.DataDir, output) : [];

        await using var chain = options.RpcUrl is null ? await StartChainAsync(cancellationToken).ConfigureAwait(false) : null;
        var rpcUrl = chain?.RpcUrl ?? options.RpcUrl!;
        var funderKey = options.DeployerKey ?? chain?.DevAccounts[0].PrivateKey ?? AnvilDevKeys.First;
        var funder = ChainConnection.WithSigner(rpcUrl, funderKey, options.Chain);
        var chainId = await funder.GetChainIdAsync().ConfigureAwait(false);

        // Every party gets a home folder of its own, as on its own server: the coordinator's, and each operator's around
        // the store the import just filled. The demo's homes share one documented development password.
        var passwordFile = DemoHomes.WritePassword(options.DataDir);
        var coordinatorHome = DemoHomes.OpenOrCreate(Path.Combine(options.DataDir, "coordinator"), "coordinator", NodeRole.Coordinator);
        var operatorHomes = plans.Select(plan => DemoHomes.OpenOrCreate(Path.Combine(options.DataDir, plan.Name), plan.Name, NodeRole.Operator)).ToList();
        var coordinatorAccount = coordinatorHome.OpenAccount(DemoHomes.Password);
        using var coordinatorCertificate = coordinatorHome.OpenCertificate(DemoHomes.Password);
        var operatorCards = operatorHomes.Select(home => home.Card()).ToList();
        var operatorKeys = operatorCards.Select(card => card.Address).ToList();
        var automakerHomes = automakerPlans.Select(plan => DemoHomes.OpenOrCreate(Path.Combine(options.DataDir, plan.Name), plan.Name, NodeRole.Automaker)).ToList();
        var automakerCards = automakerHomes.Select(home => home.Card()).ToList();
        await funder.SendEtherAsync(coordinatorAccount.Address, 10 * MemberFundingWei, cancellationToken).ConfigureAwait(false);
        foreach (var key in operatorKeys.Concat(automakerCards.Select(card => card.Address)))
        {
            await funder.SendEtherAsync(key, MemberFundingWei, cancellationToken).ConfigureAwait(false);
        }

        // The coordinator's node founds the consortium with every operator but the last, which joins by the founders' vote,
        // and with the automakers.
        var founders = ConsortiumFounding.Founders([coordinatorHome.Card(), .. operatorCards[..^1], .. automakerCards]);
        // A short challenge window, so that a member the demo's coordinator accuses (--norm-bound) is slashed before it ends.
        var setup = new ConsortiumSetup(founders) { TreasuryAllocation = 2 * TokenAmount.FromTokens(100m), ChallengeWindow = DemoChallengeWindow };
        output.WriteLine($"Deploying contracts from the coordinator's node {coordinatorAccount.Address} on chain {chainId} ({rpcUrl}) with {founders.Count - 1} founding operators...");
        var descriptor = await ConsortiumFounding.DeployAsync(rpcUrl, coordinatorAccount, options.Chain, setup, cancellationToken).ConfigureAwait(false);
        var descriptorPath = Path.Combine(options.DataDir, "consortium.json");
        await File.WriteAllTextAsync(descriptorPath, descriptor.ToJson() + "\n", cancellationToken).ConfigureAwait(false);
        var addresses = descriptor.Contracts;
        output.WriteLine($"  registry {addresses.Registry}\n  rounds   {addresses.Rounds}\n  token    {addresses.Token}\n  dispatch {addresses.Dispatch}");
        var ledger = new ConsortiumLedger(ChainConnection.WithSigner(rpcUrl, coordinatorAccount, options.Chain), addresses);

        // The coordinator publishes its certificate: the operators' nodes admit only certificates members published.
        await ConsortiumMembership.PrepareToServeAsync(ledger, coordinatorHome.Card(), cancellationToken).ConfigureAwait(false);
        await AdmitByVoteAsync(
            ledger,
            rpcUrl,
            operatorHomes[^1],
            operatorCards[^1],
            [coordinatorAccount, .. operatorHomes[..^1].Select(h => h.OpenAccount(DemoHomes.Password)), .. automakerHomes.Select(h => h.OpenAccount(DemoHomes.Password))],
            cancellationToken).ConfigureAwait(false);

        // The grid party is registered by the members' vote: the dispatch ledger opens events only for requests it signed.
        // Its key stays with the grid party's desk; the coordinator carries what it signs.
        var gridKey = ChainAccount.FromPrivateKey(AnvilDevKeys.GridParty);
        var voters = new List<ConsortiumLedger> { ledger };
        voters.AddRange(operatorHomes.Concat(automakerHomes).Select(h => new ConsortiumLedger(ChainConnection.WithSigner(rpcUrl, h.OpenAccount(DemoHomes.Password), options.Chain), addresses)));
        var registration = await GridPartyGovernance.RegisterAsync(voters, gridKey.Address, DemoGridPartyName, cancellationToken).ConfigureAwait(false);
        output.WriteLine($"  grid party {DemoGridPartyName} ({gridKey.Address}) registered by {registration.Approvals} of {registration.RequiredVotes} approvals (proposal {registration.ProposalId})");
        _gridParty = new GridPartyDesk(
            gridKey, RequestDomain.Of(descriptor), PeakShavingPolicy.Default, DispatchCosts.Default.DeviationPenaltyPerKwh, DispatchSettlementRule.Default)
        {
            Log = output,
        };

        var report = new DemoReport
        {
            Chain = new ChainSection
            {
                RpcUrl = rpcUrl,
                ChainId = chainId,
                Embedded = chain is not null,
                Coordinator = coordinatorAccount.Address,
                Contracts = new ContractsSection { Registry = addresses.Registry, Rounds = addresses.Rounds, Token = addresses.Token, Dispatch = addresses.Dispatch },
            },
            Settings =
            {
                ["operators"] = options.Operators,
                ["rounds"] = options.Rounds,
                ["localEpochs"] = options.LocalEpochs,
                ["seed"] = options.Seed,
                ["windowStride"] = options.WindowStride,
                ["model"] = options.Model.ToString().ToLowerInvariant(),
                ["dpEpsilon"] = options.PrivacyEpsilon?.ToString(CultureInfo.InvariantCulture) ?? "off",
                ["sampleFraction"] = options.SampleFraction,
                ["quorum"] = options.Quorum,
                ["strategy"] = (options.Strategy?.Kind ?? StrategyKind.FedAvg).ToString().ToLowerInvariant(),
                ["aggregator"] = (options.Strategy?.Aggregation ?? Fl.Aggregation.AggregationRule.Mean).ToString(),
                ["scoring"] = options.Scoring == ScoringMethod.LeaveOneOut ? "leave-one-out" : "shapley",
                ["rewardRule"] = options.RewardRule.ToString().ToLowerInvariant(),
                ["rewardFloor"] = options.RewardRule == RewardRule.Served ? options.RewardFloor : "off",
                ["dispatchEvs"] = options.SkipDispatch ? 0 : options.DispatchEvs,
                ["dispatchFleet"] = OperatorFleets.Name(options.DispatchFleet),
                ["dispatchMode"] = options.Intraday ? "intraday" : "day-ahead",
                ["dataDir"] = options.DataDir,
                ["secureAggregation"] = options.SecureAggregation,
                ["clipNorm"] = options.SecureAggregation ? options.ClipNorm : "off",
                ["drop"] = options.Drop,
                ["batteryRounds"] = options.BatteryRounds,
            },
        };

        var processes = new List<ChildNodeProcess>();
        var logs = new List<StreamWriter>();
        try
        {
            await StartNodesAsync([.. operatorHomes, .. automakerHomes], descriptorPath, passwordFile, chainId, processes, logs, cancellationToken).ConfigureAwait(false);
            var (connected, unreachable) = await ChainMembers.ConnectAsync(ledger.Registry, coordinatorCertificate, TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
            if (unreachable.Count > 0)
            {
                throw new InvalidOperationException($"Operator nodes did not answer: {string.Join("; ", unreachable.Select(u => $"{u.Name}: {u.Reason}"))}");
            }

            var members = plans.Select(plan => connected.Single(m => m.Name == plan.Name)).ToList();
            for (var i = 0; i < members.Count; i++)
            {
                var member = members[i];
                if (member.Address != operatorKeys[i])
                {
                    throw new InvalidOperationException($"Node '{member.Name}' answers with address {member.Address}, its home holds the key of {operatorKeys[i]}.");
                }

                var stake = await ledger.Registry.GetMemberAsync(member.Address).ConfigureAwait(false);
                var before = await ledger.Token.BalanceOfAsync(member.Address).ConfigureAwait(false);
                report.Operators.Add(new OperatorSection
                {
                    Name = member.Name,
                    Address = member.Address,
                    Endpoint = member.Client.Endpoint.ToString(),
                    ProcessId = processes[i].ProcessId,
                    Sites = [.. member.Profile.Sites],
                    TrainSamples = member.Profile.TrainSamples,
                    ValidationSamples = member.Profile.ValidationSamples,
                    MeanLoadKw = member.Profile.MeanLoadKw,
                    TokenBalanceBefore = before,
                    Stake = stake.Stake,
                });
                output.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"  member {member.Name,-16} {member.Address} at {member.Client.Endpoint} ({(i == members.Count - 1 ? "admitted by vote" : "founding operator")}), stake {TokenAmount.Format(stake.Stake)}; {member.Profile.TrainSamples} training windows, {member.Profile.Sites.Count} sites, mean load {member.Profile.MeanLoadKw:F1} kW"));
            }

            var automakers = await ConnectAutomakersAsync(ledger, coordinatorCertificate, automakerPlans, automakerCards, processes.Skip(operatorHomes.Count).ToList(), report, cancellationToken).ConfigureAwait(false);
            var story = new DemoConsole(output);
            story.Members(report.Operators, coordinatorAccount.Address, plans[^1].Name);
            using var store = new NodeStore(Path.Combine(options.DataDir, "coordinator", "node.db"));
            var strategy = (options.Strategy ?? new StrategyConfiguration()).Create();
            var architecture = LoadForecastArchitecture.For(options.Model);
            var initial = new ModelCheckpoint(architecture, architecture.InitialParameters((ulong)options.Seed));
            var coordinator = await story.TellAsync(async progress =>
            {
                var coordinator = new RoundCoordinator(
                    ledger.Rounds,
                    store,
                    members,
                    initial,
                    new CoordinatorOptions(
                        options.LocalEpochs,
                        options.Seed,
                        TrainTimeout: options.RoundTimeout ?? TimeSpan.FromMinutes(30),
                        EvaluateTimeout: TimeSpan.FromMinutes(10),
                        RoundDeadline: TimeSpan.FromHours(1),
                        SampleFraction: options.SampleFraction,
                        Quorum: Math.Min(options.Quorum, members.Count),
                        NormBound: options.NormBound,
                        Scoring: options.Scoring)
                    {
                        SecureAggregation = options.SecureAggregation,
                        ClipNorm = options.ClipNorm,
                        SumPrivacy = options.SecureAggregation && options.PrivacyEpsilon is { } sumEpsilon ? new SumPrivacy(sumEpsilon, 1e-5, options.Rounds, options.DpMinMembers) : null,
                        RewardRule = options.RewardRule,
                        ServedReward = new ServedRewardOptions(Floor: options.RewardFloor),
                        AfterMaskedInput = member => DropAsync(member, members, processes, progress),
                        AfterSecureSum = () => RestartDroppedAsync(operatorHomes, descriptorPath, passwordFile, chainId, processes, logs, progress, cancellationToken),
                    },
                    strategy,
                    progress);

                var accusations = 0;
                for (var round = 1; round <= options.Rounds; round++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    story.Phase($"Round {round} of {options.Rounds}: training, scoring, finalizing on chain...");
                    _round = round;
                    var outcome = await coordinator.RunRoundAsync(round, cancellationToken).ConfigureAwait(false);
                    accusations += outcome.Accusations.Count;
                    var section = RoundReporter.ToSection(outcome);
                    report.Rounds.Add(section);
                    await story.RoundAsync(section, report.Operators, ledger).ConfigureAwait(false);
                }

                if (accusations != 0)
                {
                    // Nobody disputes here; once the window has passed the coordinator settles, and only then the slash is
                    // taken. Accusations of earlier rounds were settled as later rounds opened; the last ones may still wait.
                    await coordinator.SettleDueAccusationsAsync(cancellationToken).ConfigureAwait(false);
                    if (await AnyAccusationPendingAsync(ledger).ConfigureAwait(false))
                    {
                        story.Phase($"Accusations of a malicious update: the accused may dispute for {DemoChallengeWindow.TotalSeconds:F0} s before the slash...");
                        await Task.Delay(DemoChallengeWindow + TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false);
                        await coordinator.SettleDueAccusationsAsync(cancellationToken).ConfigureAwait(false);
                    }
                }

                foreach (var op in report.Operators)
                {
                    op.Active = coordinator.ActiveMembers.Any(m => m.Name == op.Name);
                }

                if (automakers.Count > 0)
                {
                    _batteryModel = await RunBatteryRoundsAsync(ledger, store, automakers, story, progress, report, cancellationToken).ConfigureAwait(false);
                }

                if (!options.SkipDispatch)
                {
                    story.Phase($"Dispatch event: {options.DispatchEvs} vehicles per operator follow a grid party's signed request...");
                    report.Dispatch = await DispatchAsync(ledger, coordinator.ActiveMembers, coordinatorCertificate, progress, cancellationToken).ConfigureAwait(false);
                    story.Phase(string.Create(
                        CultureInfo.InvariantCulture,
                        $"Dispatch event {report.Dispatch.EventId} settled: tracking error {report.Dispatch.TrackingError:P2} of the target"));
                }

                return coordinator;
            }).ConfigureAwait(false);

            // The test split is never evaluated at a peer's request: with the nodes stopped, the demo (every party's host
            // here) evaluates the final model on each operator's held-out data in that operator's own store.
            await StopAsync(processes, logs).ConfigureAwait(false);
            report.Test = await TestAsync(coordinator.Global, report.Operators.Where(op => op.Active).Select(op => op.Name).ToList(), ledger, cancellationToken).ConfigureAwait(false);
            if (_batteryModel is not null)
            {
                report.BatteryTest = await BatteryTestAsync(_batteryModel, report.Automakers, cancellationToken).ConfigureAwait(false);
            }

            var balancesMatch = await SettleBalancesAsync(ledger, report).ConfigureAwait(false);
            PrintSummary(report);
            PrintBatterySummary(report);
            if (options.ReportPath is not null)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(options.ReportPath)!);
                await File.WriteAllTextAsync(options.ReportPath, JsonSerializer.Serialize(report, ReportJson.Options), cancellationToken).ConfigureAwait(false);
                output.WriteLine($"Report written to {options.ReportPath}");
            }

            output.WriteLine($"Stores and artifacts kept in {options.DataDir}; finished in {clock.Elapsed.TotalSeconds:F0} s.");
            return balancesMatch ? report : null;
        }
        finally
        {
            await StopAsync(processes, logs).ConfigureAwait(false);
        }
    }

    private static async Task<bool> AnyAccusationPendingAsync(ConsortiumLedger ledger)
    {
        foreach (var accused in await ledger.Rounds.GetMemberAccusedEventsAsync().ConfigureAwait(false))
        {
            if ((await ledger.Rounds.GetAccusationAsync(accused.RoundId, accused.Member).ConfigureAwait(false)).Status is AccusationStatus.Pending or AccusationStatus.Disputed)
            {
                return true;
            }
        }

        return false;
    }

    private static async Task StopAsync(List<ChildNodeProcess> processes, List<StreamWriter> logs)
    {
        foreach (var member in processes)
        {
            await member.DisposeAsync().ConfigureAwait(false);
        }

        processes.Clear();
        foreach (var log in logs)
        {
            await log.DisposeAsync().ConfigureAwait(false);
        }

        logs.Clear();
    }

    /// <summary>The newcomer's application, funded by the coordinator's treasury, carried by the founders' votes.</summary>
    private async Task AdmitByVoteAsync(
        ConsortiumLedger coordinator, string rpcUrl, NodeHome newcomer, NodeCard card, IReadOnlyList<ChainAccount> founders, CancellationToken cancellationToken)
    {
        var minStake = await coordinator.Registry.GetMinStakeAsync().ConfigureAwait(false);
        await coordinator.Token.TransferAsync(card.Address, minStake, cancellationToken).ConfigureAwait(false);
        var applicant = new ConsortiumLedger(ChainConnection.WithSigner(rpcUrl, newcomer.OpenAccount(DemoHomes.Password), options.Chain), coordinator.Addresses);
        var application = await ConsortiumMembership.JoinAsync(applicant, card, NodeRole.Operator, null, cancellationToken).ConfigureAwait(false);
        output.WriteLine($"  {card.Name} applied (proposal {application.ProposalId}, {TokenAmount.Format(application.Stake)} in escrow); {application.RequiredVotes} approvals admit it");
        foreach (var founder in founders)
        {
            var voter = new ConsortiumLedger(ChainConnection.WithSigner(rpcUrl, founder, options.Chain), coordinator.Addresses);
            var vote = await ConsortiumMembership.VoteAsync(voter, card.Address, approve: true, cancellationToken).ConfigureAwait(false);
            if (vote.Proposal.Status == ProposalStatus.Executed)
            {
                output.WriteLine($"  {card.Name} admitted by {vote.Proposal.Approvals} of {vote.Proposal.RequiredVotes} approvals");
                return;
            }
        }

        throw new InvalidOperationException($"{card.Name} was not admitted: the founders' approvals did not reach the threshold.");
    }

    private async Task<AnvilChain> StartChainAsync(CancellationToken cancellationToken)
    {
        var chain = await AnvilChain.StartAsync(new AnvilOptions(), cancellationToken).ConfigureAwait(false);
        output.WriteLine($"Started local chain (anvil, pid {chain.ProcessId}) at {chain.RpcUrl}, chain id {chain.ChainId}");
        return chain;
    }

    /// <summary>With <c>--drop K</c>: in round 1, stops the last K operators' nodes as soon as their masked inputs arrived.</summary>
    private async Task DropAsync(RemoteMember member, IReadOnlyList<RemoteMember> members, List<ChildNodeProcess> processes, TextWriter progress)
    {
        var index = members.ToList().IndexOf(member);
        if (_round != 1 || index < members.Count - options.Drop || !_dropped.TryAdd(index, member))
        {
            return;
        }

        await processes[index].DisposeAsync().ConfigureAwait(false);
        progress.WriteLine($"  {member.Name,-16} node stopped after its masked input arrived (--drop)");
    }

    /// <summary>Starts the nodes <see cref="DropAsync"/> stopped again, as an operator's supervisor would, once the round's sum is formed.</summary>
    private async Task RestartDroppedAsync(
        IReadOnlyList<NodeHome> homes, string descriptorPath, string passwordFile, long chainId, List<ChildNodeProcess> processes, List<StreamWriter> logs, TextWriter progress, CancellationToken cancellationToken)
    {
        foreach (var (index, member) in _dropped.OrderBy(d => d.Key).ToList())
        {
            processes[index] = StartNode(homes, index, descriptorPath, passwordFile, chainId, logs);
            await processes[index].Listening.WaitAsync(TimeSpan.FromMinutes(2), cancellationToken).ConfigureAwait(false);

            // The coordinator's connection to it backs off while the node is down: wait until a call gets through again.
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    await member.Client.DescribeAsync(TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
                    break;
                }
                catch (Grpc.Core.RpcException) when (attempt < 30)
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
                }
            }

            progress.WriteLine($"  {homes[index].Settings.Name,-16} node started again and answering");
        }

        _dropped.Clear();
    }

    /// <summary>
    /// Starts each operator's node (<c>consortium run</c>) from its home, its log written to <c>node.log</c> in that home
    /// rather than to this console, and waits until every one serves.
    /// </summary>
    private async Task StartNodesAsync(
        IReadOnlyList<NodeHome> homes, string descriptorPath, string passwordFile, long chainId, List<ChildNodeProcess> processes, List<StreamWriter> logs, CancellationToken cancellationToken)
    {
        output.WriteLine($"Starting {homes.Count} member nodes (consortium run; each logs to node.log in its home)...");
        for (var index = 0; index < homes.Count; index++)
        {
            processes.Add(StartNode(homes, index, descriptorPath, passwordFile, chainId, logs));
        }

        using var startup = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        startup.CancelAfter(TimeSpan.FromMinutes(2));
        foreach (var process in processes)
        {
            await process.Listening.WaitAsync(startup.Token).ConfigureAwait(false);
        }
    }

    /// <summary>Starts operator <paramref name="index"/>'s node (<c>consortium run</c>), its log appended to <c>node.log</c> in its home.</summary>
    private ChildNodeProcess StartNode(IReadOnlyList<NodeHome> homes, int index, string descriptorPath, string passwordFile, long chainId, List<StreamWriter> logs)
    {
        var home = homes[index];
        // Shared for writing: a node started again (--drop) appends to the log its previous run left.
        var log = new StreamWriter(new FileStream(Path.Combine(home.Path, "node.log"), FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        logs.Add(log);
        return ChildNodeProcess.StartVerb(
            home.Settings.Name,
            "run",
            [
                "--home", home.Path,
                "--consortium", descriptorPath,
                "--password-file", passwordFile,
                .. MemberArguments.Chain(options.Chain, chainId),
                .. (home.Settings.Role == NodeRole.Automaker ? [] : OperatorArguments(index)),
            ],
            TextWriter.Synchronized(log));
    }

    /// <summary>What an operator's node runs with beyond its home and chain: its windows, its fleet and its privacy.</summary>
    private string[] OperatorArguments(int index) =>
            [
                "--window-stride", options.WindowStride.ToString(CultureInfo.InvariantCulture),
                .. (options.SkipDispatch
                    ? []
                    : new[]
                    {
                        "--fleet-evs", options.DispatchEvs.ToString(CultureInfo.InvariantCulture),
                        "--fleet-seed", FleetSeed(index),
                        "--fleet-source", OperatorFleets.Name(options.DispatchFleet),
                    }),
                .. (options.SkipDispatch || options.DispatchFleet == OperatorFleetSource.Synthetic || options.DispatchDate is not { } day
                    ? []
                    : new[] { "--fleet-date", day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) }),
                .. (options.PrivacyEpsilon is { } epsilon
                    ? new[] { "--dp-epsilon", epsilon.ToString(CultureInfo.InvariantCulture), "--dp-rounds", options.Rounds.ToString(CultureInfo.InvariantCulture) }
                    : []),
            ];

    /// <summary>Each operator's fleet seed: distinct per operator, following the demo's seed.</summary>
    private string FleetSeed(int index) =>
        unchecked((int)((options.Seed * options.Operators) + index + 1)).ToString(CultureInfo.InvariantCulture);

    private async Task<DispatchSection> DispatchAsync(
        ConsortiumLedger ledger, IReadOnlyList<RemoteMember> members, System.Security.Cryptography.X509Certificates.X509Certificate2 certificate, TextWriter progress, CancellationToken cancellationToken)
    {
        var nodes = new List<(Uri Endpoint, PeerCredentials? Credentials)>();
        foreach (var member in members)
        {
            var contact = await ledger.Registry.GetNodeContactAsync(member.Address).ConfigureAwait(false);
            nodes.Add((member.Client.Endpoint, new PeerCredentials(certificate, contact.CertificateFingerprint)));
        }

        return await DemoDispatch.RunAsync(
            ledger.Dispatch,
            nodes,
            options.DispatchEvs,
            options.DispatchFleet,
            options.DispatchFleet == OperatorFleetSource.Synthetic ? null : options.DispatchDate,
            new DispatchEventOptions
            {
                GridParty = (survey, now) => _gridParty!.Request(survey, now),
                WearPrices = _wearPrices,
                Intraday = options.Intraday ? new OnlineOptions() : null,
            },
            progress,
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The final model on each operator's test split, read from its own store once its node has stopped.</summary>
    private async Task<TestSection> TestAsync(ModelCheckpoint model, IReadOnlyList<string> operators, ConsortiumLedger ledger, CancellationToken cancellationToken)
    {
        var test = new TestSection();
        var pooled = new ErrorSums("model", 0, 0, 0, 0);
        var pooledNaive = new ErrorSums("seasonal-naive", 0, 0, 0, 0);
        foreach (var name in operators)
        {
            using var store = new NodeStore(CouncilImport.StorePath(options.DataDir, name));
            var member = new FederatedMember(new LoadForecastTask(store, name, options.WindowStride), name, store, ledger.Rounds, ChainAddress.Zero, Microsoft.Extensions.Logging.Abstractions.NullLogger<FederatedMember>.Instance)
            {
                AllowTestSplit = true,
            };
            var result = await member.EvaluateAsync(EvaluationRequest.ForModels(0, [new CandidateModel("global", model.ToBytes())], EvaluationSplit.Test), cancellationToken).ConfigureAwait(false);
            var errors = result.Candidates[0];
            pooled = pooled.Plus(errors);
            pooledNaive = pooledNaive.Plus(result.SeasonalNaive);
            test.PerOperator[name] = new OperatorErrors { Rmse = errors.Rmse, Mae = errors.Mae, Nrmse = errors.Nrmse, SeasonalNaiveRmse = result.SeasonalNaive.Rmse };
        }

        test.FederatedRmse = pooled.Rmse;
        test.FederatedMae = pooled.Mae;
        test.FederatedNrmse = pooled.Nrmse;
        test.SeasonalNaiveRmse = pooledNaive.Rmse;
        return test;
    }

    /// <summary>
    /// Reads every operator's and automaker's balance after the run and checks it is its balance before plus what the run
    /// paid it: round rewards of its task, and for an operator a positive dispatch settlement (a negative one is slashed
    /// from its stake, not its balance).
    /// </summary>
    private async Task<bool> SettleBalancesAsync(ConsortiumLedger ledger, DemoReport report)
    {
        var allMatch = true;
        foreach (var op in report.Operators)
        {
            var rewards = Rewards(report.Rounds, op.Address) + BigInteger.Max(BigInteger.Zero, report.DispatchSettlement(op.Address));
            (op.TokenBalanceAfter, op.RewardsTotal) = (await BalanceAsync(ledger, op.Name, op.Address, op.TokenBalanceBefore, rewards).ConfigureAwait(false), rewards);
            allMatch &= op.TokenBalanceAfter == op.TokenBalanceBefore + rewards;
        }

        foreach (var automaker in report.Automakers)
        {
            var rewards = Rewards(report.BatteryRounds, automaker.Address);
            (automaker.TokenBalanceAfter, automaker.RewardsTotal) =
                (await BalanceAsync(ledger, automaker.Name, automaker.Address, automaker.TokenBalanceBefore, rewards).ConfigureAwait(false), rewards);
            allMatch &= automaker.TokenBalanceAfter == automaker.TokenBalanceBefore + rewards;
        }

        return allMatch;
    }

    private static BigInteger Rewards(IEnumerable<RoundSection> rounds, ChainAddress member) =>
        rounds.Aggregate(BigInteger.Zero, (sum, round) => sum + round.Rewards.GetValueOrDefault(member));

    /// <summary>The member's balance on chain, a mismatch with before plus rewards printed.</summary>
    private async Task<BigInteger> BalanceAsync(ConsortiumLedger ledger, string name, ChainAddress address, BigInteger before, BigInteger rewards)
    {
        var after = await ledger.Token.BalanceOfAsync(address).ConfigureAwait(false);
        if (after != before + rewards)
        {
            output.WriteLine($"MISMATCH: {name} holds {after} token units on chain, expected {before} + {rewards}");
        }

        return after;
    }

    private void PrintSummary(DemoReport report)
    {
        output.WriteLine();
        // With DP on the secure sum, ε of the sums released so far (at δ) after each round.
        var distributed = report.Rounds.Any(r => r.DistributedDp is not null);
        output.WriteLine($"Round  val RMSE fed (kW)  seasonal naive  local-only mean  gas       {(distributed ? "ε (sum)  " : string.Empty)}model hash");
        foreach (var round in report.Rounds)
        {
            var localMean = round.Validation.LocalOnlyRmse.Count == 0 ? double.NaN : round.Validation.LocalOnlyRmse.Values.Average();
            var epsilon = !distributed ? string.Empty : round.DistributedDp is { } dp ? string.Create(CultureInfo.InvariantCulture, $"{dp.Epsilon,7:F3}  ") : "      -  ";
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{round.Round,5}  {round.Validation.FederatedRmse,17:F2}  {round.Validation.SeasonalNaiveRmse,14:F2}  {localMean,15:F2}  {round.GasUsed,8}  {epsilon}{round.GlobalModelHash.ToString()[..18]}…"));
        }

        if (report.Rounds.LastOrDefault(r => r.DistributedDp is not null)?.DistributedDp is { } last)
        {
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"DP on the secure sum: σ = {last.NoiseMultiplier:G4}, C = {last.ClipNorm:G4}, m_min = {last.MinMembers}; (ε = {last.Epsilon:F3}, δ = {last.Delta:G3}) for the released sums, while at least m_min members that added their noise are in each"));
        }

        output.WriteLine();
        output.WriteLine("Operator          test RMSE (kW)  NRMSE   seasonal naive  tokens before -> after");
        foreach (var op in report.Operators)
        {
            if (!report.Test!.PerOperator.TryGetValue(op.Name, out var test))
            {
                output.WriteLine($"{op.Name,-16}  left the consortium (its node stopped answering); tokens {Tokens(op.TokenBalanceBefore)} -> {Tokens(op.TokenBalanceAfter)}");
                continue;
            }

            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{op.Name,-16}  {test.Rmse,14:F2}  {test.Nrmse,5:P1}  {test.SeasonalNaiveRmse,14:F2}  {Tokens(op.TokenBalanceBefore)} -> {Tokens(op.TokenBalanceAfter)}"));
        }

        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"All operators      {report.Test!.FederatedRmse,14:F2}  {report.Test.FederatedNrmse,5:P1}  {report.Test.SeasonalNaiveRmse,14:F2}"));
        if (report.Dispatch is { } dispatch)
        {
            output.WriteLine();
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"Dispatch event {dispatch.EventId}: {dispatch.Evs} EVs ({OperatorFleets.Name(options.DispatchFleet)} fleets) over {dispatch.OperatorCount} of {dispatch.OperatorsAsked} operators, {dispatch.Intervals} intervals; evening peak {dispatch.PeakKwBefore:F0} kW -> target {dispatch.PeakKwTarget:F0} kW"));
            output.WriteLine($"  request {dispatch.RequestId} signed by grid party {dispatch.GridParty}, hash {dispatch.RequestHash}");
            output.WriteLine(dispatch.Intraday is { } day
                    ? string.Create(CultureInfo.InvariantCulture, $"  intraday: {day.Steps} steps re-planned and committed over gRPC (re-plans {day.MeanReplanSeconds:F2} s on average, {day.MaxReplanSeconds:F2} s at most; up to {day.MaxPluggedIn} vehicles plugged in); tracking error {dispatch.TrackingError:P2} committed, {dispatch.MeteredTrackingError:P2} metered; max deviation {dispatch.MaxDeviationKw:F1} kW")
                    : string.Create(CultureInfo.InvariantCulture, $"  tracking error {dispatch.TrackingError:P2} allocated, {dispatch.MeteredTrackingError:P2} metered; max deviation {dispatch.MaxDeviationKw:F1} kW; {dispatch.Iterations} iterations in {dispatch.SolveSeconds:F2} s ({(dispatch.Converged ? "converged" : "not converged")})"));
            if (dispatch.ExactStage is { } exact)
            {
                output.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"  exact stage: {exact.Prices} prices ({exact.Stop}); proved within {exact.Gap:P3} of the optimum (bounds [{exact.LowerBound:F2}, {exact.UpperBound:F2}])"));
            }

            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"  operator-reported: {dispatch.SocFloorViolations} SoC floor violations, {dispatch.DepartureShortfallKwh:F2} kWh departure shortfall, discharge fairness {dispatch.JainFairness:F3}"));
            foreach (var op in dispatch.PerOperator)
            {
                output.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"  {op.Name,-16} settled {Tokens(op.SettlementWei)} for {op.TrackedKwh:F0} kWh tracked, {op.ExcessDeviationKwh:F1} kWh beyond tolerance; wear {op.WearCost:F2} on {op.DischargedKwh:F1} kWh discharged, {Tokens(op.BatteryOwnersWei ?? 0)} of the reward to battery owners"));
            }

            foreach (var op in dispatch.Declined)
            {
                output.WriteLine($"  {op.Name,-16} declined ({op.Reason}: {op.Detail}) in {op.DeclineTxHash}");
            }
        }

        output.WriteLine();
    }

    private static string Tokens(BigInteger units) => TokenAmount.Format(units);
}
