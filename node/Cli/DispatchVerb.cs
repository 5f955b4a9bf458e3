using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Consortium.Contracts.Chain;
using Consortium.Dispatch;
using Consortium.Dispatch.Coordination;
using Consortium.Dispatch.Exact;
using Consortium.Dispatch.Fleets;
using Consortium.Dispatch.Sessions;
using Consortium.Dispatch.Targets;
using Consortium.Dispatch.Wear;
using Consortium.Experiments.Dispatch;
using Consortium.Node.DispatchEvents.Participant;
using Consortium.Node.DispatchEvents;
using Consortium.Node.GridParty;
using Consortium.Node.Reporting;

namespace Consortium.Node.Cli;

/// <summary>
/// <c>consortium dispatch simulate</c>: the coordinated fleet dispatch measured in one process (<see cref="DispatchSimulation"/>);
/// <c>consortium dispatch request</c>: the default request for those fleets, signed as a grid party would;
/// <c>consortium dispatch wear-prices</c>: the wear price per kWh discharged of each battery chemistry.
/// </summary>
public static class DispatchVerb
{
    /// <summary>The verb and its sub-verbs <c>simulate</c>, <c>request</c> and <c>wear-prices</c>.</summary>
    public static VerbGroup Create() => new("dispatch", "Fleet dispatch across operators (ADMM), measured against uncontrolled charging and earliest deadline first.")
    {
        new Verb<SimulateArguments>(
            "simulate",
            "Dispatch the fleets to a grid party's request in one process and compare with uncontrolled charging, earliest deadline first and (--reference) the centralized LP.",
            new SimulateArguments(new DispatchSimulationOptions(0, 0), null, null, null),
            SimulateAsync)
        {
            { FleetOptions(), (a, v) => a with { Simulation = v } },
            { CliOption.Flag("--reference", $"also solve the centralized LP (OR-Tools) over every vehicle, at most {DispatchSimulationOptions.MaxReferenceVehicles:N0}"), (a, v) => a with { Simulation = a.Simulation with { Reference = v } } },
            { CliOption.Flag("--online", "also run the day as it happens: every step re-planned with the vehicles plugged in (departures stated with noise) and forecast arrivals, against perfect information, uncontrolled charging and MPC with a seasonal-naive forecast"), (a, v) => a with { Simulation = a.Simulation with { Online = v } } },
            { CliOption.Flag("--offer", "also forecast each operator's day-ahead flexibility offer (quantiles over 10 other days of its draw) and check the request against their sum"), (a, v) => a with { Simulation = a.Simulation with { Offer = v } } },
            { CliOption.Date("--date", "dispatch a real calendar day of the bundled sessions (yyyy-mm-dd, among the load forecast's test days): the operators' history is the same weekdays before it, the consortium's forecast of the day that history at the level of its federated load forecast, and the request is shaped from that forecast [default: a day drawn from the sessions' profile]", null), (a, v) => a with { Simulation = a.Simulation with { Date = CliOption.DayOrNull(v) } } },
            { CliOption.Int("--forecast-rounds", "with --date: FedAvg rounds of the consortium's load forecast of the day", 20, 1, 1_000), (a, v) => a with { Simulation = a.Simulation with { ForecastRounds = v } } },
            { CliOption.Int("--forecast-days", "with --online: earlier days (with --date, same weekdays) the consortium's arrivals forecast averages", 4, 1, 28), (a, v) => a with { Simulation = a.Simulation with { OnlineForecastDays = v } } },
            { CliOption.Number("--replan-seconds", "with --online: wall-clock budget of each step's re-plan", 5, 1e-3, 3_600, "S"), (a, v) => a with { Simulation = a.Simulation with { ReplanSeconds = v } } },
            { CliOption.Int("--replan-prices", "with --online: prices each step's re-plan posts at most (with a --replan-seconds it never reaches, the day is the same on any machine)", PriceDecompositionOptions.Default.MaxIterations, 1, 100_000), (a, v) => a with { Simulation = a.Simulation with { ReplanPrices = v } } },
            { CliOption.Flag("--oracle-forecast", "with --online: also run the day with its own vehicles as the arrivals forecast (what a perfect arrivals forecast would give; report online.oracleForecastTrackingError)"), (a, v) => a with { Simulation = a.Simulation with { OracleForecast = v } } },
            { CliOption.Number("--departure-noise", "with --online: standard deviation of the error on stated departures, in 15-minute steps", 2, 0, 96, "STEPS"), (a, v) => a with { Simulation = a.Simulation with { DepartureNoiseSteps = v } } },
            { CliOption.Flag("--prices", "also dispatch by price decomposition: operators answer prices vehicle by vehicle, a master mixes their answers, and its bounds certify the gap to the LP at any size"), (a, v) => a with { Simulation = a.Simulation with { Prices = v } } },
            { CliOption.Number("--prices-seconds", "time budget of the price decomposition", 120, 1e-3, 86_400, "S"), (a, v) => a with { Simulation = a.Simulation with { PriceSeconds = v } } },
            { CliOption.Number("--prices-gap", "relative gap between its bounds at which the price decomposition stops", 1e-3, 0, 1, "G"), (a, v) => a with { Simulation = a.Simulation with { PriceGap = v } } },
            { CliOption.Text("--target", "a signed flexibility request to serve, as written by dispatch request [default: the request made up for the fleets]", "FILE"), (a, v) => a with { TargetPath = v } },
            { CliOption.Address("--grid-party", "the only signer a --target request is accepted from [default: any signer]"), (a, v) => a with { GridParty = v } },
            { CliOption.Number("--penalty", "what each kWh of deviation from the target costs", DispatchCosts.Default.DeviationPenaltyPerKwh, 1e-9, 1e6, "P"), (a, v) => a with { Simulation = a.Simulation with { Costs = (a.Simulation.Costs ?? DispatchCosts.Default) with { DeviationPenaltyPerKwh = v } } } },
            { CliOption.Number("--wear", "battery wear per kWh discharged", DispatchCosts.Default.WearCostPerKwh, 0, 1e6, "P"), (a, v) => a with { Simulation = a.Simulation with { Costs = (a.Simulation.Costs ?? DispatchCosts.Default) with { WearCostPerKwh = v } } } },
            { CliOption.Text("--wear-prices", "each pack chemistry's wear price: uniform (--wear for every chemistry), measured (from the fade measured in the bundled battery data, dispatch wear-prices), or a wear-prices JSON FILE [default: uniform]", "uniform|measured|FILE"), (a, v) => a with { WearPrices = v } },
            { CliOption.Parsed<ChemistryMix?>("--chemistry-mix", $"shares of the vehicles' pack chemistries, e.g. LFP=0.5,NCA=0.5, or one chemistry [default: {ChemistryMix.Default}]", null, ChemistryMix.Parse, "MIX"), (a, v) => a with { Simulation = a.Simulation with { Chemistries = v } } },
            { CliOption.Number("--refine-seconds", "time budget of the exact re-plan stage", DispatchOptions.Default.RefineSeconds, 1e-3, 86_400, "S"), (a, v) => a with { Simulation = a.Simulation with { RefineSeconds = v } } },
            { CliOption.Choice("--exact", "how the exact stage improves on the clearing: prices (every operator answers prices vehicle by vehicle; any size) or replan (operators up to --exact-limit re-plan their fleet as one LP in turn)", "prices", [new Choice<ExactMethod>("prices", ExactMethod.Prices), new Choice<ExactMethod>("replan", ExactMethod.Replan)]), (a, v) => a with { Simulation = a.Simulation with { ExactMethod = v.Value } } },
            { CliOption.Int("--exact-limit", "with --exact replan: operators with more vehicles keep their cleared setpoints instead of re-planning exactly", LocalFleetOperator.DefaultExactVehicleLimit, 0, 1_000_000), (a, v) => a with { Simulation = a.Simulation with { ExactVehicleLimit = v } } },
            { CliOption.Text("--report", "where to write the JSON report [default: none]", "PATH"), (a, v) => a with { ReportPath = v } },
            { CliOption.Text("--plot", "where to draw target, dispatch and baselines as a PNG [default: none]", "PATH.png"), (a, v) => a with { Simulation = a.Simulation with { PlotPath = v } } },
        },
        new Verb<RequestArguments>(
            "request",
            "Write the default request for the fleets of simulate as a grid party would: JSON signed with the key of the grid party's home (--home), or with the demo's documented development grid-party key.",
            new RequestArguments(new DispatchSimulationOptions(0, 0), 0, 0, string.Empty),
            WriteRequestAsync)
        {
            { FleetOptions(), (a, v) => a with { Simulation = v } },
            { CliOption.Number("--penalty", "what each kWh of deviation from the target costs", DispatchCosts.Default.DeviationPenaltyPerKwh, 1e-9, FlexibilityRequest.MaxPricePerKwh, "P"), (a, v) => a with { Penalty = v } },
            { CliOption.Number("--price", "tokens per kWh an operator delivers along its allocation (the settlement's reward rate)", 0.001, 0, 1000, "P"), (a, v) => a with { Price = v } },
            { CliOption.Text("--consortium", "the consortium the request is signed for (its consortium.json) [default: simulation only, for dispatch simulate --request]", "FILE"), (a, v) => a with { Consortium = v } },
            { CliOption.Text("--home", "the grid party's home folder, whose key signs (the password from --password-file or CONSORTIUM_PASSWORD) [default: the demo's documented development grid-party key]", "DIR"), (a, v) => a with { Home = v } },
            { CliOption.Text("--password-file", $"a file whose first line is the home's password [default: {Home.NodePassword.EnvironmentVariable}]", "FILE"), (a, v) => a with { PasswordFile = v } },
            { CliOption.RequiredText("--out", "where to write the signed request", "FILE"), (a, v) => a with { OutPath = v } },
        },
        new Verb<WearPricesArguments>(
            "wear-prices",
            "Print the wear price per kWh discharged of each battery chemistry: from a --wear-prices file, or from the fade measured in the bundled battery data.",
            new WearPricesArguments(null, WearPriceBook.DefaultReplacementCostPerKwh, ChemistryWear.DefaultEndOfLifeSoHPercent),
            WritePricesAsync)
        {
            { CliOption.Text("--wear-prices", "a JSON file of each chemistry's fade per cycle and replacement cost (see docs/dispatch.md) [default: the measured fade]", "FILE"), (a, v) => a with { WearPricesPath = v } },
            { CliOption.Number("--replacement-cost", "pack replacement cost per kWh of capacity, with the measured fade", WearPriceBook.DefaultReplacementCostPerKwh, 0, 1e6, "P"), (a, v) => a with { ReplacementCostPerKwh = v } },
            { CliOption.Number("--end-of-life", "state of health in percent at which a pack is replaced, with the measured fade", ChemistryWear.DefaultEndOfLifeSoHPercent, 1, 99, "SOH"), (a, v) => a with { EndOfLifeSoHPercent = v } },
        },
    };

    /// <summary>The fleets and the made-up request that <c>simulate</c> and <c>request</c> share.</summary>
    private static OptionGroup<DispatchSimulationOptions> FleetOptions()
    {
        var operators = CliOption.Int("--operators", "operators the vehicles are split across", 10, 1, 10_000);
        var evs = CliOption.Count("--evs", "vehicles in total; k and M allowed (100k, 1M)", 100_000, 1, 50_000_000, "M");
        var horizon = CliOption.Int("--horizon", "15-minute steps (96 is a day)", FleetGenerator.DaySteps, 1, FleetGenerator.DaySteps, "STEPS");
        var fleets = CliOption.Choice("--fleets", "where the vehicles come from: the bundled charging sessions, or synthetic", "sessions", DemoVerb.FleetSources);
        var share = CliOption.Number("--share", "share of each V2G vehicle's limit the made-up request asks it to export 17:00-21:00", 0.25, 0, 1, "S");
        var flat = CliOption.OptionalNumber("--flat", "ask instead for a flat load, LEVEL times the mean uncontrolled load (the same as --request flat --level LEVEL) [default: the shaved evening peak]", 1e-3, 100, "LEVEL");
        var family = CliOption.Choice(
            "--request",
            "the grid party's request, shaped from the load the fleets would draw uncontrolled: default (the fleets' shaved evening peak), peak-shave (peak cut by LEVEL, default 0.2), valley-fill (every step raised to LEVEL times the mean, default 0.6), flat (LEVEL times the mean, default 1), ramp (the mean tilted by ±LEVEL, default 0.5) or renewable (LEVEL of the energy evenly, the rest like solar, default 0.4)",
            "default",
            [.. GridRequestShapes.Families.Select(f => new Choice<string>(f, f))]);
        var level = CliOption.OptionalNumber("--level", "the --request family's level [default: the family's]", -1, 100, "LEVEL");
        var seed = CliOption.Int("--seed", "seed of the fleets", 1, 0, helpName: "S");
        return new OptionGroup<DispatchSimulationOptions>(
            [operators, evs, horizon, fleets, share, flat, family, level, seed],
            result => new DispatchSimulationOptions(
                result.GetValue(operators),
                result.GetValue(evs),
                result.GetValue(horizon),
                Seed: result.GetValue(seed),
                ShaveShare: result.GetValue(share),
                SyntheticFleets: result.GetValue(fleets).Value == OperatorFleetSource.Synthetic,
                FlatLevel: result.GetValue(flat))
            {
                RequestFamily = result.GetValue(family).Value is "default" ? null : result.GetValue(family).Value,
                RequestLevel = result.GetValue(level),
            });
    }

    private static async Task<int> SimulateAsync(SimulateArguments arguments, TextWriter output, CancellationToken cancellationToken)
    {
        var (options, report, targetPath, trustedGridParty, _) = arguments;
        if (arguments.WearPrices is { } wearPrices && !string.Equals(wearPrices, "uniform", StringComparison.OrdinalIgnoreCase))
        {
            var book = await ReadWearPricesAsync(wearPrices, cancellationToken).ConfigureAwait(false);
            options = options with { Costs = (options.Costs ?? DispatchCosts.Default) with { WearPrices = book } };
        }

        if (options.Vehicles < options.Operators)
        {
            throw new UsageException($"--evs {options.Vehicles} cannot be split over --operators {options.Operators}");
        }

        if (options.Reference && options.Vehicles > DispatchSimulationOptions.MaxReferenceVehicles)
        {
            throw new UsageException($"--reference solves one LP over every vehicle; use it with at most {DispatchSimulationOptions.MaxReferenceVehicles:N0} vehicles");
        }

        if (targetPath is not null)
        {
            // A request from a file is checked (signature, signer, shape) before any fleet is built.
            var policy = trustedGridParty is { } party ? new FlexibilityRequestPolicy(new HashSet<ChainAddress> { party }) : FlexibilityRequestPolicy.AnySigner;
            var signed = FlexibilityRequestCodec.Parse(await File.ReadAllTextAsync(targetPath, cancellationToken).ConfigureAwait(false), policy);
            options = options with
            {
                Request = (signed.Request.ToTarget(options.Costs ?? DispatchCosts.Default), $"{targetPath}: request {signed.Request.RequestId} signed by {signed.Signer}, hash {signed.RequestHash}"),
            };
        }

        var result = await Task.Run(() => DispatchSimulation.Run(options, output), cancellationToken).ConfigureAwait(false);
        output.WriteLine();
        output.Write(DispatchSimulationTable.Format(result));
        if (report is not null)
        {
            var path = Path.GetFullPath(report);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, JsonSerializer.Serialize(result, ReportJson.Options), cancellationToken).ConfigureAwait(false);
            output.WriteLine($"Report written to {path}");
        }

        return 0;
    }

    /// <summary>The book <c>--wear-prices</c> names: <c>measured</c> (the bundled fade with the default cost and end of life) or a file.</summary>
    private static async Task<WearPriceBook> ReadWearPricesAsync(string wearPrices, CancellationToken cancellationToken)
    {
        if (string.Equals(wearPrices, "measured", StringComparison.OrdinalIgnoreCase))
        {
            return WearPriceBook.Empirical();
        }

        if (!File.Exists(wearPrices))
        {
            throw new UsageException($"--wear-prices must be uniform, measured or a wear-prices file; '{wearPrices}' is none of these");
        }

        try
        {
            return WearPriceBook.Parse(await File.ReadAllTextAsync(wearPrices, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw new UsageException($"--wear-prices {wearPrices}: {e.Message}");
        }
    }

    private static async Task<int> WritePricesAsync(WearPricesArguments arguments, TextWriter output, CancellationToken cancellationToken)
    {
        WearPriceBook book;
        string source;
        if (arguments.WearPricesPath is { } path)
        {
            book = WearPriceBook.Parse(await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false));
            source = $"fade and costs from {path}";
        }
        else
        {
            book = WearPriceBook.Empirical(arguments.ReplacementCostPerKwh, arguments.EndOfLifeSoHPercent);
            source = "fade measured in the bundled battery data (median per chemistry, not the federated model)";
        }

        output.WriteLine($"Wear per kWh discharged, {source}:");
        output.WriteLine($"  {"chemistry",-9} {"fade/cycle",10} {"cost/kWh",9} {"end of life",11} {"wear/kWh",9}");
        foreach (var wear in book.Wear!)
        {
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"  {WearPriceBook.ChemistryName(wear.Chemistry),-9} {wear.FadePerCyclePercent,9:F4}% {wear.ReplacementCostPerKwh,9:F2} {wear.EndOfLifeSoHPercent,10:F0}% {book.PriceOf(wear.Chemistry),9:F4}"));
        }

        return 0;
    }

    private static async Task<int> WriteRequestAsync(RequestArguments arguments, TextWriter output, CancellationToken cancellationToken)
    {
        var (options, penalty, price, outPath) = arguments;
        var account = arguments.Home is { } homePath
            ? Home.NodeHome.Open(homePath).OpenAccount(Home.NodePassword.Read(arguments.PasswordFile))
            : ChainAccount.FromPrivateKey(AnvilDevKeys.GridParty);

        var (fleets, source) = SimulatedFleets.Build(options.Operators, options.Vehicles, options.HorizonSteps, options.Seed, options.SyntheticFleets, output);
        var (target, _) = options.MakeTarget(fleets);
        var issued = DateTimeOffset.UtcNow;
        issued = new DateTimeOffset(issued.Year, issued.Month, issued.Day, issued.Hour, issued.Minute, issued.Second, TimeSpan.Zero);
        var start = new DateTimeOffset(issued.Date, TimeSpan.Zero).AddDays(1);
        var domain = arguments.Consortium is { } consortium
            ? RequestDomain.Of(await Home.ConsortiumAccess.ReadDescriptorAsync(consortium, cancellationToken).ConfigureAwait(false))
            : RequestDomain.Simulation;
        var settlement = DispatchSettlementRule.Default with { RewardWeiPerKwh = TokenAmount.FromTokens((decimal)price) };
        var request = new FlexibilityRequest(
            $"default-{options.Operators}x{options.Vehicles}-s{options.Seed}",
            account.Address,
            domain,
            issued,
            start,
            target.Select(kw => Math.Round(kw * 1000) / 1000),
            penalty,
            settlement);
        var signed = FlexibilityRequestCodec.Sign(request, account);
        var path = Path.GetFullPath(outPath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, signed.ToJson(), cancellationToken).ConfigureAwait(false);
        output.WriteLine($"Request {request.RequestId} for {source}");
        output.WriteLine($"  {target.Length} steps from {start:yyyy-MM-dd HH:mm} UTC, signed by grid party {signed.Signer}, hash {signed.RequestHash}");
        output.WriteLine($"Written to {path}");
        return 0;
    }

    /// <summary>What <c>dispatch wear-prices</c> prices from.</summary>
    /// <param name="WearPricesPath">A wear-prices JSON file (<see cref="WearPriceBook.Parse"/>); the measured fade when null.</param>
    /// <param name="ReplacementCostPerKwh">Pack replacement cost per kWh, with the measured fade.</param>
    /// <param name="EndOfLifeSoHPercent">State of health at which a pack is replaced, with the measured fade.</param>
    public sealed record WearPricesArguments(string? WearPricesPath, double ReplacementCostPerKwh, double EndOfLifeSoHPercent);

    /// <summary>What <c>dispatch simulate</c> runs with.</summary>
    /// <param name="Simulation">The fleets, the request and the dispatch.</param>
    /// <param name="ReportPath">Where to write the JSON report, or null.</param>
    /// <param name="TargetPath">A signed request to serve instead of the made-up one, or null.</param>
    /// <param name="GridParty">The only signer accepted for <paramref name="TargetPath"/>, or null for any.</param>
    /// <param name="WearPrices">What <c>--wear-prices</c> names: <c>uniform</c>, <c>measured</c> or a file; null for uniform.</param>
    public sealed record SimulateArguments(DispatchSimulationOptions Simulation, string? ReportPath, string? TargetPath, ChainAddress? GridParty, string? WearPrices = null);

    /// <summary>What <c>dispatch request</c> runs with.</summary>
    /// <param name="Simulation">The fleets and the made-up request.</param>
    /// <param name="Penalty">What each kWh of deviation costs.</param>
    /// <param name="Price">Tokens per kWh delivered along an allocation.</param>
    /// <param name="OutPath">Where the signed request goes.</param>
    public sealed record RequestArguments(DispatchSimulationOptions Simulation, double Penalty, double Price, string OutPath)
    {
        /// <summary>The grid party's home folder, or null for the demo's development grid-party key.</summary>
        public string? Home { get; init; }

        /// <summary>The home's password file, or null for the environment.</summary>
        public string? PasswordFile { get; init; }

        /// <summary>The consortium descriptor the request is signed for, or null for a simulation-only request.</summary>
        public string? Consortium { get; init; }
    }
}
