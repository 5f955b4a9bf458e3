using System.Diagnostics;
using Consortium.Dispatch.Fleets;
using Google.OrTools.LinearSolver;

namespace Consortium.Dispatch.Exact;

/// <summary>
/// Solves the dispatch objective of <see cref="DispatchCosts"/> exactly, as one linear programme over all vehicles
/// (<see cref="FleetProgramme"/>), with Google OR-Tools' GLOP simplex solver. It needs every vehicle's data in one place,
/// which the consortium's operators do not share; it exists to measure how far the distributed coordinator is from the
/// optimum.
/// </summary>
/// <remarks>
/// <para>
/// Charging and discharging one vehicle in the same step is allowed by the programme and burns energy
/// (ηc·c − d/ηd of battery energy for c − d of grid power). The schedule stores only c − d, which replays to more battery
/// energy than the programme assumed, so a solution that burns can overfill batteries on replay and its
/// <see cref="ReferenceDispatch.Objective"/> departs from <see cref="ReferenceDispatch.LpObjective"/>. Burning costs
/// wear on d and saves at most penalty · (1/(ηc·ηd) − 1) per kWh of d in deviation: 0.156 per kWh with the default
/// penalty of 1 and 93 % efficiencies, above the default wear of 0.05. So wherever a target asks for more import than the
/// batteries can hold, the optimum burns (393 vehicle-steps on 400 vehicles asked for a flat 1.5 times their mean
/// uncontrolled load); on the default requests of 500 to 5 000 vehicles it never did.
/// <see cref="ReferenceDispatch.SimultaneousChargeDischargeSteps"/> reports it on every solve; the LP is then a relaxation
/// and <see cref="ReferenceDispatch.LpObjective"/> a lower bound on any dispatch chargers can follow, and
/// <see cref="SolveBurnFree"/> gives one that chargers can.
/// </para>
/// </remarks>
public static class DispatchReference
{
    /// <summary>Setpoints at or below this many kW count as zero when looking for simultaneous charge and discharge.</summary>
    public const double ActivityThresholdKw = FleetProgramme.ActivityThresholdKw;

    /// <summary>Builds and solves the programme over all fleets of the request.</summary>
    /// <param name="request">Target and fleets.</param>
    /// <param name="costs">The prices of the objective.</param>
    /// <param name="timeLimit">Wall-clock limit for GLOP; none when null.</param>
    /// <exception cref="InvalidOperationException">GLOP did not prove a solution optimal: NOT_SOLVED when the time limit ran out,
    /// ABNORMAL on numerical trouble, INFEASIBLE or UNBOUNDED only through a modelling bug. The message names the status.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The time limit is zero or negative.</exception>
    public static ReferenceDispatch Solve(FleetRequest request, DispatchCosts costs, TimeSpan? timeLimit = null) =>
        Solve(request, costs, timeLimit, FleetProgrammeOptions.Default);

    /// <summary>
    /// The reference priced so that burning never pays: each chemistry's wear at <see cref="DispatchCosts.BurnFreeWear"/> of
    /// the worst round-trip loss of all fleets. A schedule no charger can follow is no ground truth; this one chargers can, and its
    /// objective at the true prices bounds the best real dispatch from above. Its <see cref="ReferenceDispatch.Objective"/>
    /// is at the burn-free prices: evaluate its schedules at <paramref name="costs"/> to compare.
    /// </summary>
    /// <inheritdoc cref="Solve(FleetRequest, DispatchCosts, TimeSpan?)"/>
    public static ReferenceDispatch SolveBurnFree(FleetRequest request, DispatchCosts costs, TimeSpan? timeLimit = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(costs);
        var worstLoss = request.Fleets.Max(f => f.WorstRoundTripLoss());
        return Solve(request, costs.BurnFree(costs.DeviationPenaltyPerKwh, worstLoss), timeLimit);
    }

    internal static ReferenceDispatch Solve(FleetRequest request, DispatchCosts costs, TimeSpan? timeLimit, FleetProgrammeOptions options)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(costs);
        costs.Validate();
        if (timeLimit is { } limit && limit <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(timeLimit), limit, "The time limit must be positive.");
        }

        var watch = Stopwatch.StartNew();
        using var programme = new FleetProgramme(request, costs, options, timeLimit);
        using var parameters = FleetProgramme.Parameters(options);
        var solveStart = watch.Elapsed;
        var status = programme.Solve(parameters);
        var solverSeconds = (watch.Elapsed - solveStart).TotalSeconds;
        if (status != Solver.ResultStatus.OPTIMAL)
        {
            throw new InvalidOperationException(
                $"GLOP ended with status {status} after {solverSeconds:F1} s instead of OPTIMAL"
                + (status == Solver.ResultStatus.INFEASIBLE ? " (the programme has slack for every target and need, so this is a modelling bug)." : "."));
        }

        var lpObjective = programme.ObjectiveValue;
        var schedules = programme.ReadSchedules(out var simultaneous);
        var objective = DispatchObjective.Evaluate(request, schedules, costs);
        return new ReferenceDispatch(
            objective, lpObjective, schedules, watch.Elapsed.TotalSeconds, solverSeconds, status.ToString(),
            programme.Variables, programme.Constraints, programme.Iterations, simultaneous);
    }
}
