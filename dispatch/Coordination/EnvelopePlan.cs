namespace Consortium.Dispatch.Coordination;

/// <summary>Where the envelope stage (<see cref="EnvelopeStage"/>) left the dispatch.</summary>
/// <param name="PlanKw">The aggregate to clear, kW per step: the target, or where ADMM settled clearly short of it, ADMM's aggregate.</param>
/// <param name="Iterations">ADMM iterations.</param>
/// <param name="Converged">Whether the residuals met the tolerances within the iteration budget.</param>
/// <param name="PrimalResidualKw">The last primal residual, kW.</param>
/// <param name="DualResidualKw">The last dual residual, kW.</param>
/// <param name="ScaledDual">The final scaled dual (price per step over <paramref name="Rho"/>), which the exact stage's ADMM starts from.</param>
/// <param name="Rho">The final ρ.</param>
internal sealed record EnvelopePlan(
    double[] PlanKw, int Iterations, bool Converged, double PrimalResidualKw, double DualResidualKw, double[] ScaledDual, double Rho);
