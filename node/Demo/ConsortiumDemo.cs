using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Consortium.Contracts.Chain;
using Consortium.Contracts.Ledger;
using Consortium.Data.Councils;
using Consortium.Fl.Contribution;
using Consortium.Fl.Models;
using Consortium.Fl.Strategies;
using Consortium.Network.Federation;
using Consortium.Node.DispatchEvents.Participant;
using Consortium.Node.DispatchEvents.Runner;
using Consortium.Node.Federation.Coordinator;
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
public sealed class ConsortiumDemo(DemoOptions options, TextWriter output)
{
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

        await using var chain = options.RpcUrl is null ? await StartChainAsync(cancellationToken).ConfigureAwait(false) : null;
        var rpcUrl = chain?.RpcUrl ?? options.RpcUrl!;
        var deployerKey = options.DeployerKey ?? chain?.DevAccounts[0].PrivateKey ?? AnvilDevKeys.First;
        var deployer = ChainConnection.WithSigner(rpcUrl, deployerKey, options.Chain);
        var chainId = await deployer.GetChainIdAsync().ConfigureAwait(false);

        // Each operator's key lives in its own store; the operators are the consortium's founding members.
        var operatorKeys = plans.Select(plan =>
        {
            using var store = new NodeStore(CouncilImport.StorePath(options.DataDir, plan.Name));
            return ChainAccount.FromPrivateKey(store.GetOrCreateIdentity(plan.Name, () => ChainAccount.Generate().PrivateKey).PrivateKey).Address;
        }).ToList();
        var setup = new ConsortiumSetup(
        [
            new FoundingMember(deployer.Account!.Value, "coordinator", MemberRole.Coordinator),
            .. plans.Select((plan, i) => new FoundingMember(operatorKeys[i], plan.Name, MemberRole.Operator)),
        ]);
        output.WriteLine($"Deploying contracts from {deployer.Account} on chain {chainId} ({rpcUrl}) with {plans.Count} founding operators...");
        var addresses = await ConsortiumDeployment.DeployAsync(deployer, setup, cancellationToken).ConfigureAwait(false);
        output.WriteLine($"  registry {addresses.Registry}\n  rounds   {addresses.Rounds}\n  token    {addresses.Token}\n  dispatch {addresses.Dispatch}");
        var ledger = new ConsortiumLedger(deployer, addresses);

        var report = new DemoReport
        {
            Chain = new ChainSection
            {
                RpcUrl = rpcUrl,
                ChainId = chainId,
                Embedded = chain is not null,
                Coordinator = deployer.Account!.Value,
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
                ["dispatchEvs"] = options.SkipDispatch ? 0 : options.DispatchEvs,
                ["dispatchFleet"] = OperatorFleets.Name(options.DispatchFleet),
                ["dataDir"] = options.DataDir,
            },
        };

        var processes = new List<ChildNodeProcess>();
        try
        {
            foreach (var key in operatorKeys)
            {
                await deployer.SendEtherAsync(key, MemberFundingWei, cancellationToken).ConfigureAwait(false);
            }

            var members = await StartMembersAsync(plans, rpcUrl, chainId, addresses, processes, cancellationToken).ConfigureAwait(false);
            foreach (var member in members)
            {
                if (member.Address != operatorKeys[members.IndexOf(member)])
                {
                    throw new InvalidOperationException($"Node '{member.Name}' answers with address {member.Address}, its store holds the key of {operatorKeys[members.IndexOf(member)]}.");
                }

                var stake = await ledger.Registry.GetMemberAsync(member.Address).ConfigureAwait(false);
                var before = await ledger.Token.BalanceOfAsync(member.Address).ConfigureAwait(false);
                report.Operators.Add(new OperatorSection
                {
                    Name = member.Name,
                    Address = member.Address,
                    Endpoint = member.Client.Endpoint.ToString(),
                    ProcessId = processes[members.IndexOf(member)].ProcessId,
                    Sites = [.. member.Profile.Sites],
                    TrainSamples = member.Profile.TrainSamples,
                    ValidationSamples = member.Profile.ValidationSamples,
                    MeanLoadKw = member.Profile.MeanLoadKw,
                    TokenBalanceBefore = before,
                    Stake = stake.Stake,
                });
                output.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"  member {member.Name,-16} {member.Address} founding operator, stake {TokenAmount.Format(stake.Stake)}; {member.Profile.TrainSamples} training windows, {member.Profile.Sites.Count} sites, mean load {member.Profile.MeanLoadKw:F1} kW"));
            }

            using var store = new NodeStore(Path.Combine(options.DataDir, "coordinator", "node.db"));
            var strategy = (options.Strategy ?? new StrategyConfiguration()).Create();
            var architecture = LoadForecastArchitecture.For(options.Model);
            var initial = new ModelCheckpoint(architecture, architecture.InitialParameters((ulong)options.Seed));
            var coordinator = new RoundCoordinator(
                ledger.Rounds,
                store,
                members,
                initial,
                new CoordinatorOptions(
                    options.LocalEpochs,
                    options.Seed,
                    TokenAmount.FromTokens(100m),
                    TrainTimeout: options.RoundTimeout ?? TimeSpan.FromMinutes(30),
                    EvaluateTimeout: TimeSpan.FromMinutes(10),
                    RoundDeadline: TimeSpan.FromHours(1),
                    SampleFraction: options.SampleFraction,
                    Quorum: Math.Min(options.Quorum, members.Count),
                    NormBound: options.NormBound,
                    Scoring: options.Scoring),
                strategy,
                output);

            for (var round = 1; round <= options.Rounds; round++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var outcome = await coordinator.RunRoundAsync(round, cancellationToken).ConfigureAwait(false);
                report.Rounds.Add(RoundReporter.ToSection(outcome));
            }

            report.Test = await TestAsync(coordinator, members, cancellationToken).ConfigureAwait(false);
            foreach (var op in report.Operators)
            {
                op.Active = coordinator.ActiveMembers.Any(m => m.Name == op.Name);
            }

            if (!options.SkipDispatch)
            {
                report.Dispatch = await DispatchAsync(ledger, coordinator.ActiveMembers, cancellationToken).ConfigureAwait(false);
            }

            var balancesMatch = await SettleBalancesAsync(ledger, report).ConfigureAwait(false);
            PrintSummary(report);
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
            foreach (var member in processes)
            {
                await member.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task<AnvilChain> StartChainAsync(CancellationToken cancellationToken)
    {
        var chain = await AnvilChain.StartAsync(new AnvilOptions(), cancellationToken).ConfigureAwait(false);
        output.WriteLine($"Started local chain (anvil, pid {chain.ProcessId}) at {chain.RpcUrl}, chain id {chain.ChainId}");
        return chain;
    }

    private async Task<List<RemoteMember>> StartMembersAsync(
        IReadOnlyList<OperatorPlan> plans,
        string rpcUrl,
        long chainId,
        ConsortiumAddresses addresses,
        List<ChildNodeProcess> processes,
        CancellationToken cancellationToken)
    {
        output.WriteLine($"Starting {plans.Count} operator nodes...");
        for (var index = 0; index < plans.Count; index++)
        {
            var plan = plans[index];
            processes.Add(ChildNodeProcess.Start(
                plan.Name,
                [
                    "--name", plan.Name,
                    "--data-dir", Path.Combine(options.DataDir, plan.Name),
                    "--rpc", rpcUrl,
                    .. MemberArguments.Chain(options.Chain, chainId),
                    "--registry", addresses.Registry.ToString(),
                    "--rounds", addresses.Rounds.ToString(),
                    "--token", addresses.Token.ToString(),
                    "--dispatch", addresses.Dispatch.ToString(),
                    "--window-stride", options.WindowStride.ToString(CultureInfo.InvariantCulture),
                    .. (options.SkipDispatch
                        ? []
                        : new[]
                        {
                            "--fleet-evs", options.DispatchEvs.ToString(CultureInfo.InvariantCulture),
                            "--fleet-seed", FleetSeed(plans.Count, index),
                            "--fleet-source", OperatorFleets.Name(options.DispatchFleet),
                        }),
                    .. (options.PrivacyEpsilon is { } epsilon
                        ? new[] { "--dp-epsilon", epsilon.ToString(CultureInfo.InvariantCulture), "--dp-rounds", options.Rounds.ToString(CultureInfo.InvariantCulture) }
                        : []),
                ],
                output));
        }

        var members = new List<RemoteMember>();
        using var startup = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        startup.CancelAfter(TimeSpan.FromMinutes(2));
        for (var i = 0; i < plans.Count; i++)
        {
            var endpoint = await processes[i].Listening.WaitAsync(startup.Token).ConfigureAwait(false);
            var client = new FederatedMemberClient(endpoint);
            var profile = await client.DescribeAsync(TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
            if (profile.Name != plans[i].Name)
            {
                throw new InvalidOperationException($"The node at {endpoint} says it is '{profile.Name}', '{plans[i].Name}' was started there.");
            }

            members.Add(new RemoteMember(profile.Name, profile.Address, client, profile));
        }

        return members;
    }

    /// <summary>Each operator's fleet seed: distinct per operator, following the demo's seed.</summary>
    private string FleetSeed(int operators, int index) =>
        unchecked((int)((options.Seed * operators) + index + 1)).ToString(CultureInfo.InvariantCulture);

    private Task<DispatchSection> DispatchAsync(ConsortiumLedger ledger, IReadOnlyList<RemoteMember> members, CancellationToken cancellationToken)
    {
        output.WriteLine();
        return DemoDispatch.RunAsync(
            ledger.Dispatch, [.. members.Select(member => member.Client.Endpoint)], options.DispatchEvs, options.DispatchFleet, new DispatchEventOptions(), output, cancellationToken);
    }

    private async Task<TestSection> TestAsync(RoundCoordinator coordinator, IReadOnlyList<RemoteMember> members, CancellationToken cancellationToken)
    {
        var (model, naive, perMember) = await coordinator.EvaluateEverywhereAsync(0, coordinator.Global, EvaluationSplit.Test, cancellationToken).ConfigureAwait(false);
        var test = new TestSection
        {
            FederatedRmse = model.Rmse,
            FederatedMae = model.Mae,
            FederatedNrmse = model.Nrmse,
            SeasonalNaiveRmse = naive.Rmse,
        };
        foreach (var (member, errors, memberNaive) in perMember)
        {
            test.PerOperator[member.Name] = new OperatorErrors { Rmse = errors.Rmse, Mae = errors.Mae, Nrmse = errors.Nrmse, SeasonalNaiveRmse = memberNaive.Rmse };
        }

        return test;
    }

    private async Task<bool> SettleBalancesAsync(ConsortiumLedger ledger, DemoReport report)
    {
        var allMatch = true;
        foreach (var op in report.Operators)
        {
            var after = await ledger.Token.BalanceOfAsync(op.Address).ConfigureAwait(false);
            BigInteger rewards = 0;
            foreach (var round in report.Rounds)
            {
                if (round.Rewards.TryGetValue(op.Address, out var reward))
                {
                    rewards += reward;
                }
            }

            // A positive dispatch settlement is minted to the operator; a negative one is slashed from its stake, not its balance.
            rewards += BigInteger.Max(BigInteger.Zero, report.DispatchSettlement(op.Address));

            op.TokenBalanceAfter = after;
            op.RewardsTotal = rewards;
            if (after != op.TokenBalanceBefore + rewards)
            {
                allMatch = false;
                output.WriteLine($"MISMATCH: {op.Name} holds {after} token units on chain, expected {op.TokenBalanceBefore} + {rewards}");
            }
        }

        return allMatch;
    }

    private void PrintSummary(DemoReport report)
    {
        output.WriteLine();
        output.WriteLine("Round  val RMSE fed (kW)  seasonal naive  local-only mean  gas       model hash");
        foreach (var round in report.Rounds)
        {
            var localMean = round.Validation.LocalOnlyRmse.Count == 0 ? double.NaN : round.Validation.LocalOnlyRmse.Values.Average();
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{round.Round,5}  {round.Validation.FederatedRmse,17:F2}  {round.Validation.SeasonalNaiveRmse,14:F2}  {localMean,15:F2}  {round.GasUsed,8}  {round.GlobalModelHash.ToString()[..18]}…"));
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
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"  tracking error {dispatch.TrackingError:P2} allocated, {dispatch.MeteredTrackingError:P2} metered; max deviation {dispatch.MaxDeviationKw:F1} kW; {dispatch.Iterations} iterations in {dispatch.SolveSeconds:F2} s ({(dispatch.Converged ? "converged" : "not converged")})"));
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"  operator-reported: {dispatch.SocFloorViolations} SoC floor violations, {dispatch.DepartureShortfallKwh:F2} kWh departure shortfall, discharge fairness {dispatch.JainFairness:F3}"));
            foreach (var op in dispatch.PerOperator)
            {
                output.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"  {op.Name,-16} settled {Tokens(op.SettlementWei)} for {op.TrackedKwh:F0} kWh tracked, {op.ExcessDeviationKwh:F1} kWh beyond tolerance"));
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
