using System.Globalization;
using System.Text;
using System.Text.Json;
using Consortium.Contracts.Chain;
using Consortium.Dispatch;
using Consortium.Dispatch.Coordination;
using Consortium.Dispatch.Fleets;
using Consortium.Dispatch.Sessions;
using Consortium.Experiments.Dispatch;
using Consortium.Node.GridParty;
using Consortium.Node.Reporting;

namespace Consortium.Node.Cli;

/// <summary><c>consortium dispatch simulate</c>: the coordinated fleet dispatch measured in one process.</summary>
public static class DispatchVerb
{
    /// <summary>The verb's lines in the executable's usage text.</summary>
    public const string Usage = """
          dispatch  fleet dispatch across operators (ADMM), measured against uncontrolled charging and earliest deadline first
                      simulate  --operators N (10)  --evs M (100k)  --horizon STEPS (96)  --reference
                                --target FILE (a signed flexibility request)  --grid-party ADDRESS (the only signer accepted)
                                --fleets sessions|synthetic  --share S (0.25, of each V2G vehicle's limit exported 17:00-21:00)
                                --flat LEVEL (ask instead for a flat load, LEVEL times the mean uncontrolled load)
                                --refine-seconds S (10: time budget of the exact re-plan stage)
                                --exact-limit N (500: operators with more vehicles keep their cleared setpoints)
                                --wear P (0.05 per kWh discharged)  --penalty P (1 per kWh of deviation)
                                --report PATH  --plot PATH.png  --seed S
                      request   write the default request for those fleets as a grid party would: JSON signed with --key HEX
                                (a fixed demo grid-party key when omitted)  --out FILE  --price P (0.12 per kWh)
                                and the fleet options of simulate (--operators --evs --horizon --fleets --share --flat --seed --penalty)
        """;

    /// <summary>Runs the verb.</summary>
    public static async Task<int> RunAsync(CommandLine line, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (line.Positional.Count != 1 || line.Positional[0] is not ("simulate" or "request"))
        {
            throw new UsageException("dispatch needs what to do: consortium dispatch simulate --operators N --evs M [--horizon 96] [--reference] [--target FILE] --report PATH, or dispatch request --out FILE");
        }

        if (line.Positional[0] == "request")
        {
            return await WriteRequestAsync(line, cancellationToken).ConfigureAwait(false);
        }

        var defaults = DispatchCosts.Default;
        var costs = new DispatchCosts(
            line.Double("penalty", defaults.DeviationPenaltyPerKwh, 1e-9, 1e6),
            line.Double("wear", defaults.WearCostPerKwh, 0, 1e6),
            defaults.ShortfallPenaltyPerKwh);
        var targetPath = line.Text("target");
        var trustedGridParty = GridParty(line);
        var options = new DispatchSimulationOptions(
            line.Int("operators", 10, 1, 10_000),
            Count(line.Text("evs") ?? "100k", "evs"),
            line.Int("horizon", FleetGenerator.DaySteps, 1, FleetGenerator.DaySteps),
            line.Flag("reference"),
            null,
            line.Int("seed", 1, 0),
            line.Double("share", 0.25, 0, 1),
            costs,
            line.Text("plot"),
            Synthetic(line),
            Flat(line),
            line.Double("refine-seconds", DispatchOptions.Default.RefineSeconds, 1e-3, 86_400),
            line.Int("exact-limit", LocalFleetOperator.DefaultExactVehicleLimit, 0, 1_000_000));
        var report = line.Text("report");
        line.RejectUnknown();
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
                Request = (signed.Request.ToTarget(costs), $"{targetPath}: request {signed.Request.RequestId} signed by {signed.Signer}, hash {signed.RequestHash}"),
            };
        }

        var result = await Task.Run(() => DispatchSimulation.Run(options, Console.Out), cancellationToken).ConfigureAwait(false);
        Console.WriteLine();
        Console.Write(FormatTable(result));
        if (report is not null)
        {
            var path = Path.GetFullPath(report);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, JsonSerializer.Serialize(result, ReportJson.Options), cancellationToken).ConfigureAwait(false);
            Console.WriteLine($"Report written to {path}");
        }

        return 0;
    }

    private static async Task<int> WriteRequestAsync(CommandLine line, CancellationToken cancellationToken)
    {
        var options = new DispatchSimulationOptions(
            line.Int("operators", 10, 1, 10_000),
            Count(line.Text("evs") ?? "100k", "evs"),
            line.Int("horizon", FleetGenerator.DaySteps, 1, FleetGenerator.DaySteps),
            Seed: line.Int("seed", 1, 0),
            ShaveShare: line.Double("share", 0.25, 0, 1),
            SyntheticFleets: Synthetic(line),
            FlatLevel: Flat(line));
        var penalty = line.Double("penalty", DispatchCosts.Default.DeviationPenaltyPerKwh, 1e-9, FlexibilityRequest.MaxPricePerKwh);
        var price = line.Double("price", 0.12, 0, FlexibilityRequest.MaxPricePerKwh);
        var key = line.Text("key") ?? AnvilDevKeys.GridParty;
        var output = line.Text("out") ?? throw new UsageException("dispatch request needs --out FILE");
        line.RejectUnknown();
        ChainAccount account;
        try
        {
            account = ChainAccount.FromPrivateKey(key);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            throw new UsageException($"--key is not a secp256k1 private key in hex: {e.Message}");
        }

        var (fleets, source) = SimulatedFleets.Build(options.Operators, options.Vehicles, options.HorizonSteps, options.Seed, options.SyntheticFleets, Console.Out);
        var (target, _) = options.MakeTarget(fleets);
        var issued = DateTimeOffset.UtcNow;
        issued = new DateTimeOffset(issued.Year, issued.Month, issued.Day, issued.Hour, issued.Minute, issued.Second, TimeSpan.Zero);
        var start = new DateTimeOffset(issued.Date, TimeSpan.Zero).AddDays(1);
        var request = new FlexibilityRequest(
            $"default-{options.Operators}x{options.Vehicles}-s{options.Seed}", account.Address, issued, start, target, price, penalty);
        var signed = FlexibilityRequestCodec.Sign(request, account);
        var path = Path.GetFullPath(output);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, signed.ToJson(), cancellationToken).ConfigureAwait(false);
        Console.WriteLine($"Request {request.RequestId} for {source}");
        Console.WriteLine($"  {target.Length} steps from {start:yyyy-MM-dd HH:mm} UTC, signed by grid party {signed.Signer}, hash {signed.RequestHash}");
        Console.WriteLine($"Written to {path}");
        return 0;
    }

    private static double? Flat(CommandLine line) => line.Text("flat") is null ? null : line.Double("flat", 1, 1e-3, 100);

    private static bool Synthetic(CommandLine line) => line.Text("fleets") switch
    {
        null or "sessions" => false,
        "synthetic" => true,
        var other => throw new UsageException($"--fleets takes sessions or synthetic, not '{other}'"),
    };

    private static ChainAddress? GridParty(CommandLine line)
    {
        var text = line.Text("grid-party");
        if (text is null)
        {
            return null;
        }

        try
        {
            return ChainAddress.Parse(text);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            throw new UsageException($"--grid-party is not an address: {e.Message}");
        }
    }

    /// <summary>The report's comparison as a plain-text table.</summary>
    public static string FormatTable(DispatchSimulationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.AppendLine(c, $"{report.Evs:N0} vehicles, {report.Operators} operators, {report.Intervals} steps; ADMM {report.AdmmSeconds:F2} s + clearing {report.ClearingSeconds:F2} s + exact re-plan {report.RefineSeconds:F2} s; peak memory {report.MemoryPeakMb:N0} MB");
        text.AppendLine(c, $"{"dispatch",-26} {"tracking",9} {"max dev kW",12} {"SoC viol.",9} {"short kWh",10} {"disch. kWh",11} {"Jain",6} {"objective",12} {"iter",5} {"seconds",8}");
        Row("ADMM (coordinated)", report.Admm);
        Row("uncontrolled", report.Uncontrolled);
        Row("earliest deadline first", report.EarliestDeadlineFirst);
        if (report.Reference is { } reference)
        {
            Row("centralized LP (OR-Tools)", reference);
            if (report.ReferenceBurnFree is { } burnFree)
            {
                // The LP burned energy: its replay breaks constraints and is no yardstick; bracket the real optimum instead.
                Row("LP, never burning", burnFree);
                text.AppendLine(c, $"the LP burns energy at {report.ReferenceSimultaneousSteps} vehicle-steps; the best real dispatch lies between its own objective {report.ReferenceLpObjective:F2} and the burn-free LP's {burnFree.Objective:F2}");
                text.AppendLine(c, $"optimality gap of ADMM against the burn-free LP: {report.OptimalityGapBurnFree:P3}, against the LP's own objective: {(report.Objective - report.ReferenceLpObjective) / report.ReferenceLpObjective:P3}");
            }
            else
            {
                text.AppendLine(c, $"optimality gap of ADMM against the LP: {report.OptimalityGap:P3}");
            }
        }

        return text.ToString();

        void Row(string name, DispatchMetrics m) => text.AppendLine(c,
            $"{name,-26} {m.TrackingError,9:P2} {m.MaxDeviationKw,12:F1} {m.SocFloorViolations,9} {m.DepartureShortfallKwh,10:F2} {m.DischargedKwh,11:F1} {m.JainFairness,6:F3} {m.Objective,12:F2} {m.Iterations,5} {m.SolveSeconds,8:F2}");
    }

    private static int Count(string text, string name)
    {
        var scale = 1;
        var digits = text.Trim();
        if (digits.EndsWith('k') || digits.EndsWith('K'))
        {
            scale = 1_000;
            digits = digits[..^1];
        }
        else if (digits.EndsWith('M'))
        {
            scale = 1_000_000;
            digits = digits[..^1];
        }

        if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value <= 0 || (long)value * scale > 50_000_000)
        {
            throw new UsageException($"--{name} takes a positive count such as 10000, 100k or 1M, not '{text}'");
        }

        return value * scale;
    }
}
