using Consortium.Dispatch.Fleets;

namespace Consortium.Dispatch.Exact;

/// <summary>The centralized reference dispatch: one linear programme over every vehicle of every operator.</summary>
/// <param name="Objective">J of <see cref="DispatchCosts"/> evaluated by <see cref="DispatchObjective.Evaluate"/> on <see cref="Schedules"/>.</param>
/// <param name="LpObjective">The objective value GLOP reports for its own solution, before setpoints are stored as floats.</param>
/// <param name="Schedules">One schedule per operator, in the order of <see cref="FleetRequest.Fleets"/>; each setpoint is charge − discharge.</param>
/// <param name="Seconds">Wall-clock seconds of the whole call: building the model, solving it, reading the solution and evaluating it.</param>
/// <param name="SolverSeconds">Wall-clock seconds GLOP spent solving.</param>
/// <param name="Status">The solver's result status; always OPTIMAL, since any other status throws.</param>
/// <param name="Variables">Number of LP variables.</param>
/// <param name="Constraints">Number of LP constraints.</param>
/// <param name="Iterations">Simplex iterations.</param>
/// <param name="SimultaneousChargeDischargeSteps">Vehicle-steps at which the solution both charges and discharges (each above 1e-6 kW).</param>
public sealed record ReferenceDispatch(
    DispatchObjectiveValue Objective,
    double LpObjective,
    IReadOnlyList<FleetSchedule> Schedules,
    double Seconds,
    double SolverSeconds,
    string Status,
    int Variables,
    int Constraints,
    long Iterations,
    int SimultaneousChargeDischargeSteps)
{
    /// <summary>Replays the schedules vehicle by vehicle against the hard constraints (see <see cref="DispatchResult.Measure"/>).</summary>
    public DispatchResult Measure(FleetRequest request) => DispatchResult.Measure(request, Schedules, 1, true, Seconds);
}
