using System.Numerics;
using Consortium.Contracts.Chain;
using Consortium.Contracts.Ledger;
using Consortium.Dispatch;
using Consortium.Dispatch.Coordination;
using Consortium.Dispatch.Fleets;
using Consortium.Experiments.Benchmarks;
using Consortium.Experiments.Dispatch;
using Consortium.Experiments.Forecasting;
using Consortium.Fl.Aggregation;
using Consortium.Fl.Contribution;
using Consortium.Fl.Models;
using Consortium.Fl.Strategies;
using Consortium.Node.Cli;
using Consortium.Node.Demo;
using Consortium.Node.DispatchEvents.Participant;
using Consortium.Node.Federation.Coordinator;
using Consortium.Node.Federation.Member;
using Consortium.Node.Hosting;

namespace Consortium.Node.Tests.Cli;

/// <summary>
/// The command lines scripts already use give the options records the hand-written parser gave them: the expected
/// records below are what it made of the same arguments.
/// </summary>
public sealed class OptionBindingTests
{
    private const string Address = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";

    [Fact]
    public void ADemoCommandLineWithEveryOptionGivesTheDemoOptionsItAlwaysGave()
    {
        var options = Bind<DemoOptions>(
            "demo", "--operators", "5", "--rounds=4", "--epochs", "3", "--data-dir", "runs/d", "--rpc", "http://127.0.0.1:9545",
            "--chain-id", "31337", "--gas-price", "legacy", "--confirmations=2", "--deployer-key", "0xabc", "--report", "r.json",
            "--seed", "11", "--window-stride", "6", "--sample-fraction", "0.5", "--quorum", "2", "--round-timeout", "60",
            "--strategy", "fedprox", "--aggregator", "trimmed-mean:0.2,norm=5", "--norm-bound", "3.5", "--dp-epsilon", "8",
            "--dispatch-evs", "100", "--no-dispatch", "--dispatch-fleet", "synthetic", "--dispatch-date", "none", "--scoring", "loo", "--model", "mlp");

        var expected = new DemoOptions(
            Operators: 5,
            Rounds: 4,
            LocalEpochs: 3,
            DataDir: Path.GetFullPath("runs/d"),
            RpcUrl: "http://127.0.0.1:9545",
            Chain: new ChainConnectionOptions { ChainId = 31337, Confirmations = 2, GasPrice = GasPricePolicy.Legacy },
            DeployerKey: "0xabc",
            ReportPath: Path.GetFullPath("r.json"),
            Seed: 11,
            WindowStride: 6,
            SampleFraction: 0.5,
            Quorum: 2,
            RoundTimeout: TimeSpan.FromSeconds(60),
            Strategy: new StrategyConfiguration(StrategyKind.FedProx, AggregationRule.Parse("trimmed-mean:0.2,norm=5")),
            NormBound: 3.5,
            PrivacyEpsilon: 8,
            Model: ForecastModelKind.Mlp,
            Scoring: ScoringMethod.LeaveOneOut,
            DispatchEvs: 100,
            SkipDispatch: true,
            DispatchFleet: OperatorFleetSource.Synthetic)
        {
            DispatchDate = null,
        };
        Assert.Equal(expected, options);
    }

    [Fact]
    public void ABareDemoGivesTheDefaultsItAlwaysHad()
    {
        var options = Bind<DemoOptions>("demo");

        Assert.StartsWith(Path.Combine(Path.GetTempPath(), "consortium-demo-"), options.DataDir, StringComparison.Ordinal);
        var expected = new DemoOptions(
            3, 3, 2, options.DataDir, null, ChainConnectionOptions.Default, null, null, 7,
            WindowStride: 1,
            SampleFraction: 1.0,
            Quorum: 1,
            RoundTimeout: TimeSpan.FromSeconds(1800),
            Strategy: new StrategyConfiguration(StrategyKind.FedAvg, AggregationRule.Parse("mean")),
            Model: ForecastModelKind.Gru,
            Scoring: ScoringMethod.Shapley,
            DispatchEvs: 2000,
            DispatchFleet: OperatorFleetSource.Sessions);
        Assert.Equal(expected, options);
    }

    [Fact]
    public void TheDemoDispatchesItsCalendarDayUnlessToldAnotherOrNoneAndABadDateIsRefusedByName()
    {
        Assert.Equal(DemoOptions.DefaultDispatchDate, Bind<DemoOptions>("demo").DispatchDate);
        Assert.Equal(new DateOnly(2018, 7, 31), Bind<DemoOptions>("demo", "--dispatch-date", "2018-07-31").DispatchDate);
        Assert.Null(Bind<DemoOptions>("demo", "--dispatch-date", "none").DispatchDate);
        Assert.Equal(new DateOnly(2018, 8, 16), Bind<DispatchVerb.SimulateArguments>("dispatch", "simulate", "--date", "2018-08-16").Simulation.Date);

        var bad = ConsortiumCli.Parse(["demo", "--dispatch-date", "15/08/2018"]);
        Assert.Contains(bad.Errors, e => e.Message.Contains("option --dispatch-date: '15/08/2018' is not a date as yyyy-mm-dd", StringComparison.Ordinal));
    }

    [Fact]
    public void TheRewardRuleDefaultsToServedWithAFifthOfThePoolAsFloorAndTakesThePooledRuleAndAnotherFloor()
    {
        var defaults = Bind<DemoOptions>("demo");
        var pooled = Bind<DemoOptions>("demo", "--reward-rule", "pooled", "--reward-floor", "0.1");
        var coordinate = Bind<CoordinateVerb.Arguments>("coordinate", "--home", "h", "--consortium", "c.json", "--reward-rule", "pooled", "--reward-floor", "0.3");

        Assert.Equal((RewardRule.Served, 0.2), (defaults.RewardRule, defaults.RewardFloor));
        Assert.Equal((RewardRule.Pooled, 0.1), (pooled.RewardRule, pooled.RewardFloor));
        Assert.Equal((RewardRule.Pooled, 0.3), (coordinate.RewardRule, coordinate.RewardFloor));
    }

    [Fact]
    public void TheTaskDefaultsToTheForecastAndBatteryTakesWearPublicationAndTheDemoItsAutomakersRounds()
    {
        var forecast = Bind<CoordinateVerb.Arguments>("coordinate", "--home", "h", "--consortium", "c.json");
        var battery = Bind<CoordinateVerb.Arguments>(
            "coordinate", "--home", "h", "--consortium", "c.json", "--task", "battery", "--publish-wear", "--replacement-cost", "120", "--end-of-life", "70");
        var demo = Bind<DemoOptions>("demo", "--battery-rounds", "0", "--battery-epochs", "3");

        Assert.Equal((FederatedTask.LoadForecast, false), (forecast.Task, forecast.PublishWear));
        Assert.Equal((FederatedTask.BatteryHealth, true, 120.0, 70.0), (battery.Task, battery.PublishWear, battery.ReplacementCostPerKwh, battery.EndOfLifeSohPercent));
        Assert.Equal((3, 5), (Bind<DemoOptions>("demo").BatteryRounds, Bind<DemoOptions>("demo").BatteryEpochs));
        Assert.Equal((0, 3), (demo.BatteryRounds, demo.BatteryEpochs));
    }

    [Fact]
    public void AnOptionGivenTwiceTakesItsLastValueAsItAlwaysDid()
    {
        var options = Bind<DemoOptions>("demo", "--rounds", "4", "--model", "gru", "--rounds", "9", "--model=mlp");

        Assert.Equal(9, options.Rounds);
        Assert.Equal(ForecastModelKind.Mlp, options.Model);
    }

    [Fact]
    public void TheRunCommandLineADemoWritesGivesBackItsOptions()
    {
        var chain = new ChainConnectionOptions { Confirmations = 3, GasPrice = GasPricePolicy.Fixed, FixedGasPriceWei = BigInteger.Parse("20000000000000000000000") };
        string[] args =
        [
            "run", "--home", "homes/op-1", "--consortium", "consortium.json", "--password-file", "pw", "--window-stride", "4",
            .. MemberArguments.Chain(chain, 31337),
            "--fleet-evs", "2000", "--fleet-seed", "-3", "--fleet-source", "synthetic", "--dp-epsilon", "8", "--dp-rounds", "3",
            "--parent-pid", "42", "--unplug-share", "0.1", "--exact-limit", "50", "--log-format", "json", "--fleet-date", "2018-08-15",
        ];

        var arguments = Bind<RunVerb.Arguments>(args);

        var expected = new RunVerb.Arguments(
            "homes/op-1",
            "consortium.json",
            RpcUrl: null,
            PasswordFile: "pw",
            LogFormat.Json,
            WindowStride: 4,
            Fleet: new OperatorFleetOptions(2000, -3, 0.1, OperatorFleetSource.Synthetic, 50) { Date = new DateOnly(2018, 8, 15) },
            Chain: chain with { ChainId = 31337 },
            ParentPid: 42)
        {
            Privacy = new MemberPrivacy(8, 1e-5, 1.0, 3),
        };
        Assert.Equal(expected, arguments);
    }

    [Fact]
    public void ANodeRunWithoutDpOrFleetHasNeither()
    {
        var arguments = Bind<RunVerb.Arguments>("run", "--home", "h", "--consortium", "c.json");

        Assert.Null(arguments.Privacy);
        Assert.Equal(new OperatorFleetOptions(0, 1, DeliveryMeter.DefaultUnplugShare, OperatorFleetSource.Sessions, LocalFleetOperator.DefaultExactVehicleLimit), arguments.Fleet);
        Assert.Equal(ChainConnectionOptions.Default, arguments.Chain);
        Assert.Equal(LogFormat.Text, arguments.LogFormat);
    }

    [Fact]
    public void ADpOptionWithoutEpsilonIsAUsageError()
    {
        var error = Assert.Throws<UsageException>(() => Bind<RunVerb.Arguments>("run", "--home", "h", "--consortium", "c.json", "--dp-rounds", "3"));

        Assert.Contains("option --dp-rounds needs --dp-epsilon", error.Message);
    }

    [Fact]
    public void CoordinateTakesDpOnTheSecureSumUnderTheMembersOptionNames()
    {
        var arguments = Bind<CoordinateVerb.Arguments>(
            "coordinate", "--home", "h", "--consortium", "c.json", "--secure-aggregation", "--clip-norm", "0.5",
            "--dp-epsilon", "8", "--dp-delta", "1e-6", "--dp-rounds", "20", "--dp-min-members", "5");

        Assert.True(arguments.SecureAggregation);
        Assert.Equal(0.5, arguments.ClipNorm);
        Assert.Equal(new SumPrivacy(8, 1e-6, 20, 5), arguments.SumPrivacy);
        Assert.Equal(5, arguments.SumPrivacy!.MinimumFor(10));
        Assert.Equal(9, new SumPrivacy(8, 1e-6, 20).MinimumFor(10)); // one of ten may drop
        Assert.Null(Bind<CoordinateVerb.Arguments>("coordinate", "--home", "h", "--consortium", "c.json").SumPrivacy);
    }

    [Fact]
    public void ACoordinatorsDpMinimumWithoutEpsilonIsAUsageError()
    {
        var error = Assert.Throws<UsageException>(() => Bind<CoordinateVerb.Arguments>("coordinate", "--home", "h", "--consortium", "c.json", "--secure-aggregation", "--dp-min-members", "3"));

        Assert.Contains("option --dp-min-members needs --dp-epsilon", error.Message);
    }

    [Fact]
    public void ADispatchSimulationCommandLineGivesTheSimulationOptionsItAlwaysGave()
    {
        var arguments = Bind<DispatchVerb.SimulateArguments>(
            "dispatch", "simulate", "--operators", "3", "--evs", "50k", "--horizon", "48", "--reference", "--seed", "4", "--share", "0.3",
            "--penalty", "2", "--wear", "0.1", "--plot", "p.png", "--fleets", "synthetic", "--flat", "1.2", "--refine-seconds", "5",
            "--exact-limit", "100", "--report", "r.json", "--target", "t.json", "--grid-party", Address);

        var expected = new DispatchSimulationOptions(3, 50_000, 48, true, null, 4, 0.3, new DispatchCosts(2, 0.1), "p.png", true, 1.2, 5, 100);
        Assert.Equal(expected, arguments.Simulation);
        Assert.Equal(("r.json", "t.json", ChainAddress.Parse(Address)), (arguments.ReportPath, arguments.TargetPath, arguments.GridParty));
    }

    [Fact]
    public void ARequestFamilyAndItsLevelReachTheSimulation()
    {
        var ramp = Bind<DispatchVerb.SimulateArguments>("dispatch", "simulate", "--request", "ramp", "--level", "-0.3");
        var renewable = Bind<DispatchVerb.SimulateArguments>("dispatch", "simulate", "--request", "renewable");

        Assert.Equal(("ramp", -0.3), (ramp.Simulation.RequestFamily, ramp.Simulation.RequestLevel));
        Assert.Equal(("renewable", (double?)null), (renewable.Simulation.RequestFamily, renewable.Simulation.RequestLevel));
    }

    [Theory]
    [InlineData("100k", 100_000)]
    [InlineData("1M", 1_000_000)]
    [InlineData("2500", 2_500)]
    public void VehicleCountsKeepTheirSuffixes(string evs, int vehicles)
    {
        var arguments = Bind<DispatchVerb.SimulateArguments>("dispatch", "simulate", "--evs", evs);

        Assert.Equal(vehicles, arguments.Simulation.Vehicles);
    }

    [Fact]
    public void ABareDispatchSimulationHasTheDefaultsItAlwaysHad()
    {
        var arguments = Bind<DispatchVerb.SimulateArguments>("dispatch", "simulate");

        var expected = new DispatchSimulationOptions(10, 100_000, 96, false, null, 1, 0.25, DispatchCosts.Default, null, false, null, DispatchOptions.Default.RefineSeconds, LocalFleetOperator.DefaultExactVehicleLimit);
        Assert.Equal(expected, arguments.Simulation);
        Assert.Equal(new DispatchVerb.SimulateArguments(expected, null, null, null), arguments);
    }

    [Fact]
    public void ADispatchRequestCommandLineGivesTheRequestItAlwaysGave()
    {
        var arguments = Bind<DispatchVerb.RequestArguments>("dispatch", "request", "--fleets", "synthetic", "--operators", "2", "--evs", "200", "--out", "req.json");

        var fleets = new DispatchSimulationOptions(2, 200, SyntheticFleets: true);
        Assert.Equal(new DispatchVerb.RequestArguments(fleets, 1, 0.001, "req.json"), arguments);
        Assert.Equal("grid", Bind<DispatchVerb.RequestArguments>("dispatch", "request", "--home", "grid", "--out", "req.json").Home);
    }

    [Fact]
    public void AQuickExperimentCommandLineGivesTheExperimentOptionsItAlwaysGave()
    {
        var arguments = Bind<ExperimentVerb.Arguments>(
            "experiment", "--quick", "--operators", "4", "--strategies", "fedavg,fedadam", "--attack-factors", "2,3,0.5", "--parallel", "1",
            "--model", "gru", "--seed", "3", "--epochs", "2", "--settings", "baselines,dp", "--report", "out/e.json");

        var options = arguments.Options;
        Assert.Equal((3, 12, 2, 3, 1, 4, ForecastModelKind.Gru), (options.Rounds, options.WindowStride, options.LocalEpochs, options.Seed, options.Parallelism, options.Operators, options.Model));
        Assert.Equal(["fedavg", "fedadam"], options.Strategies);
        Assert.Equal((2.0, 3.0, 0.5), (options.SignFlipFactor, options.ScaledFactor, options.LabelCorruptionFactor));
        Assert.Equal(["baselines", "dp"], arguments.Groups!);
        Assert.Equal(4, arguments.SessionOperators);
        Assert.Equal(Path.GetFullPath("out/e.json"), arguments.ReportPath);
        Assert.Equal(Path.GetFullPath("out/e.png"), arguments.PlotPath);
        Assert.Empty(arguments.Sessions.Files);
    }

    [Fact]
    public void TheExperimentsDpOptionsSetItsDpSettings()
    {
        var options = Bind<ExperimentVerb.Arguments>(
            "experiment", "--dp-epsilons", "2,4.5", "--dp-members", "5,9", "--dp-simulated-members", "50,500", "--dp-sum-slack", "2", "--dp-no-site-split").Options;

        Assert.Equal([2, 4.5], options.Epsilons);
        Assert.Equal([5, 9], options.DpConsortia);
        Assert.Equal([50, 500], options.DpSimulatedMembers);
        Assert.Equal(2, options.DpSumSlack);
        Assert.False(options.DpBySite);
        var defaults = Bind<ExperimentVerb.Arguments>("experiment").Options;
        Assert.Equal([1.0, 3, 8], defaults.Epsilons);
        Assert.Equal([3, 7], defaults.DpConsortia);
        Assert.Equal((1, true), (defaults.DpSumSlack, defaults.DpBySite));
    }

    [Fact]
    public void ABareExperimentHasTheDefaultsItAlwaysHad()
    {
        var arguments = Bind<ExperimentVerb.Arguments>("experiment");

        var options = arguments.Options;
        var defaults = new ExperimentOptions();
        Assert.Equal((20, 2, 1, 7, Math.Max(1, Environment.ProcessorCount), 3, ForecastModelKind.Mlp), (options.Rounds, options.WindowStride, options.LocalEpochs, options.Seed, options.Parallelism, options.Operators, options.Model));
        Assert.Equal(defaults.Strategies, options.Strategies);
        Assert.Equal((5.0, 10.0, 1.0), (options.SignFlipFactor, options.ScaledFactor, options.LabelCorruptionFactor));
        Assert.Null(arguments.Groups);
        Assert.Null(arguments.SessionOperators);
        Assert.Equal(Path.GetFullPath("experiment.json"), arguments.ReportPath);
        Assert.Equal(Path.GetFullPath("experiment.png"), arguments.PlotPath);
    }

    [Fact]
    public void RepeatedSessionFilesAndTimeFormatsAreAllKept()
    {
        var arguments = Bind<ExperimentVerb.Arguments>(
            "experiment", "--sessions", "a.csv", "--time-format", "yyyy-MM-dd HH:mm", "--sessions", "b.csv", "--time-format", "dd/MM/yyyy HH:mm",
            "--columns", "site=Location,start=Begin,end=Finish,kwh=Energy", "--delimiter", ";", "--decimal", ",");

        Assert.Equal(["a.csv", "b.csv"], arguments.Sessions.Files);
        var expected = Consortium.Data.Sessions.SessionColumnMapping.Parse(
            "site=Location,start=Begin,end=Finish,kwh=Energy", ";", ",", ["yyyy-MM-dd HH:mm", "dd/MM/yyyy HH:mm"]);
        Assert.Equal(expected.DateTimeFormats, arguments.Sessions.Schema.DateTimeFormats);
        Assert.Equal(expected.Delimiter, arguments.Sessions.Schema.Delimiter);
    }

    [Fact]
    public void BenchCountsKeepTheirSuffixesAndCommas()
    {
        var arguments = Bind<BenchVerb.AggregationArguments>("bench", "aggregation", "--updates", "10,1k", "--parameters", "1_000,2M", "--repeat", "3", "--seed", "9", "--report", "b.json");

        Assert.Equal([10, 1000], arguments.Options.UpdateCounts);
        Assert.Equal([1000, 2_000_000], arguments.Options.ParameterCounts);
        Assert.Equal((3, 9UL, "b.json"), (arguments.Options.Repeat, arguments.Options.Seed, arguments.ReportPath));
        Assert.Equal(AggregationBenchmarkOptions.Default.UpdateCounts, Bind<BenchVerb.AggregationArguments>("bench", "aggregation").Options.UpdateCounts);
    }

    [Fact]
    public void AuditAndImportKeepTheirOptions()
    {
        Assert.Equal(
            new AuditVerb.VerifyArguments("r.json", "http://127.0.0.1:8545", "d", false),
            Bind<AuditVerb.VerifyArguments>("audit", "verify", "--report", "r.json", "--rpc", "http://127.0.0.1:8545", "--data-dir", "d"));
        Assert.True(Bind<AuditVerb.VerifyArguments>("audit", "verify", "--report", "r.json", "--strict").Strict);
        var cut = Bind<ImportVerb.Arguments>("import", "--operators", "7", "--data-dir", "stores");
        Assert.Equal((7, "stores", null), (cut.Operators, cut.DataDir, cut.Home));
        var own = Bind<ImportVerb.Arguments>("import", "--home", "h", "--sessions", "a.csv", "--delimiter", ";", "--sites", "Site A, Site B");
        Assert.Equal(("h", ';'), (own.Home, own.Sessions.Schema.Delimiter));
        Assert.Equal(["a.csv"], own.Sessions.Files);
        Assert.Equal(["Site A", "Site B"], own.Sites!);
    }

    private static T Bind<T>(params string[] args)
    {
        var parsed = ConsortiumCli.Parse(args);
        Assert.Empty(parsed.Errors);
        return Assert.IsType<Verb<T>>(parsed.CommandResult.Command).Bind(parsed);
    }
}
