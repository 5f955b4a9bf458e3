using Google.OrTools.LinearSolver;

namespace Consortium.Dispatch.Exact;

/// <summary>Modelling and solver choices of the programme (<see cref="FleetProgramme"/>), varied only to measure them.</summary>
/// <param name="Form">How battery energy is carried.</param>
/// <param name="Algorithm">GLOP's simplex.</param>
/// <param name="Presolve">Whether GLOP presolves.</param>
/// <param name="GlopParameters">GLOP's own parameters, in its text format; empty for none.</param>
/// <param name="Deviation">The price of the deviation the programme is built with; the exact penalty when null.</param>
/// <param name="DeviationPieces">Pieces of the deviation to make room for, at least (a kept re-plan model's later prices may have more than its first).</param>
internal sealed record FleetProgrammeOptions(
    EnergyForm Form,
    MPSolverParameters.LpAlgorithmValues Algorithm,
    bool Presolve,
    string GlopParameters,
    DeviationPricing? Deviation = null,
    int DeviationPieces = 1)
{
    /// <summary>The choices measured best (see <see cref="FleetProgramme"/>): explicit energy, dual simplex with cost perturbation, presolve.</summary>
    public static FleetProgrammeOptions Default { get; } =
        new(EnergyForm.Explicit, MPSolverParameters.LpAlgorithmValues.DUAL, Presolve: true, GlopParameters: "perturb_costs_in_dual_simplex: true");
}
