namespace Consortium.Dispatch;

/// <summary>What the coordinator learns from a dispatch: each operator's realized aggregate, and how the iterations went.</summary>
public sealed class CoordinatedDispatch
{
    internal CoordinatedDispatch(double[] targetKw, double[][] operatorKw, double[] planKw, int iterations, bool converged, double primalResidualKw, double dualResidualKw, double seconds)
    {
        TargetKw = targetKw;
        PlanKw = planKw;
        OperatorKw = operatorKw;
        Iterations = iterations;
        Converged = converged;
        PrimalResidualKw = primalResidualKw;
        DualResidualKw = dualResidualKw;
        Seconds = seconds;
        AggregateKw = new double[targetKw.Length];
        foreach (var profile in operatorKw)
        {
            for (var t = 0; t < profile.Length; t++)
            {
                AggregateKw[t] += profile[t];
            }
        }
    }

    /// <summary>The target served, kW per step.</summary>
    public double[] TargetKw { get; }

    /// <summary>Each operator's realized aggregate (what its vehicles' setpoints add up to), kW per step, in the order given.</summary>
    public double[][] OperatorKw { get; }

    /// <summary>The consortium's aggregate, kW per step.</summary>
    public double[] AggregateKw { get; }

    /// <summary>ADMM iterations.</summary>
    public int Iterations { get; }

    /// <summary>Whether the residuals met the tolerances within the iteration budget.</summary>
    public bool Converged { get; }

    /// <summary>The last primal residual, kW.</summary>
    public double PrimalResidualKw { get; }

    /// <summary>The last dual residual, kW.</summary>
    public double DualResidualKw { get; }

    /// <summary>The aggregate cleared: the target, or where ADMM settled on less, ADMM's aggregate.</summary>
    public double[] PlanKw { get; }

    /// <summary>Wall-clock seconds of the ADMM stage (the rest of <see cref="Seconds"/> is the clearing).</summary>
    public double AdmmSeconds { get; init; }

    /// <summary>Wall-clock seconds of the exact re-plan sweeps after the clearing.</summary>
    public double RefineSeconds { get; init; }

    /// <summary>What the re-plan sweeps did, or null when no operator's fleet was small enough for them.</summary>
    public Refinement? Refinement { get; init; }

    /// <summary>What the dispatch by prices did, when it was the exact stage (<see cref="Coordination.ExactMethod.Prices"/>); null otherwise.</summary>
    public PriceOutcome? Pricing { get; init; }

    /// <summary>Wall-clock seconds of the step-by-step clearing.</summary>
    public double ClearingSeconds => Seconds - AdmmSeconds - RefineSeconds;

    /// <summary>Wall-clock seconds.</summary>
    public double Seconds { get; }
}
