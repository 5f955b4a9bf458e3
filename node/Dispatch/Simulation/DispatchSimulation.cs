using System.Diagnostics;
using System.Globalization;

namespace Consortium.Node.Dispatch.Simulation;

/// <summary>
/// <c>dispatch simulate</c>: every operator's fleet in this process, the coordinated dispatch next to the uncontrolled
/// and earliest-deadline-first baselines (and, on request, the centralized LP), measured vehicle by vehicle.
/// </summary>
public static class DispatchSimulation
{
    /// <summary>Builds the fleets and the request, dispatches, measures, and returns the report.</summary>
    public static DispatchSimulationReport Run(DispatchSimulationOptions options, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        var costs = options.Costs ?? DispatchCosts.Default;
        if (options.Reference && options.Vehicles > DispatchSimulationOptions.MaxReferenceVehicles)
        {
            throw new ArgumentException(
                $"--reference solves one LP over every vehicle; {options.Vehicles:N0} vehicles is more than the {DispatchSimulationOptions.MaxReferenceVehicles:N0} it is meant for.",
                nameof(options));
        }

        var setup = Stopwatch.StartNew();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Building {options.Operators} fleets, {options.Vehicles:N0} vehicles in total, over {options.HorizonSteps} steps..."));
        var fleets = BuildFleets(options);
        var target = DispatchTargets.ShavePeakFillValley(fleets, options.HorizonSteps, options.ShaveShare);
        var request = new FleetRequest(options.HorizonSteps, target, fleets);
        var setupSeconds = setup.Elapsed.TotalSeconds;

        output.WriteLine("Coordinated dispatch (ADMM, operators in parallel)...");
        var lastReport = Stopwatch.StartNew();
        var progress = new SynchronousProgress<DispatchProgress>(p =>
        {
            if (p.Iteration == 1 || lastReport.Elapsed.TotalSeconds >= 1)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  iteration {p.Iteration,4}: primal {p.PrimalResidualKw,12:F3} kW  dual {p.DualResidualKw,12:F3} kW  rho {p.Rho:G3}"));
                lastReport.Restart();
            }
        });
        var admm = DispatchCoordinator.Dispatch(request, costs, progress: progress);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {admm.Iterations} iterations, {admm.SolveSeconds:F2} s, tracking error {admm.TrackingError:P2}, surplus {admm.SurplusKwh:F0} kWh, discharged {admm.DischargedKwh:F0} kWh"));

        output.WriteLine("Baselines: uncontrolled, earliest deadline first...");
        var uncontrolled = DispatchBaselines.Uncontrolled(request);
        var edf = DispatchBaselines.EarliestDeadlineFirst(request);

        var metrics = DispatchMetrics.Of(admm, costs);
        return new DispatchSimulationReport
        {
            Evs = options.Vehicles,
            Operators = options.Operators,
            Intervals = options.HorizonSteps,
            FleetSource = "FleetGenerator (stated assumptions)",
            TargetSource = string.Create(CultureInfo.InvariantCulture, $"default: evening peak of uncontrolled charging shaved by {options.ShaveShare:P0} of the V2G flexibility, energy moved to the night valley"),
            Admm = metrics,
            MemoryPeakMb = PeakMemoryMb(),
            SetupSeconds = setupSeconds,
            Costs = costs,
            Uncontrolled = DispatchMetrics.Of(uncontrolled, costs),
            EarliestDeadlineFirst = DispatchMetrics.Of(edf, costs),
            TargetKw = target,
            AggregateKw = admm.AggregateKw,
        };
    }

    /// <summary>Splits the vehicles over the operators as evenly as possible and draws each operator's fleet.</summary>
    public static Fleet[] BuildFleets(DispatchSimulationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Operators <= 0)
        {
            throw new ArgumentException($"At least one operator is needed, not {options.Operators}.", nameof(options));
        }

        if (options.Vehicles < options.Operators)
        {
            throw new ArgumentException($"{options.Vehicles} vehicles cannot be split over {options.Operators} operators.", nameof(options));
        }

        var fleets = new Fleet[options.Operators];
        Parallel.For(0, fleets.Length, i =>
        {
            var count = options.Vehicles / options.Operators + (i < options.Vehicles % options.Operators ? 1 : 0);
            fleets[i] = FleetGenerator.Generate(count, options.Seed * 1000 + i);
        });
        return fleets;
    }

    /// <summary>Peak resident set of this process (VmHWM), in MB; the managed heap's peak where /proc is absent.</summary>
    public static double PeakMemoryMb()
    {
        const string status = "/proc/self/status";
        if (File.Exists(status))
        {
            foreach (var line in File.ReadLines(status))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    var kb = double.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                    return kb / 1024;
                }
            }
        }

        return Process.GetCurrentProcess().PeakWorkingSet64 / 1e6;
    }

    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
