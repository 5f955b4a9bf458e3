namespace Consortium.Dispatch.Coordination;

/// <summary>Where a coordinated dispatch stands after one ADMM iteration.</summary>
/// <param name="Iteration">Iterations done.</param>
/// <param name="PrimalResidualKw">‖Σ operators' profiles − the shared aggregate‖, in kW.</param>
/// <param name="DualResidualKw">The change of the profiles between iterations (the dual residual over ρ), in kW.</param>
/// <param name="Rho">The penalty ρ after this iteration (it adapts to balance the residuals).</param>
public readonly record struct DispatchProgress(int Iteration, double PrimalResidualKw, double DualResidualKw, double Rho);
