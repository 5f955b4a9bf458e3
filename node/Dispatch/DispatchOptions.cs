namespace Consortium.Node.Dispatch;

/// <summary>Weights and stopping rules of the dispatch.</summary>
/// <param name="TrackingWeight">Weight w of the tracking penalty (w/2)·Σ(aggregate − target)², per kW² per step.</param>
/// <param name="WearCostPerKwh">Battery wear cost per kWh discharged, in the units of the tracking penalty.</param>
/// <param name="Rho">ADMM penalty ρ.</param>
/// <param name="MaxIterations">Iterations after which ADMM stops even if the residuals are still large.</param>
/// <param name="AbsoluteToleranceKw">Absolute residual tolerance per profile entry, in kW (ε_abs in Boyd et al. §3.3.1).</param>
/// <param name="RelativeTolerance">Relative residual tolerance (ε_rel).</param>
public sealed record DispatchOptions(
    double TrackingWeight = 1,
    double WearCostPerKwh = 0.05,
    double Rho = 1,
    int MaxIterations = 300,
    double AbsoluteToleranceKw = 0.01,
    double RelativeTolerance = 1e-4)
{
    /// <summary>The defaults.</summary>
    public static DispatchOptions Default { get; } = new();

    internal void Validate()
    {
        if (!(TrackingWeight > 0 && double.IsFinite(TrackingWeight)))
        {
            throw new ArgumentException($"The tracking weight must be positive, not {TrackingWeight}.", nameof(TrackingWeight));
        }

        if (!(WearCostPerKwh >= 0 && double.IsFinite(WearCostPerKwh)))
        {
            throw new ArgumentException($"The wear cost must be zero or more, not {WearCostPerKwh}.", nameof(WearCostPerKwh));
        }

        if (!(Rho > 0 && double.IsFinite(Rho)))
        {
            throw new ArgumentException($"ρ must be positive, not {Rho}.", nameof(Rho));
        }

        if (MaxIterations <= 0)
        {
            throw new ArgumentException($"At least one iteration is needed, not {MaxIterations}.", nameof(MaxIterations));
        }

        if (!(AbsoluteToleranceKw >= 0) || !(RelativeTolerance >= 0))
        {
            throw new ArgumentException("Tolerances must be zero or more.", nameof(AbsoluteToleranceKw));
        }
    }
}
