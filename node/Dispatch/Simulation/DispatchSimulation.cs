using System.Diagnostics;
using System.Globalization;
using Consortium.Data.Councils;
using Consortium.Node.Dispatch.Requests;
using Consortium.Node.Dispatch.Sessions;

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
        // A request from a file is checked (signature, signer, shape) before any fleet is built.
        SignedFlexibilityRequest? signed = null;
        if (options.TargetPath is { } path)
        {
            var policy = options.TrustedGridParty is { } party
                ? new FlexibilityRequestPolicy(new HashSet<ChainAddress> { party })
                : FlexibilityRequestPolicy.AnySigner;
            signed = FlexibilityRequestCodec.Parse(File.ReadAllText(path), policy);
            if (signed.Request.HorizonSteps != options.HorizonSteps)
            {
                throw new ArgumentException(
                    $"The request in {path} covers {signed.Request.HorizonSteps} steps; run with --horizon {signed.Request.HorizonSteps}.", nameof(options));
            }
        }

        var (fleets, fleetSource) = BuildFleets(options, output);
        double[] target;
        string targetSource;
        if (signed is not null)
        {
            var asked = signed.Request.ToTarget(costs);
            target = asked.TargetKw;
            costs = asked.Costs;
            targetSource = $"{options.TargetPath}: request {signed.Request.RequestId} signed by {signed.Signer}, hash {signed.RequestHash}";
        }
        else
        {
            (target, targetSource) = options.MakeTarget(fleets);
        }

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
        var admm = DispatchCoordinator.Dispatch(request, costs, DispatchOptions.Default with { RefineSeconds = options.RefineSeconds }, progress, options.ExactVehicleLimit);
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"  {admm.Iterations} ADMM iterations ({(admm.Converged ? "converged" : "not converged")}) in {admm.Coordination!.AdmmSeconds:F2} s, clearing {admm.Coordination.ClearingSeconds:F2} s{Refined(admm.Coordination)}; tracking error {admm.TrackingError:P2}, {admm.DischargedKwh:F0} kWh discharged"));

        output.WriteLine("Baselines: uncontrolled, earliest deadline first...");
        var uncontrolled = DispatchBaselines.Uncontrolled(request);
        var edf = DispatchBaselines.EarliestDeadlineFirst(request);

        var metrics = DispatchMetrics.Of(admm, costs);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  uncontrolled tracking error {uncontrolled.TrackingError:P1}, earliest deadline first {edf.TrackingError:P1}"));
        DispatchMetrics? referenceMetrics = null;
        ReferenceDispatch? referenceSolution = null;
        DispatchMetrics? burnFreeMetrics = null;
        double? gap = null;
        double? burnFreeGap = null;
        if (options.Reference)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Centralized reference: one LP over all {options.Vehicles:N0} vehicles (OR-Tools GLOP)..."));
            var reference = referenceSolution = DispatchReference.Solve(request, costs);
            var measured = reference.Measure(request);
            referenceMetrics = DispatchMetrics.Of(measured, costs);

            // Relative to the optimum, but never to less than a millionth of what delivering nothing would cost, so that a
            // request met exactly at no cost (an optimum of float noise) does not blow the ratio up.
            var nothingCost = 0.0;
            foreach (var kw in target)
            {
                nothingCost += Math.Abs(kw) * FleetRequest.StepHours * costs.DeviationPenaltyPerKwh;
            }

            gap = (metrics.Objective - referenceMetrics.Objective) / Math.Max(referenceMetrics.Objective, 1e-6 * nothingCost);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  objective {referenceMetrics.Objective:F2} in {reference.Seconds:F2} s; ADMM {metrics.Objective:F2} ({gap:P2})"));
            if (reference.SimultaneousChargeDischargeSteps > 0)
            {
                output.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"  the LP charges and discharges one vehicle at once at {reference.SimultaneousChargeDischargeSteps} vehicle-steps (no charger can): a relaxation, its own objective {reference.LpObjective:F2} a lower bound"));

                // A schedule no charger can follow is no ground truth. Priced so that burning never pays, the LP gives a
                // real schedule; its objective at the true prices bounds the best real dispatch from above.
                var burnFree = DispatchReference.Solve(request, costs with { WearCostPerKwh = costs.BurnFreeWear(costs.DeviationPenaltyPerKwh, fleets.Max(f => f.WorstRoundTripLoss())) });
                burnFreeMetrics = DispatchMetrics.Of(DispatchResult.Measure(request, burnFree.Schedules, 1, true, burnFree.Seconds), costs);
                burnFreeGap = (metrics.Objective - burnFreeMetrics.Objective) / Math.Max(burnFreeMetrics.Objective, 1e-6 * nothingCost);
                output.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"  the LP priced so that it never burns ({burnFree.SimultaneousChargeDischargeSteps} such steps left): objective {burnFreeMetrics.Objective:F2} at the true prices, {burnFreeMetrics.SocFloorViolations} SoC violations; ADMM {metrics.Objective:F2} ({burnFreeGap:P2})"));
            }
        }

        var report = new DispatchSimulationReport
        {
            Evs = options.Vehicles,
            Operators = options.Operators,
            Intervals = options.HorizonSteps,
            FleetSource = fleetSource,
            TargetSource = targetSource,
            Admm = metrics,
            MemoryPeakMb = PeakMemoryMb(),
            AdmmSeconds = admm.Coordination!.AdmmSeconds,
            ClearingSeconds = admm.Coordination.ClearingSeconds,
            RefineSeconds = admm.Coordination.RefineSeconds,
            Refinement = admm.Coordination.Refinement,
            SetupSeconds = setupSeconds,
            Costs = costs,
            Reference = referenceMetrics,
            OptimalityGap = gap,
            ReferenceLpObjective = referenceSolution?.LpObjective,
            ReferenceBurnFree = burnFreeMetrics,
            OptimalityGapBurnFree = burnFreeGap,
            ReferenceSimultaneousSteps = referenceSolution?.SimultaneousChargeDischargeSteps,
            Uncontrolled = DispatchMetrics.Of(uncontrolled, costs),
            EarliestDeadlineFirst = DispatchMetrics.Of(edf, costs),
            TargetKw = target,
            AggregateKw = admm.AggregateKw,
        };
        if (options.PlotPath is { } plot)
        {
            DispatchPlot.Write(plot, report, uncontrolled.AggregateKw, edf.AggregateKw);
            output.WriteLine($"Plot written to {Path.GetFullPath(plot)}");
        }

        return report;
    }

    /// <summary>
    /// Splits the vehicles over the operators as evenly as possible and draws each operator's fleet: from the bundled
    /// Scottish sessions (operators alternate between the two councils' profiles), or from <see cref="FleetGenerator"/>.
    /// </summary>
    public static (Fleet[] Fleets, string Source) BuildFleets(DispatchSimulationOptions options, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        if (options.Operators <= 0)
        {
            throw new ArgumentException($"At least one operator is needed, not {options.Operators}.", nameof(options));
        }

        if (options.Vehicles < options.Operators)
        {
            throw new ArgumentException($"{options.Vehicles} vehicles cannot be split over {options.Operators} operators.", nameof(options));
        }

        Func<int, int, Fleet> draw;
        string source;
        if (options.SyntheticFleets)
        {
            draw = (count, seed) => FleetGenerator.Generate(count, seed);
            source = "synthetic: FleetGenerator (stated assumptions)";
        }
        else
        {
            var data = ScottishCouncilData.Load(ScottishCouncilData.LocateRoot());
            var profiles = data.ByCouncil.Keys.Order(StringComparer.Ordinal).Select(c => (Council: c, Profile: SessionFleets.ForCouncil(data, c))).ToArray();
            foreach (var (council, profile) in profiles)
            {
                var summary = profile.Summary;
                output.WriteLine($"  {council}: {summary}");
            }

            draw = (count, seed) => profiles[seed % profiles.Length].Profile.Generate(count, seed);
            source = "sessions: " + string.Join(" / ", profiles.Select(p => p.Council)) + " charging sessions (operators alternate), stated battery, SoC and V2G assumptions";
        }

        var fleets = new Fleet[options.Operators];
        Parallel.For(0, fleets.Length, i =>
        {
            var count = options.Vehicles / options.Operators + (i < options.Vehicles % options.Operators ? 1 : 0);
            fleets[i] = Clip(draw(count, options.Seed * 1000 + i), options.HorizonSteps);
        });
        return (fleets, source);
    }

    /// <summary>
    /// Cuts a day's fleet to a shorter horizon: vehicles arriving after it are kept but parked at its last step with no
    /// need; stays running past it end there, with their need trimmed to what the shortened stay can deliver.
    /// </summary>
    private static Fleet Clip(Fleet fleet, int horizonSteps)
    {
        if (horizonSteps >= FleetGenerator.DaySteps)
        {
            return fleet;
        }

        var arrival = (int[])fleet.Arrival.Clone();
        var departure = (int[])fleet.Departure.Clone();
        var need = (double[])fleet.EnergyNeededKwh.Clone();
        for (var i = 0; i < fleet.Count; i++)
        {
            if (arrival[i] >= horizonSteps)
            {
                arrival[i] = horizonSteps - 1;
                need[i] = 0;
            }

            departure[i] = Math.Clamp(departure[i], arrival[i] + 1, horizonSteps);
            var deliverable = 0.9 * fleet.MaxChargeKw[i] * fleet.ChargeEfficiency[i] * FleetRequest.StepHours * (departure[i] - arrival[i]);
            need[i] = Math.Min(need[i], deliverable);
        }

        return new Fleet(
            arrival, departure, need, fleet.CapacityKwh, fleet.ArrivalSoc, fleet.MaxChargeKw, fleet.MaxDischargeKw,
            fleet.ChargeEfficiency, fleet.DischargeEfficiency, fleet.SiteLimitKw);
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

    private static string Refined(CoordinatedDispatch coordination) => coordination.Refinement is { } r
        ? string.Create(CultureInfo.InvariantCulture, $", exact re-plan {coordination.RefineSeconds:F2} s ({r.Operators} operators, {r.Sweeps} sweeps, {r.AdmmIterations} ADMM iterations, objective {r.ClearedObjective:F4} -> {r.Objective:F4}{(r.BudgetReached ? ", stopped at its time budget" : "")})")
        : "";
}
